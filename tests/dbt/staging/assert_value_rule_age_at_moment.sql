-- Value rule age_at_moment (seed value_rules): nobody alive on a reference moment (31 December of a
-- report year) is older than the rule's max_value in years. Returns such persons, per report year.
{{ config(severity='warn' if 'age_at_moment' in var('value_rules_warn', []) else 'error') }}

with

rule as (
    select cast(max_value as integer) as max_age
    from {{ ref('value_rules') }}
    where rule_code = 'age_at_moment'
),

moments as (
    select make_date(report_year, 12, 31) as moment
    from (select unnest({{ var('report_years') }}) as report_year) as report_years
),

persons as (
    select * from {{ ref('stg_cbs__persons') }}
),

deaths as (
    select * from {{ ref('stg_cbs__deaths') }}
)

select
    persons.person_key,
    persons.birth_date,
    moments.moment,
    date_diff('year', persons.birth_date, moments.moment) as age_in_years
from persons
cross join moments
cross join rule
left join deaths on persons.person_key = deaths.person_key
where
    persons.birth_date < moments.moment - to_years(rule.max_age + 1)
    and (deaths.death_date is null or deaths.death_date > moments.moment)

-- Value rule deaths_shrink (seed value_rules): the deaths of a calendar year (within the report years)
-- are at most the rule's max_value share fewer than the year before, compared when the year before
-- has at least min_value deaths. Returns the years that shrank more.
{{ config(severity='warn' if 'deaths_shrink' in var('value_rules_warn', []) else 'error') }}

with

rule as (
    select
        min_value as min_deaths_before,
        max_value as max_share_fewer
    from {{ ref('value_rules') }}
    where rule_code = 'deaths_shrink'
),

per_year as (
    select
        year(death_date) as death_year,
        count(*) as deaths
    from {{ ref('stg_cbs__deaths') }}
    where year(death_date) between {{ var('report_years') | min }} and {{ var('report_years') | max }}
    group by year(death_date)
),

compared as (
    select
        per_year.death_year,
        per_year.deaths,
        lag(per_year.deaths) over (order by per_year.death_year) as deaths_year_before
    from per_year
)

select
    compared.death_year,
    compared.deaths,
    compared.deaths_year_before
from compared
cross join rule
where
    compared.deaths_year_before >= rule.min_deaths_before
    and compared.deaths < (1 - rule.max_share_fewer) * compared.deaths_year_before

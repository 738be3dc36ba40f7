-- Group ex_detainees (uitstromers detentie): persons released in the report year from a detention of at
-- least var detention_min_days days (adjacent spells, e.g. transfers, merged), alive on 31 December.
{{ config(tags=['group_definition']) }}

with

moments as (

    select
        moment_year as report_year,
        year_start_date,
        moment_date
    from {{ ref('int_reference_moments') }}
    where is_report_year

),

detentions as (

    select
        person_key,
        valid_from,
        valid_to
    from {{ ref('stg_cbs__detentions') }}

),

deaths as (

    select
        person_key,
        death_date
    from {{ ref('stg_cbs__deaths') }}

),

ordered as (

    select
        person_key,
        valid_from,
        valid_to,
        max(valid_to) over (
            partition by person_key
            order by valid_from, valid_to
            rows between unbounded preceding and 1 preceding
        ) as previous_end

    from detentions

),

islands as (

    select
        person_key,
        valid_from,
        valid_to,
        sum(case when previous_end is not null and valid_from <= previous_end + 1 then 0 else 1 end) over (
            partition by person_key
            order by valid_from, valid_to
            rows unbounded preceding
        ) as island_number

    from ordered

),

merged as (

    select
        person_key,
        min(valid_from) as valid_from,
        max(valid_to) as valid_to

    from islands
    group by person_key, island_number

),

releases as (

    select distinct
        moments.report_year,
        moments.moment_date,
        merged.person_key

    from merged
    inner join moments
        on merged.valid_to between moments.year_start_date and moments.moment_date
    -- Spell ends are inclusive: a stay from day a to day b lasts b - a + 1 days.
    where date_diff('day', merged.valid_from, merged.valid_to) + 1 >= {{ var('detention_min_days') }}

),

ex_detainees as (

    select
        releases.person_key,
        releases.report_year,
        'ex_detainees' as group_code,
        'none' as subgroup_code

    from releases
    left join deaths
        on releases.person_key = deaths.person_key
    where deaths.death_date is null or deaths.death_date > releases.moment_date

)

select * from ex_detainees

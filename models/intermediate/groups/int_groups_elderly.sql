-- Group elderly (ouderen): persons registered on 31 December aged at least var elderly_min_age, with
-- the age band of var elderly_age_bands as subgroup.
{{ config(tags=['group_definition']) }}

with

persons as (

    -- registered at an address on 31 December of a report year
    select
        moment_year as report_year,
        person_key,
        age
    from {{ ref('int_persons_located_at_moments') }}
    where moment_year in (
        select reference_moments.moment_year
        from {{ ref('int_reference_moments') }} as reference_moments
        where reference_moments.is_report_year
    )

),

elderly as (

    select
        person_key,
        report_year,
        'elderly' as group_code,
        {{ age_band('age') }} as subgroup_code

    from persons
    where age >= {{ var('elderly_min_age') }}

)

select * from elderly

-- Group elderly (ouderen): persons registered on 31 December aged at least var elderly_min_age, with
-- the age band of var elderly_age_bands as subgroup.
{{ config(tags=['group_definition']) }}

with

persons as (

    select
        report_year,
        person_id,
        age
    from {{ ref('int_persons_situated_at_moments') }}

),

elderly as (

    select
        person_id,
        report_year,
        'elderly' as group_code,
        {{ age_band('age') }} as subgroup_code

    from persons
    where age >= {{ var('elderly_min_age') }}

)

select * from elderly

-- Every person registered at an address on 31 December of a report year, with the situation the
-- monitor reports: 2023 gemeente (address level), woning / niet-woning, household kind and tenure.
with

moments as (

    select moment_year from {{ ref('int_reference_moments') }}
    where is_report_year

),

located as (

    select * from {{ ref('int_persons_located_at_moments') }}

),

objects as (

    select
        moment_year,
        object_id,
        gemeente_code,
        is_woonruimte,
        tenure,
        household_count
    from {{ ref('int_objects_at_moments') }}

),

situated as (

    select
        located.moment_year as report_year,
        located.person_id,
        located.age,
        located.sex_code,
        located.object_id,
        located.object_kind,
        objects.gemeente_code,
        located.household_id,
        located.household_type_code,
        located.place_in_household_code,
        located.household_size,
        objects.household_count as address_household_count,
        objects.tenure,
        case when objects.is_woonruimte then 'woning' else 'niet_woning' end as woonsituatie,
        case
            when located.household_type_code = '8' or located.place_in_household_code = '10' then 'institutioneel'
            when located.household_id is not null then 'particulier'
        end as household_kind,
        case
            when objects.household_count > 1 then 'meer'
            when objects.household_count = 1 then 'een'
        end as address_household_count_class

    from located
    inner join moments
        on located.moment_year = moments.moment_year
    left join objects
        on
            located.object_id = objects.object_id
            and located.moment_year = objects.moment_year

)

select * from situated

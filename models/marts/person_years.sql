-- One row per person per report year: everyone registered at an address in NL on 31 December, plus
-- group members without an address (gemeente_code null), with their situation and group memberships.
with

moments as (

    select moment_year as report_year from {{ ref('int_reference_moments') }}
    where is_report_year

),

located as (

    select * from {{ ref('int_persons_located_at_moments') }}
    where moment_year in (select moments.report_year from moments)

),

objects as (

    select
        moment_year,
        object_key,
        gemeente_code,
        is_woonruimte,
        tenure,
        household_count
    from {{ ref('int_objects_at_moments') }}
    where moment_year in (select moments.report_year from moments)

),

memberships as (

    select * from {{ ref('int_group_memberships') }}

),

persons as (

    select
        person_key,
        birth_date,
        sex_code
    from {{ ref('stg_cbs__persons') }}

),

membership_lists as (

    select
        report_year,
        person_key,
        {{ memberships_list('group_code', 'subgroup_code') }} as memberships,
        -- one row per person, year and group (tested on int_group_memberships)
        count(*) as group_count

    from memberships
    group by report_year, person_key

),

-- the situation on 31 December: 2023 gemeente (address level), woning / niet-woning, household kind
situated as (

    select
        located.moment_year as report_year,
        located.person_key,
        located.age,
        located.sex_code,
        located.object_key,
        located.object_kind,
        objects.gemeente_code,
        (case when objects.is_woonruimte then 'woning' else 'niet_woning' end)::{{ category_enum('woonsituatie') }}
            as woonsituatie,
        located.household_key,
        located.household_type_code,
        located.place_in_household_code,
        located.household_size,
        ({{ size_class('located.household_size') }})::{{ category_enum('household_size') }} as household_size_class,
        (case
            when located.household_type_code = '8' or located.place_in_household_code = '10' then 'institutioneel'
            when located.household_key is not null then 'particulier'
        end)::{{ category_enum('household_kind') }} as household_kind,
        (case
            when objects.household_count > 1 then 'meer'
            when objects.household_count = 1 then 'een'
        end)::{{ category_enum('address_household_count') }} as address_household_count_class,
        objects.tenure

    from located
    left join objects
        on
            located.object_key = objects.object_key
            and located.moment_year = objects.moment_year

),

-- registered persons with their memberships, and members without an address (no located row)
person_years as (

    select
        coalesce(situated.report_year, membership_lists.report_year) as report_year,
        coalesce(situated.person_key, membership_lists.person_key) as person_key,
        coalesce(
            situated.age,
            {{ age_at('persons.birth_date', 'make_date(membership_lists.report_year, 12, 31)') }}
        ) as age,
        coalesce(situated.sex_code, persons.sex_code) as sex_code,
        situated.object_key,
        situated.object_kind,
        situated.gemeente_code,
        coalesce(situated.woonsituatie, 'niet_woning')::{{ category_enum('woonsituatie') }} as woonsituatie,
        situated.household_key,
        situated.household_type_code,
        situated.place_in_household_code,
        situated.household_size,
        situated.household_size_class,
        situated.household_kind,
        situated.address_household_count_class,
        situated.tenure,
        coalesce(membership_lists.memberships, {{ empty_memberships() }}) as memberships,
        coalesce(membership_lists.group_count, 0) as group_count

    from situated
    full outer join membership_lists
        on
            situated.person_key = membership_lists.person_key
            and situated.report_year = membership_lists.report_year
    left join persons
        on
            situated.person_key is null
            and membership_lists.person_key = persons.person_key

)

select * from person_years

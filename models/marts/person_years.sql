-- One row per person per report year: everyone registered at an address in NL on 31 December, plus
-- group members without an address (gemeente_code null), with their situation and group memberships.
with

situated as (

    select * from {{ ref('int_persons_situated_at_moments') }}

),

memberships as (

    select * from {{ ref('int_group_memberships') }}

),

persons as (

    select
        person_id,
        birth_date,
        sex_code
    from {{ ref('stg_cbs__persons') }}

),

membership_lists as (

    select
        report_year,
        person_id,
        {{ memberships_list('group_code', 'subgroup_code') }} as memberships,
        -- one row per person, year and group (tested on int_group_memberships)
        count(*) as group_count,
        -- a member registered on 31 December has the address object there on every group row
        min(object_id) is null as is_without_address

    from memberships
    group by report_year, person_id

),

registered as (

    select
        situated.report_year,
        situated.person_id,
        situated.age,
        situated.sex_code,
        situated.object_id,
        situated.object_kind,
        situated.gemeente_code,
        situated.woonsituatie,
        situated.household_id,
        situated.household_type_code,
        situated.place_in_household_code,
        {{ size_class('situated.household_size') }} as household_size_class,
        situated.household_kind,
        situated.address_household_count_class,
        situated.tenure,
        coalesce(membership_lists.memberships, {{ empty_memberships() }}) as memberships,
        coalesce(membership_lists.group_count, 0) as group_count

    from situated
    left join membership_lists
        on
            situated.person_id = membership_lists.person_id
            and situated.report_year = membership_lists.report_year

),

members_without_address as (

    select
        membership_lists.report_year,
        membership_lists.person_id,
        {{ age_at('persons.birth_date', 'make_date(membership_lists.report_year, 12, 31)') }} as age,
        persons.sex_code,
        null::varchar as object_id,
        null::varchar as object_kind,
        null::varchar as gemeente_code,
        'niet_woning' as woonsituatie,
        null::varchar as household_id,
        null::varchar as household_type_code,
        null::varchar as place_in_household_code,
        null::varchar as household_size_class,
        null::varchar as household_kind,
        null::varchar as address_household_count_class,
        null::varchar as tenure,
        membership_lists.memberships,
        membership_lists.group_count

    from membership_lists
    left join persons
        on membership_lists.person_id = persons.person_id
    where membership_lists.is_without_address

),

person_years as (

    select * from registered
    union all
    select * from members_without_address

)

select * from person_years

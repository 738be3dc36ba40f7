-- One row per woonruimte per report year: dwellings (residential objects) and caravan pitches in stock
-- or inhabited on 31 December, with tenure, rent and price classes, occupancy and residents' groups.
with

dwellings as (

    select * from {{ ref('int_dwellings_classified_by_rent_band') }}

),

memberships as (

    select * from {{ ref('int_group_memberships') }}
    where object_id is not null

),

resident_memberships as (

    select distinct
        report_year,
        object_id,
        group_code,
        subgroup_code

    from memberships

),

resident_membership_lists as (

    select
        report_year,
        object_id,
        {{ memberships_list('group_code', 'subgroup_code') }} as resident_memberships

    from resident_memberships
    group by report_year, object_id

),

dwelling_years as (

    select
        dwellings.report_year,
        dwellings.object_id,
        dwellings.object_kind,
        dwellings.gemeente_code,
        dwellings.tenure,
        dwellings.owner_type_code,
        dwellings.kale_huur,
        dwellings.rent_band_monitor,
        dwellings.rent_band_sector,
        dwellings.woz_value,
        dwellings.koopprijsklasse,
        dwellings.bouwvorm,
        dwellings.floor_area_m2,
        dwellings.floor_area_class,
        dwellings.household_count,
        dwellings.resident_count,
        dwellings.has_private_household,
        dwellings.floor_area_per_person,
        coalesce(resident_membership_lists.resident_memberships, {{ empty_memberships() }}) as resident_memberships

    from dwellings
    left join resident_membership_lists
        on
            dwellings.object_id = resident_membership_lists.object_id
            and dwellings.report_year = resident_membership_lists.report_year

)

select * from dwelling_years

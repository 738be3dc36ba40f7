-- One row per woonruimte per report year: dwellings (residential objects) and caravan pitches in stock
-- or inhabited on 31 December, with tenure, rent and price classes, occupancy and residents' groups.
with

dwellings as (

    select * from {{ ref('int_dwellings_classified_by_rent_band') }}

),

-- the distinct groups and subgroups of the residents of each address object
resident_membership_lists as (

    select
        report_year,
        object_key,
        list_sort(list_distinct(flatten(list(memberships)))) as resident_memberships

    from {{ ref('person_years') }}
    where group_count > 0 and object_key is not null
    group by report_year, object_key

),

dwelling_years as (

    select
        dwellings.report_year,
        dwellings.object_key,
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
            dwellings.object_key = resident_membership_lists.object_key
            and dwellings.report_year = resident_membership_lists.report_year

)

select * from dwelling_years

-- Woonruimten (dwellings and caravan pitches) on 31 December of each report year, classified by rent
-- band (monitor and sector schemes), koopprijsklasse, bouwvorm and floor-area class.
-- A view (a projection of int_objects_at_moments read once, by dwelling_years): about 50M rows at scale
-- 1.0 that need not be written to the warehouse; its keys and codes are tested on the mart.
{{ config(materialized='view') }}

with

objects as (

    select * from {{ ref('int_objects_at_moments') }}

),

moments as (

    select moment_year from {{ ref('int_reference_moments') }}
    where is_report_year

),

limits as (

    select
        year,
        kwaliteitskortingsgrens,
        lage_aftoppingsgrens,
        hoge_aftoppingsgrens,
        liberalisatiegrens,
        nhg_kostengrens

    from {{ ref('limits') }}

),

dwellings as (

    select
        objects.moment_year as report_year,
        objects.object_key,
        objects.object_kind,
        objects.gemeente_code,
        objects.is_in_life_cycle,
        objects.tenure,
        objects.owner_type_code,
        objects.kale_huur,
        (case
            when objects.tenure in ('corporatie', 'private_huur')
                then {{ rent_band('objects.kale_huur', 'limits', 'monitor') }}
        end)::{{ category_enum('rent_band_monitor_corporatie') }} as rent_band_monitor,
        (case
            when objects.tenure in ('corporatie', 'private_huur')
                then {{ rent_band('objects.kale_huur', 'limits', 'sector') }}
        end)::{{ category_enum('rent_band_sector_corporatie') }} as rent_band_sector,
        objects.woz_value,
        (case
            when objects.tenure = 'koop'
                then {{ koopprijsklasse('objects.woz_value', 'limits.nhg_kostengrens') }}
        end)::{{ category_enum('koopprijsklasse') }} as koopprijsklasse,
        objects.bouwvorm,
        objects.floor_area_m2,
        ({{ floor_area_class('objects.floor_area_m2') }})::{{ category_enum('floor_area_class') }} as floor_area_class,
        objects.household_count,
        objects.private_household_count,
        objects.resident_count,
        objects.private_household_count > 0 as has_private_household,
        case
            when objects.resident_count > 0 and objects.floor_area_m2 > 0
                then objects.floor_area_m2 / objects.resident_count
        end as floor_area_per_person

    from objects
    inner join moments
        on objects.moment_year = moments.moment_year
    left join limits
        on objects.moment_year = limits.year
    where objects.is_woonruimte

)

select * from dwellings

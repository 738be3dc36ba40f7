-- Rented woonruimten (corporatie, private huur) per report year: residents on 1 January (31 December of
-- the year before) against residents on 31 December, to find lettings; plus the stock on 1 January.
-- A view (read once, by letting_years): about 50M rows at scale 1.0
-- that need not be written to the warehouse; its keys and codes are tested on the mart.
{{ config(materialized='view') }}

with

moments as (

    select moment_year as report_year from {{ ref('int_reference_moments') }}
    where is_report_year

),

objects as (

    select
        moment_year,
        object_key,
        gemeente_code,
        tenure,
        is_in_life_cycle,
        resident_count,
        household_count,
        private_household_count

    from {{ ref('int_objects_at_moments') }}
    where is_woonruimte and tenure in ('corporatie', 'private_huur')

),

residents_compared as (

    select * from {{ ref('int_dwelling_residents_compared_with_1_jan') }}

),

end_of_year as (

    select
        objects.moment_year as report_year,
        objects.object_key,
        objects.tenure::{{ category_enum('sector') }} as sector,
        objects.gemeente_code,
        objects.resident_count,
        objects.household_count,
        objects.private_household_count

    from objects
    inner join moments
        on objects.moment_year = moments.report_year

),

start_of_year as (

    select
        objects.object_key,
        objects.tenure::{{ category_enum('sector') }} as sector,
        objects.gemeente_code,
        objects.is_in_life_cycle,
        objects.moment_year + 1 as report_year

    from objects
    inner join moments
        on objects.moment_year + 1 = moments.report_year

),

resident_changes as (

    select
        report_year,
        object_key,
        sector,
        count(*) filter (where not is_new_resident) as staying_resident_count,
        count(*) filter (where is_new_resident) as new_resident_count

    from residents_compared
    group by report_year, object_key, sector

),

compared as (

    select
        coalesce(end_of_year.report_year, start_of_year.report_year) as report_year,
        coalesce(end_of_year.object_key, start_of_year.object_key) as object_key,
        coalesce(end_of_year.sector, start_of_year.sector) as sector,
        coalesce(end_of_year.gemeente_code, start_of_year.gemeente_code) as gemeente_code,
        -- A letting: on 31 December exactly one household lives there and it is private (several
        -- households stand for a non-self-contained unit), and none of the residents of 1 January stayed.
        -- A dwelling empty on 1 January (e.g. new construction) and occupied on 31 December is let too.
        coalesce(
            end_of_year.household_count = 1
            and end_of_year.private_household_count = 1
            and coalesce(resident_changes.staying_resident_count, 0) = 0,
            false
        ) as is_letting,
        coalesce(start_of_year.is_in_life_cycle, false) as in_stock_on_1_jan,
        end_of_year.object_key is not null as is_rented_on_31_dec,
        coalesce(end_of_year.resident_count, 0) as resident_count,
        coalesce(resident_changes.new_resident_count, 0) as new_resident_count

    from end_of_year
    full outer join start_of_year
        on
            end_of_year.object_key = start_of_year.object_key
            and end_of_year.report_year = start_of_year.report_year
            and end_of_year.sector = start_of_year.sector
    left join resident_changes
        on
            end_of_year.object_key = resident_changes.object_key
            and end_of_year.report_year = resident_changes.report_year
            and end_of_year.sector = resident_changes.sector

)

select * from compared

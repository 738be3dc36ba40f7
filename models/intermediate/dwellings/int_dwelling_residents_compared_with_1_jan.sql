-- The residents on 31 December of every rented woonruimte (corporatie, private huur) of a report year,
-- each flagged as new when the person did not live there on 1 January (31 December of the year before).
with

moments as (

    select moment_year as report_year from {{ ref('int_reference_moments') }}
    where is_report_year

),

rented_dwellings as (

    select
        moment_year,
        object_key,
        tenure
    from {{ ref('int_objects_at_moments') }}
    where is_woonruimte and tenure in ('corporatie', 'private_huur')

),

residents as (

    select
        moment_year,
        object_key,
        person_key
    from {{ ref('int_persons_located_at_moments') }}

),

residents_compared as (

    select
        rented_dwellings.moment_year as report_year,
        rented_dwellings.object_key,
        rented_dwellings.tenure::{{ category_enum('sector') }} as sector,
        end_residents.person_key,
        start_residents.person_key is null as is_new_resident

    from rented_dwellings
    inner join moments
        on rented_dwellings.moment_year = moments.report_year
    inner join residents as end_residents
        on
            rented_dwellings.object_key = end_residents.object_key
            and rented_dwellings.moment_year = end_residents.moment_year
    left join residents as start_residents
        on
            end_residents.object_key = start_residents.object_key
            and end_residents.person_key = start_residents.person_key
            and end_residents.moment_year - 1 = start_residents.moment_year

)

select * from residents_compared

-- Group care_leavers (uitstroom intramurale zorg): a residential-care stay of at least var care_min_days
-- days ended in the year and the person lives at a woning on 31 December; subgroup = latest care type.
{{ config(tags=['group_definition']) }}

with

moments as (

    select
        moment_year as report_year,
        year_start_date,
        moment_date
    from {{ ref('int_reference_moments') }}
    where is_report_year

),

care_stays as (

    select
        person_key,
        care_type_code,
        valid_from,
        valid_to
    from {{ ref('stg_cbs__care_stays') }}

),

persons as (

    -- registered at an address on 31 December of a report year, with whether it is a woning
    select
        persons_located.moment_year as report_year,
        persons_located.person_key,
        located_objects.is_woonruimte
    from {{ ref('int_persons_located_at_moments') }} as persons_located
    inner join {{ ref('int_objects_at_moments') }} as located_objects
        on
            persons_located.object_key = located_objects.object_key
            and persons_located.moment_year = located_objects.moment_year
    where persons_located.moment_year in (
        select reference_moments.moment_year
        from {{ ref('int_reference_moments') }} as reference_moments
        where reference_moments.is_report_year
    )

),

ended_stays as (

    select
        moments.report_year,
        care_stays.person_key,
        care_stays.care_type_code,
        care_stays.valid_to

    from care_stays
    inner join moments
        on care_stays.valid_to between moments.year_start_date and moments.moment_date
    -- Spell ends are inclusive: a stay from day a to day b lasts b - a + 1 days.
    where date_diff('day', care_stays.valid_from, care_stays.valid_to) + 1 >= {{ var('care_min_days') }}

),

latest_ended_stays as (

    select
        report_year,
        person_key,
        care_type_code

    from ended_stays
    qualify row_number() over (
        partition by report_year, person_key
        order by valid_to desc, care_type_code asc
    ) = 1

),

care_leavers as (

    select
        persons.person_key,
        persons.report_year,
        'care_leavers' as group_code,
        lower(latest_ended_stays.care_type_code) as subgroup_code

    from latest_ended_stays
    inner join persons
        on
            latest_ended_stays.person_key = persons.person_key
            and latest_ended_stays.report_year = persons.report_year
    where persons.is_woonruimte

)

select * from care_leavers

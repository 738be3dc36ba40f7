-- Group students: persons registered on 31 December with a main enrolment at a level of var
-- student_education_levels on 1 October (the start of the study year); inwonend = thuiswonend kind.
{{ config(tags=['group_definition']) }}
{%- set student_levels = "'" ~ var('student_education_levels') | join("', '") ~ "'" %}

with

enrolments as (

    select
        study_year,
        person_key,
        education_level,
        is_main_enrolment,
        valid_from,
        valid_to
    from {{ ref('stg_cbs__enrolments') }}

),

persons as (

    -- registered at an address on 31 December of a report year
    select
        moment_year as report_year,
        person_key,
        place_in_household_code
    from {{ ref('int_persons_located_at_moments') }}
    where moment_year in (
        select reference_moments.moment_year
        from {{ ref('int_reference_moments') }} as reference_moments
        where reference_moments.is_report_year
    )

),

main_enrolments as (

    select distinct
        study_year as report_year,
        person_key

    from enrolments
    where
        is_main_enrolment
        and education_level in ({{ student_levels }})
        -- The enrolment holds on 1 October of the study year (the count date of education statistics).
        and valid_from <= make_date(study_year, 10, 1)
        and valid_to >= make_date(study_year, 10, 1)

),

students as (

    select
        persons.person_key,
        persons.report_year,
        'students' as group_code,
        case when persons.place_in_household_code = '1' then 'inwonend' else 'uitwonend' end as subgroup_code

    from main_enrolments
    inner join persons
        on
            main_enrolments.person_key = persons.person_key
            and main_enrolments.report_year = persons.report_year

)

select * from students

with

source as (

    select * from {{ source('cbs', 'ONDERWIJSINSCHRTAB') }}

),

renamed as (

    select
        {{ file_year() }} as study_year,
        {{ cbs_key('person', 'rinpersoon', 'rinpersoons') }} as person_key,
        oplnr as programme_id,
        try_cast(typeonderwijs as {{ code_enum('code_education_levels') }}) as education_level,
        hoofdinschr = '1' as is_main_enrolment,
        {{ cbs_date('aanvinschr') }} as valid_from,
        {{ cbs_date('eindinschr') }} as valid_to

    from source

)

select * from renamed

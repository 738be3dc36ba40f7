with

source as (

    select * from {{ source('cbs', 'ONDERWIJSINSCHRTAB') }}

),

renamed as (

    select
        {{ file_year() }} as study_year,
        rinpersoons || rinpersoon as person_id,
        oplnr as programme_id,
        typeonderwijs as education_level,
        hoofdinschr = '1' as is_main_enrolment,
        {{ cbs_date('aanvinschr') }} as valid_from,
        {{ cbs_date('eindinschr') }} as valid_to

    from source

)

select * from renamed

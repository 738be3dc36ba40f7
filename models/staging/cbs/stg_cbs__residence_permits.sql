with

source as (

    select * from {{ source('cbs', 'VERBLIJFSVERGUNNINGTAB') }}

),

renamed as (

    select
        {{ cbs_key('person', 'rinpersoon', 'rinpersoons') }} as person_key,
        {{ cbs_date('datumvergunning') }} as permit_date,
        verblijfsgrond as permit_ground

    from source

)

select * from renamed

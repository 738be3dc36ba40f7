with

source as (

    select * from {{ source('cbs', 'VERBLIJFSVERGUNNINGTAB') }}

),

renamed as (

    select
        rinpersoons || rinpersoon as person_id,
        {{ cbs_date('datumvergunning') }} as permit_date,
        verblijfsgrond as permit_ground

    from source

)

select * from renamed

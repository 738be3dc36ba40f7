with

source as (

    select * from {{ source('cbs', 'GBAADRESOBJECTBUS') }}

),

renamed as (

    select
        rinpersoons || rinpersoon as person_id,
        soortobjectnummer || rinobjectnummer as object_id,
        soortobjectnummer as object_kind,
        {{ cbs_date('gbadatumaanvangadreshouding') }} as valid_from,
        {{ cbs_date('gbadatumeindeadreshouding') }} as valid_to

    from source

)

select * from renamed

with

source as (

    select * from {{ source('cbs', 'GBAADRESOBJECTBUS') }}

),

renamed as (

    select
        {{ cbs_key('person', 'rinpersoon', 'rinpersoons') }} as person_key,
        {{ cbs_key('object', 'rinobjectnummer', 'soortobjectnummer') }} as object_key,
        try_cast(soortobjectnummer as {{ code_enum('code_object_kinds') }}) as object_kind,
        {{ cbs_date('gbadatumaanvangadreshouding') }} as valid_from,
        {{ cbs_date('gbadatumeindeadreshouding') }} as valid_to

    from source

)

select * from renamed

with

source as (

    select * from {{ source('cbs', 'LEVCYCLWOONNIETWOONBUS') }}

),

renamed as (

    select
        {{ cbs_key('object', 'rinobjectnummer', 'soortobjectnummer') }} as object_key,
        try_cast(soortobjectnummer as {{ code_enum('code_object_kinds') }}) as object_kind,
        {{ cbs_date('aanvlevcyclwoonnietwoon') }} as valid_from,
        {{ cbs_date('eindlevcyclwoonnietwoon') }} as valid_to,
        vbooppervlakte as floor_area_m2

    from source

)

select * from renamed

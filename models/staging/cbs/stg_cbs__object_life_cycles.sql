with

source as (

    select * from {{ source('cbs', 'LEVCYCLWOONNIETWOONBUS') }}

),

renamed as (

    select
        soortobjectnummer || rinobjectnummer as object_id,
        soortobjectnummer as object_kind,
        {{ cbs_date('aanvlevcyclwoonnietwoon') }} as valid_from,
        {{ cbs_date('eindlevcyclwoonnietwoon') }} as valid_to,
        vbooppervlakte as floor_area_m2

    from source

)

select * from renamed

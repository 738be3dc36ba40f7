with

source as (

    select * from {{ source('cbs', 'VBOWONINGTYPETAB') }}

),

renamed as (

    select
        vbowoningtype as dwelling_type_code,
        soortobjectnummer || rinobjectnummer as object_id

    from source

)

select * from renamed

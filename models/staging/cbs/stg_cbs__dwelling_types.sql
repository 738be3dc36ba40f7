with

source as (

    select * from {{ source('cbs', 'VBOWONINGTYPETAB') }}

),

renamed as (

    select
        try_cast(vbowoningtype as {{ code_enum('code_vbowoningtype') }}) as dwelling_type_code,
        {{ cbs_key('object', 'rinobjectnummer', 'soortobjectnummer') }} as object_key

    from source

)

select * from renamed

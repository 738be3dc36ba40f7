with

source as (

    select * from {{ source('cbs', 'EIGENDOMTAB') }}

),

renamed as (

    select
        {{ cbs_key('object', 'rinobjectnummer', 'soortobjectnummer') }} as object_key,
        make_date({{ file_year() }}, 1, 1) as snapshot_date,
        try_cast(typeeigendom as {{ code_enum('code_typeeigendom') }}) as tenure_code,
        try_cast(typeigenaar as {{ code_enum('code_typeigenaar') }}) as owner_type_code

    from source

)

select * from renamed

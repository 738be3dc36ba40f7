with

source as (

    select * from {{ source('cbs', 'BAGWOZTAB') }}

),

renamed as (

    select
        {{ cbs_key('object', 'rinobjectnummer', 'soortobjectnummer') }} as object_key,
        make_date({{ file_year() }}, 1, 1) as snapshot_date,
        try_cast(gebruikscodewoz as {{ code_enum('code_gebruikscodewoz') }}) as woz_use_code,
        wozwaarde as woz_value

    from source

)

select * from renamed

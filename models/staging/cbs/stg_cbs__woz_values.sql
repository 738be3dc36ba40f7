with

source as (

    select * from {{ source('cbs', 'BAGWOZTAB') }}

),

renamed as (

    select
        soortobjectnummer || rinobjectnummer as object_id,
        make_date({{ file_year() }}, 1, 1) as snapshot_date,
        gebruikscodewoz as woz_use_code,
        wozwaarde as woz_value

    from source

)

select * from renamed

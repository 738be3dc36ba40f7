with

source as (

    select * from {{ source('cbs', 'EIGENDOMTAB') }}

),

renamed as (

    select
        soortobjectnummer || rinobjectnummer as object_id,
        make_date({{ file_year() }}, 1, 1) as snapshot_date,
        typeeigendom as tenure_code,
        typeigenaar as owner_type_code

    from source

)

select * from renamed

with

source as (

    select * from {{ source('cbs', 'HUURTAB') }}

),

renamed as (

    select
        soortobjectnummer || rinobjectnummer as object_id,
        make_date({{ file_year() }}, 1, 1) as snapshot_date,
        kalehuur as kale_huur

    from source

)

select * from renamed

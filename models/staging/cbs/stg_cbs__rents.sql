with

source as (

    select * from {{ source('cbs', 'HUURTAB') }}

),

renamed as (

    select
        {{ cbs_key('object', 'rinobjectnummer', 'soortobjectnummer') }} as object_key,
        make_date({{ file_year() }}, 1, 1) as snapshot_date,
        kalehuur as kale_huur

    from source

)

select * from renamed

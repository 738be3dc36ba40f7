with

source as (

    select * from {{ source('inputs', 'PLANCAPACITEITTAB') }}

),

renamed as (

    select
        jaar as plan_year,
        segment as segment_code,
        planstatus as plan_status_code,
        aantal as planned_dwellings,
        'GM' || gemeentecode as gemeente_code

    from source

)

select * from renamed

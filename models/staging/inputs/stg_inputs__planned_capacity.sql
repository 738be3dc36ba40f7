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
        'GM' || gemeentecode as reported_gemeente_code

    from source

),

recoded as (

    {{ recode_to_boundary_year(
        'renamed', 'reported_gemeente_code', 'plan_year', 'planned_dwellings',
        ['plan_year', 'segment_code', 'plan_status_code']
    ) }}

)

select * from recoded

with

source as (

    select * from {{ source('inputs', 'TAAKSTELLINGTAB') }}

),

renamed as (

    select
        jaar as task_year,
        halfjaar as half_year,
        taakstelling as task_count,
        'GM' || gemeentecode as gemeente_code

    from source

)

select * from renamed

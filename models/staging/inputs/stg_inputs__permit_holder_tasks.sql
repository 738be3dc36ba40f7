with

source as (

    select * from {{ source('inputs', 'TAAKSTELLINGTAB') }}

),

renamed as (

    select
        jaar as task_year,
        halfjaar as half_year,
        taakstelling as task_count,
        'GM' || gemeentecode as reported_gemeente_code

    from source

),

recoded as (

    {{ recode_to_boundary_year(
        'renamed', 'reported_gemeente_code', 'task_year', 'task_count', ['task_year', 'half_year']
    ) }}

)

select * from recoded

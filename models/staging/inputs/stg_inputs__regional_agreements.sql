with

source as (

    select * from {{ source('inputs', 'AFSPRAKENTAB') }}

),

renamed as (

    select
        jaar as agreement_year,
        groep as group_code,
        aantal as agreed_count,
        'GM' || gemeentecode as reported_gemeente_code

    from source

),

recoded as (

    {{ recode_to_boundary_year(
        'renamed', 'reported_gemeente_code', 'agreement_year', 'agreed_count', ['agreement_year', 'group_code']
    ) }}

)

select * from recoded

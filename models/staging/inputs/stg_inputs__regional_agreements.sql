with

source as (

    select * from {{ source('inputs', 'AFSPRAKENTAB') }}

),

renamed as (

    select
        jaar as agreement_year,
        groep as group_code,
        aantal as agreed_count,
        'GM' || gemeentecode as gemeente_code

    from source

)

select * from renamed

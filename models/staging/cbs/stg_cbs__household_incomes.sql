with

source as (

    select * from {{ source('cbs', 'INHATAB') }}

),

renamed as (

    select
        {{ file_year() }} as income_year,
        rinpersoonshkw || rinpersoonhkw as income_household_id,
        inhbestinkh as disposable_income,
        inhbelih as taxable_income,
        inhp100hbest as disposable_income_percentile,
        inhehalgr as housing_benefit_code,
        inhahl as income_household_size

    from source

)

select * from renamed

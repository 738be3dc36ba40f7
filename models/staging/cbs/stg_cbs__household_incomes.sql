with

source as (

    select * from {{ source('cbs', 'INHATAB') }}

),

renamed as (

    select
        {{ file_year() }} as income_year,
        {{ cbs_key('person', 'rinpersoonhkw', 'rinpersoonshkw') }} as income_household_key,
        inhbestinkh as disposable_income,
        inhbelih as taxable_income,
        inhp100hbest as disposable_income_percentile,
        try_cast(inhehalgr as {{ code_enum('code_inhehalgr') }}) as housing_benefit_code,
        inhahl as income_household_size

    from source

)

select * from renamed

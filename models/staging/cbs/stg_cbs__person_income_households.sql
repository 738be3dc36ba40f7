with

source as (

    select * from {{ source('cbs', 'KOPPELPERSOONHUISHOUDEN') }}

),

renamed as (

    select
        {{ file_year() }} as income_year,
        {{ cbs_key('person', 'rinpersoon', 'rinpersoons') }} as person_key,
        {{ cbs_key('person', 'rinpersoonhkw', 'rinpersoonshkw') }} as income_household_key

    from source

)

select * from renamed

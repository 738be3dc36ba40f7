with

source as (

    select * from {{ source('cbs', 'KOPPELPERSOONHUISHOUDEN') }}

),

renamed as (

    select
        {{ file_year() }} as income_year,
        rinpersoons || rinpersoon as person_id,
        rinpersoonshkw || rinpersoonhkw as income_household_id

    from source

)

select * from renamed

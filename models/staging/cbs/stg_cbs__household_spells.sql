with

source as (

    select * from {{ source('cbs', 'GBAHUISHOUDENSBUS') }}

),

renamed as (

    select
        {{ cbs_key('person', 'rinpersoon', 'rinpersoons') }} as person_key,
        {{ cbs_key('household', 'huishoudnr') }} as household_key,
        {{ cbs_date('datumaanvanghh') }} as valid_from,
        {{ cbs_date('datumeindehh') }} as valid_to,
        try_cast(typhh as {{ code_enum('code_typhh') }}) as household_type_code,
        try_cast(plhh as {{ code_enum('code_plhh') }}) as place_in_household_code,
        aantalpershh as household_size

    from source

)

select * from renamed

with

source as (

    select * from {{ source('cbs', 'GBAHUISHOUDENSBUS') }}

),

renamed as (

    select
        rinpersoons || rinpersoon as person_id,
        huishoudnr as household_id,
        {{ cbs_date('datumaanvanghh') }} as valid_from,
        {{ cbs_date('datumeindehh') }} as valid_to,
        typhh as household_type_code,
        plhh as place_in_household_code,
        aantalpershh as household_size

    from source

)

select * from renamed

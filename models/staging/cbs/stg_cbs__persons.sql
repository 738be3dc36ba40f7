with

source as (

    select * from {{ source('cbs', 'GBAPERSOONTAB') }}

),

renamed as (

    select
        gbageslacht as sex_code,
        gbaherkomstgroepering as origin_code,
        gbageneratie as generation_code,
        {{ cbs_key('person', 'rinpersoon', 'rinpersoons') }} as person_key,
        try_strptime(gbageboortejaar || gbageboortemaand || gbageboortedag, '%Y%m%d')::date as birth_date

    from source

)

select * from renamed

with

source as (

    select * from {{ source('cbs', 'ZORGVERBLIJFTAB') }}

),

renamed as (

    select
        {{ cbs_key('person', 'rinpersoon', 'rinpersoons') }} as person_key,
        zorgvorm as care_type_code,
        {{ cbs_date('datumaanvangzorg') }} as valid_from,
        {{ cbs_date('datumeindezorg') }} as valid_to

    from source

)

select * from renamed

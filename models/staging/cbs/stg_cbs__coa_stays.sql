with

source as (

    select * from {{ source('cbs', 'COAVERBLIJFTAB') }}

),

renamed as (

    select
        {{ cbs_key('person', 'rinpersoon', 'rinpersoons') }} as person_key,
        {{ cbs_key('object', 'rinobjectnummer', 'soortobjectnummer') }} as object_key,
        {{ cbs_date('datumaanvangcoa') }} as valid_from,
        {{ cbs_date('datumeindecoa') }} as valid_to

    from source

)

select * from renamed

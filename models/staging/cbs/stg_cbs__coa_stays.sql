with

source as (

    select * from {{ source('cbs', 'COAVERBLIJFTAB') }}

),

renamed as (

    select
        rinpersoons || rinpersoon as person_id,
        soortobjectnummer || rinobjectnummer as object_id,
        {{ cbs_date('datumaanvangcoa') }} as valid_from,
        {{ cbs_date('datumeindecoa') }} as valid_to

    from source

)

select * from renamed

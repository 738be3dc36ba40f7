with

source as (

    select * from {{ source('cbs', 'GBAOVERLIJDENTAB') }}

),

renamed as (

    select
        {{ cbs_key('person', 'rinpersoon', 'rinpersoons') }} as person_key,
        {{ cbs_date('gbadatumoverlijden') }} as death_date

    from source

)

select * from renamed

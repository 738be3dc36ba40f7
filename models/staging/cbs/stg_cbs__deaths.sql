with

source as (

    select * from {{ source('cbs', 'GBAOVERLIJDENTAB') }}

),

renamed as (

    select
        rinpersoons || rinpersoon as person_id,
        {{ cbs_date('gbadatumoverlijden') }} as death_date

    from source

)

select * from renamed

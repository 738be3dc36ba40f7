with

source as (

    select * from {{ source('cbs', 'GEDETINEERDENTAB') }}

),

renamed as (

    select
        rinpersoons || rinpersoon as person_id,
        {{ cbs_date('datumaanvangdetentie') }} as valid_from,
        {{ cbs_date('datumeindedetentie') }} as valid_to

    from source

)

select * from renamed

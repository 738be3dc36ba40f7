with

source as (

    select * from {{ source('cbs', 'GEDETINEERDENTAB') }}

),

renamed as (

    select
        {{ cbs_key('person', 'rinpersoon', 'rinpersoons') }} as person_key,
        {{ cbs_date('datumaanvangdetentie') }} as valid_from,
        {{ cbs_date('datumeindedetentie') }} as valid_to

    from source

)

select * from renamed

with

source as (

    select * from {{ source('cbs', 'NATIONALITEITTAB') }}

),

renamed as (

    select
        rinpersoons || rinpersoon as person_id,
        nationaliteit as nationality_code,
        {{ cbs_date('datumvestiging') }} as settlement_date

    from source

)

select * from renamed

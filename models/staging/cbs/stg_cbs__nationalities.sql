with

source as (

    select * from {{ source('cbs', 'NATIONALITEITTAB') }}

),

renamed as (

    select
        {{ cbs_key('person', 'rinpersoon', 'rinpersoons') }} as person_key,
        nationaliteit as nationality_code,
        {{ cbs_date('datumvestiging') }} as settlement_date

    from source

)

select * from renamed

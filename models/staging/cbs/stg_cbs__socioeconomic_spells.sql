with

source as (

    select * from {{ source('cbs', 'SECMBUS') }}

),

renamed as (

    select
        rinpersoons || rinpersoon as person_id,
        {{ cbs_date('aanvsecm') }} as valid_from,
        {{ cbs_date('eindsecm') }} as valid_to,
        secm as secm_code

    from source

)

select * from renamed

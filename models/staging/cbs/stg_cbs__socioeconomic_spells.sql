with

source as (

    select * from {{ source('cbs', 'SECMBUS') }}

),

renamed as (

    select
        {{ cbs_key('person', 'rinpersoon', 'rinpersoons') }} as person_key,
        {{ cbs_date('aanvsecm') }} as valid_from,
        {{ cbs_date('eindsecm') }} as valid_to,
        try_cast(secm as {{ code_enum('code_secm') }}) as secm_code

    from source

)

select * from renamed

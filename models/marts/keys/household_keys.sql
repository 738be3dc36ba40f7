-- The CBS household number of every household key (GBAHUISHOUDENSBUS): select a household of the marts
-- by HUISHOUDNR, or show the number beside a key.
{{ config(materialized='view') }}

with

households as (

    select household_key from {{ ref('stg_cbs__household_spells') }}

),

identified as (

    select distinct
        household_key,
        {{ cbs_id_of_key('household', 'household_key', 'number') }} as huishoudnr,
        {{ cbs_id_of_key('household', 'household_key', 'number') }} as household_id

    from households

)

select * from identified

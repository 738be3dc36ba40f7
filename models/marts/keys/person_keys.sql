-- The CBS identifier of every person key (GBAPERSOONTAB, every person ever registered): select a
-- person of the marts by RINPERSOONS and RINPERSOON, or show the identifier beside a key.
{{ config(materialized='view') }}

with

persons as (

    select person_key from {{ ref('stg_cbs__persons') }}

),

identified as (

    select distinct
        person_key,
        {{ cbs_id_of_key('person', 'person_key', 'kind') }} as rinpersoons,
        {{ cbs_id_of_key('person', 'person_key', 'number') }} as rinpersoon,
        {{ cbs_id_of_key('person', 'person_key', 'id') }} as person_id

    from persons

)

select * from identified

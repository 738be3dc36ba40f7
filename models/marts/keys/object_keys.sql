-- The CBS identifier of every address-object key (VSLGWBTAB, every object with a gemeente): select an
-- object of the marts by SOORTOBJECTNUMMER and RINOBJECTNUMMER, or show the identifier beside a key.
{{ config(materialized='view') }}

with

objects as (

    select object_key from {{ ref('stg_cbs__object_gemeenten') }}

),

identified as (

    select distinct
        object_key,
        {{ cbs_id_of_key('object', 'object_key', 'kind') }} as soortobjectnummer,
        {{ cbs_id_of_key('object', 'object_key', 'number') }} as rinobjectnummer,
        {{ cbs_id_of_key('object', 'object_key', 'id') }} as object_id

    from objects

)

select * from identified

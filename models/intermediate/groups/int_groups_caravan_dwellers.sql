-- Group caravan_dwellers (woonwagenbewoners): persons registered on 31 December at a standplaats
-- (address object kind 'STA').
{{ config(tags=['group_definition']) }}

with

persons as (

    select
        report_year,
        person_id,
        object_kind
    from {{ ref('int_persons_situated_at_moments') }}

),

caravan_dwellers as (

    select
        person_id,
        report_year,
        'caravan_dwellers' as group_code,
        'none' as subgroup_code

    from persons
    where object_kind = 'STA'

)

select * from caravan_dwellers

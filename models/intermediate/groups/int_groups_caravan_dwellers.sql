-- Group caravan_dwellers (woonwagenbewoners): persons registered on 31 December at a standplaats
-- (address object kind 'STA').
{{ config(tags=['group_definition']) }}

with

persons as (

    -- registered at an address on 31 December of a report year
    select
        moment_year as report_year,
        person_key,
        object_kind
    from {{ ref('int_persons_located_at_moments') }}
    where moment_year in (
        select reference_moments.moment_year
        from {{ ref('int_reference_moments') }} as reference_moments
        where reference_moments.is_report_year
    )

),

caravan_dwellers as (

    select
        person_key,
        report_year,
        'caravan_dwellers' as group_code,
        'none' as subgroup_code

    from persons
    where object_kind = 'STA'

)

select * from caravan_dwellers

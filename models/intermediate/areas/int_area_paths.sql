-- The area hierarchy in one place: one row per gemeente (2023 boundaries) and every area at or above
-- it - the gemeente itself, its provincie, each woondealregio it belongs to (regions may overlap) and
-- Nederland. The cube roll-up, the disclosure relations and the witness search all read this model.
with

gemeenten as (
    select * from {{ ref('gemeenten') }}
),

woondealregio_gemeenten as (
    select * from {{ ref('woondealregio_gemeenten') }}
),

paths as (
    select
        gemeenten.gemeente_code,
        'gemeente' as geo_level,
        gemeenten.gemeente_code as area_code
    from gemeenten

    union all

    select
        gemeenten.gemeente_code,
        'provincie' as geo_level,
        gemeenten.provincie_code as area_code
    from gemeenten

    union all

    select distinct
        woondealregio_gemeenten.gemeente_code,
        'woondealregio' as geo_level,
        woondealregio_gemeenten.woondealregio_code as area_code
    from woondealregio_gemeenten

    union all

    select
        gemeenten.gemeente_code,
        'nederland' as geo_level,
        '{{ var("nederland_area_code") }}' as area_code
    from gemeenten
)

select
    cast(paths.gemeente_code as varchar) as gemeente_code,
    cast(paths.geo_level as varchar) as geo_level,
    cast(paths.area_code as varchar) as area_code
from paths
order by paths.gemeente_code, paths.geo_level, paths.area_code

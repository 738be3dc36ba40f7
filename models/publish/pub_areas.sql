-- The published areas: one row per geo_level and area_code (gemeenten in 2023 boundaries,
-- woondealregio's, provincies, Nederland) with name, parents and whether the area is indicative.
with

gemeenten as (
    select * from {{ ref('gemeenten') }}
),

provincies as (
    select * from {{ ref('provincies') }}
),

woondealregios as (
    select * from {{ ref('woondealregios') }}
),

woondealregio_gemeenten as (
    select * from {{ ref('woondealregio_gemeenten') }}
),

regions_per_gemeente as (
    select
        woondealregio_gemeenten.gemeente_code,
        string_agg(
            woondealregio_gemeenten.woondealregio_code, ';'
            order by woondealregio_gemeenten.woondealregio_code
        ) as woondealregio_codes
    from woondealregio_gemeenten
    group by woondealregio_gemeenten.gemeente_code
),

areas as (
    select
        'gemeente' as geo_level,
        gemeenten.gemeente_code as area_code,
        gemeenten.gemeente_name as area_name,
        gemeenten.provincie_code,
        regions_per_gemeente.woondealregio_codes,
        false as is_indicative
    from gemeenten
    left join regions_per_gemeente on gemeenten.gemeente_code = regions_per_gemeente.gemeente_code
    union all
    select
        'woondealregio' as geo_level,
        woondealregios.woondealregio_code as area_code,
        woondealregios.woondealregio_name as area_name,
        null as provincie_code,
        null as woondealregio_codes,
        not woondealregios.is_sourced as is_indicative
    from woondealregios
    union all
    select
        'provincie' as geo_level,
        provincies.provincie_code as area_code,
        provincies.provincie_name as area_name,
        provincies.provincie_code,
        null as woondealregio_codes,
        false as is_indicative
    from provincies
    union all
    select
        'nederland' as geo_level,
        '{{ var("nederland_area_code") }}' as area_code,
        'Nederland' as area_name,
        null as provincie_code,
        null as woondealregio_codes,
        false as is_indicative
)

select
    areas.geo_level,
    areas.area_code,
    areas.area_name,
    cast(areas.provincie_code as varchar) as provincie_code,
    cast(areas.woondealregio_codes as varchar) as woondealregio_codes,
    cast(areas.is_indicative as boolean) as is_indicative
from areas
order by areas.geo_level, areas.area_code

-- The area hierarchy: one row per gemeente and every area at or above it - the gemeente itself, its
-- provincie, each woondealregio it belongs to (regions may overlap; a duplicate membership counts
-- once) and Nederland. Model int_area_paths is this over the seeds; tests call it on fixtures.
{% macro area_paths(gemeenten, woondealregio_gemeenten) -%}
    select
        gemeenten.gemeente_code,
        'gemeente' as geo_level,
        gemeenten.gemeente_code as area_code
    from {{ gemeenten }} as gemeenten

    union all

    select
        gemeenten.gemeente_code,
        'provincie' as geo_level,
        gemeenten.provincie_code as area_code
    from {{ gemeenten }} as gemeenten

    union all

    select distinct
        region_members.gemeente_code,
        'woondealregio' as geo_level,
        region_members.woondealregio_code as area_code
    from {{ woondealregio_gemeenten }} as region_members

    union all

    select
        gemeenten.gemeente_code,
        'nederland' as geo_level,
        '{{ var("nederland_area_code") }}' as area_code
    from {{ gemeenten }} as gemeenten
{%- endmacro %}

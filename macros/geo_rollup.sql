-- Returns a select that rolls a gemeente-level relation of additive aggregates up to every area of
-- the hierarchy (int_area_paths: gemeente, woondealregio, provincie, Nederland) in one pass: columns
-- `keys`, geo_level, area_code, then the `aggregates` over rollup_input's columns.
{% macro geo_rollup(relation, keys, aggregates, area_paths=none) -%}
    {%- set paths = area_paths if area_paths is not none else ref('int_area_paths') -%}
    select
        {%- for key in keys %}
        rollup_input.{{ key }},
        {%- endfor %}
        rollup_paths.geo_level,
        rollup_paths.area_code,
        {%- for aggregate in aggregates %}
        {{ aggregate }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ relation }} as rollup_input
    inner join {{ paths }} as rollup_paths
        on rollup_input.gemeente_code = rollup_paths.gemeente_code
    group by
        {%- for key in keys %}
        rollup_input.{{ key }},
        {%- endfor %}
        rollup_paths.geo_level,
        rollup_paths.area_code
{%- endmacro %}

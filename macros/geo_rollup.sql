-- Returns a select that rolls a gemeente-level relation up to every geography level in one pass:
-- columns `keys`, geo_level, area_code, then the `aggregates` (gemeente, woondealregio, provincie, NL01).
{% macro geo_rollup(relation, keys, aggregates, gemeenten=none, woondealregio_gemeenten=none) -%}
    {%- set gemeenten = gemeenten if gemeenten is not none else ref('gemeenten') -%}
    {%- set regions = woondealregio_gemeenten if woondealregio_gemeenten is not none
        else ref('woondealregio_gemeenten') -%}
    -- gemeente, provincie and nederland are nested, so one rollup (grouping sets) covers them
    select
        {%- for key in keys %}
        rollup_input.{{ key }},
        {%- endfor %}
        case
            when grouping(rollup_areas.gemeente_code) = 0 then 'gemeente'
            when grouping(rollup_areas.provincie_code) = 0 then 'provincie'
            else 'nederland'
        end as geo_level,
        case
            when grouping(rollup_areas.gemeente_code) = 0 then rollup_areas.gemeente_code
            when grouping(rollup_areas.provincie_code) = 0 then rollup_areas.provincie_code
            else 'NL01'
        end as area_code,
        {%- for aggregate in aggregates %}
        {{ aggregate }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ relation }} as rollup_input
    inner join {{ gemeenten }} as rollup_areas
        on rollup_input.gemeente_code = rollup_areas.gemeente_code
    group by
        {%- for key in keys %}
        rollup_input.{{ key }},
        {%- endfor %}
        rollup(rollup_areas.provincie_code, rollup_areas.gemeente_code)

    union all

    -- regions need not partition the country: a gemeente counts in every region it belongs to
    select
        {%- for key in keys %}
        rollup_input.{{ key }},
        {%- endfor %}
        'woondealregio' as geo_level,
        rollup_regions.woondealregio_code as area_code,
        {%- for aggregate in aggregates %}
        {{ aggregate }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ relation }} as rollup_input
    inner join (
        select distinct
            region_members.woondealregio_code,
            region_members.gemeente_code
        from {{ regions }} as region_members
    ) as rollup_regions
        on rollup_input.gemeente_code = rollup_regions.gemeente_code
    group by
        {%- for key in keys %}
        rollup_input.{{ key }},
        {%- endfor %}
        rollup_regions.woondealregio_code
{%- endmacro %}

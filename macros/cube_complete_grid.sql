-- Returns the gemeente-level cells of a cube part: `counts` plus the own total of every has_own_total dimension,
-- over every report year x gemeente x row of `combos` (n = 0 if none), full-joined so unknown codes still show.
{% macro cube_complete_grid(counts, combos) -%}
    {%- set cell_keys = ['group_code', 'subgroup_code', 'unit', 'dimension_code', 'category_code'] -%}
    select
        coalesce(counted.report_year, grid.report_year) as report_year,
        coalesce(counted.gemeente_code, grid.gemeente_code) as gemeente_code,
        {%- for key in cell_keys %}
        coalesce(counted.{{ key }}, grid.{{ key }}) as {{ key }},
        {%- endfor %}
        coalesce(counted.n, 0) as n
    from (
        select
            grid_years.report_year,
            grid_gemeenten.gemeente_code,
            {%- for key in cell_keys %}
            grid_combos.{{ key }}{{ "," if not loop.last }}
            {%- endfor %}
        from (select unnest({{ var('report_years') }}) as report_year) as grid_years
        cross join {{ ref('gemeenten') }} as grid_gemeenten
        cross join {{ combos }} as grid_combos
    ) as grid
    full outer join (
        select
            report_year,
            gemeente_code,
            {%- for key in cell_keys %}
            {{ key }},
            {%- endfor %}
            n
        from {{ counts }}

        union all

        select
            own_total_parts.report_year,
            own_total_parts.gemeente_code,
            {%- for key in cell_keys if key != 'category_code' %}
            own_total_parts.{{ key }},
            {%- endfor %}
            'total' as category_code,
            sum(own_total_parts.n) as n
        from {{ counts }} as own_total_parts
        inner join {{ ref('dimensions') }} as own_total_dimensions
            on own_total_parts.dimension_code = own_total_dimensions.dimension_code
        where own_total_dimensions.has_own_total
        group by all
    ) as counted
        on
            grid.report_year = counted.report_year
            and grid.gemeente_code = counted.gemeente_code
            {%- for key in cell_keys %}
            and grid.{{ key }} = counted.{{ key }}
            {%- endfor %}
{%- endmacro %}

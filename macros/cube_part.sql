-- The skeleton of a cube part (cube_counts_persons, _households, _dwellings, _lettings): emits three
-- CTEs, `part_plan`, `part_counts` and `part_combos`, to be followed by cube_complete_grid.
--   relation:   gemeente-level cells with report_year, gemeente_code, group_code, subgroup_code (or
--               the literal 'total' when the unit has no subgroups), a column per characteristic, n;
--   dimensions: what the unit can be counted by - a code whose column holds the category, or a dict
--               {code, category (expression), applies (condition on the relation)};
--   group_rows: a CTE of the (group_code, subgroup_code) rows the unit is counted for;
--   excluded:   a condition on categories.dimension_code/category_code for cells that cannot exist.
-- Which of these cells exist is the publication plan's choice (seed publication_plan: a row for the
-- group or subgroup, unit and dimension); the grand total of each row is dimension 'total'.
{% macro cube_part(unit, relation, dimensions, group_rows, subgroup='subgroup_code', excluded='false') -%}
    {%- set specs = [] -%}
    {%- for dimension in dimensions -%}
        {%- if dimension is mapping -%}
            {%- do specs.append(dimension) -%}
        {%- else -%}
            {%- do specs.append({'code': dimension, 'category': dimension, 'applies': none}) -%}
        {%- endif -%}
    {%- endfor -%}
    part_plan as (
        select distinct
            planned.group_code,
            planned.subgroup_code,
            planned.dimension_code
        from {{ ref('publication_plan') }} as planned
        where
            planned.unit = '{{ unit }}'
            and planned.dimension_code in (
                'total'{% for spec in specs %}, '{{ spec.code }}'{% endfor %}
            )
    ),

    part_all_counts as (
        select
            report_year,
            gemeente_code,
            group_code,
            {{ subgroup }} as subgroup_code,
            '{{ unit }}' as unit,
            'total' as dimension_code,
            'total' as category_code,
            sum(n) as n
        from {{ relation }}
        group by all
        {%- for spec in specs %}

            union all

            select
                report_year,
                gemeente_code,
                group_code,
                {{ subgroup }} as subgroup_code,
                '{{ unit }}' as unit,
                '{{ spec.code }}' as dimension_code,
                {{ spec.category }} as category_code,
                sum(n) as n
            from {{ relation }}
            {%- if spec.applies %}
                where {{ spec.applies }}
            {%- endif %}
            group by all
        {%- endfor %}
    ),

    part_counts as (
        select part_all_counts.*
        from part_all_counts
        semi join part_plan
            on
                part_all_counts.group_code = part_plan.group_code
                and part_all_counts.subgroup_code = part_plan.subgroup_code
                and part_all_counts.dimension_code = part_plan.dimension_code
    ),

    part_combos as (
        select
            {{ group_rows }}.group_code,
            {{ group_rows }}.subgroup_code,
            '{{ unit }}' as unit,
            categories.dimension_code,
            categories.category_code
        from {{ group_rows }}
        inner join part_plan
            on
                {{ group_rows }}.group_code = part_plan.group_code
                and {{ group_rows }}.subgroup_code = part_plan.subgroup_code
        inner join {{ ref('categories') }} as categories
            on part_plan.dimension_code = categories.dimension_code
        where not ({{ excluded }})
    )
{%- endmacro %}

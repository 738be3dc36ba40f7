{%- set parts = [
    'cube_counts_persons',
    'cube_counts_households',
    'cube_counts_dwellings',
    'cube_counts_lettings',
    'cube_counts_permit_holders_housed',
] -%}
{%- set cell_keys = ['report_year', 'group_code', 'subgroup_code', 'unit', 'dimension_code', 'category_code'] -%}

with

{% for part in parts -%}
    {{ part }} as (
        select * from {{ ref(part) }}
    ),

{% endfor -%}

gemeente_cells as (
    {%- for part in parts %}
        select
            report_year,
            gemeente_code,
            group_code,
            subgroup_code,
            unit,
            dimension_code,
            category_code,
            n
        from {{ part }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

rolled_up as (
    {{ geo_rollup('gemeente_cells', cell_keys, ['sum(rollup_input.n) as n']) }}
)

select
    cast(report_year as integer) as report_year,
    geo_level,
    area_code,
    group_code,
    subgroup_code,
    unit,
    dimension_code,
    category_code,
    cast(n as bigint) as n
from rolled_up

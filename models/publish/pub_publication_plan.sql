-- The publication plan as published: one row per group or subgroup, unit, dimension and geography
-- level at which the plan publishes its cells (seed publication_plan, one row per level set to true).
{%- set levels = ['gemeente', 'woondealregio', 'provincie', 'nederland'] %}

with

plan as (
    select * from {{ ref('publication_plan') }}
),

levels as (
    {%- for level in levels %}
        select
            plan.group_code,
            plan.subgroup_code,
            plan.unit,
            plan.dimension_code,
            '{{ level }}' as geo_level,
            plan.table_kind,
            plan.group_size,
            plan.description_nl
        from plan
        where plan.{{ level }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select
    cast(levels.group_code as varchar) as group_code,
    cast(levels.subgroup_code as varchar) as subgroup_code,
    cast(levels.unit as varchar) as unit,
    cast(levels.dimension_code as varchar) as dimension_code,
    cast(levels.geo_level as varchar) as geo_level,
    cast(levels.table_kind as varchar) as table_kind,
    cast(levels.group_size as varchar) as group_size,
    cast(levels.description_nl as varchar) as description_nl
from levels
order by
    levels.group_code, levels.subgroup_code, levels.unit, levels.dimension_code, levels.geo_level

-- One row per cell of cube_counts with a dense id, the true count, whether the publication plan
-- publishes it at its level, and the primary flag (a published cell whose true count is below
-- sdc_min_cell). Internal: true counts never leave the warehouse. Unpublished cells stay here, because
-- the relations run through them: to an attacker they are unknowns, like a suppressed cell.
with

cube_counts as (
    select * from {{ ref('cube_counts') }}
),

plan as (
    select * from {{ ref('publication_plan') }}
),

planned as (
    select
        cube_counts.report_year,
        cube_counts.geo_level,
        cube_counts.area_code,
        cube_counts.group_code,
        cube_counts.subgroup_code,
        cube_counts.unit,
        cube_counts.dimension_code,
        cube_counts.category_code,
        cube_counts.n,
        case cube_counts.geo_level
            when 'gemeente' then plan.gemeente
            when 'woondealregio' then plan.woondealregio
            when 'provincie' then plan.provincie
            when 'nederland' then plan.nederland
        end as is_published
    from cube_counts
    inner join plan
        on
            cube_counts.group_code = plan.group_code
            and cube_counts.subgroup_code = plan.subgroup_code
            and cube_counts.unit = plan.unit
            and cube_counts.dimension_code = plan.dimension_code
)

select
    row_number() over (
        order by
            planned.report_year,
            planned.geo_level,
            planned.area_code,
            planned.group_code,
            planned.subgroup_code,
            planned.unit,
            planned.dimension_code,
            planned.category_code
    ) as cell_id,
    planned.report_year,
    planned.geo_level,
    planned.area_code,
    planned.group_code,
    planned.subgroup_code,
    planned.unit,
    planned.dimension_code,
    planned.category_code,
    planned.n,
    planned.is_published,
    planned.is_published and {{ sdc_is_primary('planned.n') }} as is_primary
from planned

-- The publication plan and the cubes describe the same combinations: every group, subgroup, unit and
-- dimension the cube parts count has a row in seed publication_plan (else its cells would vanish from
-- sdc_cells unseen), and every row of the plan is counted by the cubes.
with

cube_combinations as (
    select distinct
        group_code,
        subgroup_code,
        unit,
        dimension_code
    from {{ ref('cube_counts') }}
),

plan as (
    select * from {{ ref('publication_plan') }}
)

select
    coalesce(cube_combinations.group_code, plan.group_code) as group_code,
    coalesce(cube_combinations.subgroup_code, plan.subgroup_code) as subgroup_code,
    coalesce(cube_combinations.unit, plan.unit) as unit,
    coalesce(cube_combinations.dimension_code, plan.dimension_code) as dimension_code,
    case
        when plan.group_code is null then 'counted by the cubes, missing from publication_plan'
        else 'in publication_plan, not counted by the cubes'
    end as problem
from cube_combinations
full outer join plan
    on
        cube_combinations.group_code = plan.group_code
        and cube_combinations.subgroup_code = plan.subgroup_code
        and cube_combinations.unit = plan.unit
        and cube_combinations.dimension_code = plan.dimension_code
where cube_combinations.group_code is null or plan.group_code is null

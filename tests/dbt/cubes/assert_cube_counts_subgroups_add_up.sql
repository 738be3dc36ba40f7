-- The subgroups of a group (seed subgroups, 'none' excluded) add up to the group's cell
-- (subgroup_code 'total') in every dimension and category where subgroups are shown.

with

cube_counts as (
    select * from {{ ref('cube_counts') }}
),

subgroups as (
    select * from {{ ref('subgroups') }}
    where subgroup_code != 'none'
),

subgroup_sums as (
    select
        cube_counts.report_year,
        cube_counts.geo_level,
        cube_counts.area_code,
        cube_counts.group_code,
        cube_counts.unit,
        cube_counts.dimension_code,
        cube_counts.category_code,
        sum(cube_counts.n) as sum_of_subgroups,
        count(*) as subgroup_cells
    from cube_counts
    inner join subgroups
        on
            cube_counts.group_code = subgroups.group_code
            and cube_counts.subgroup_code = subgroups.subgroup_code
    group by all
),

expected_subgroup_cells as (
    select
        group_code,
        count(*) as n_subgroups
    from subgroups
    group by group_code
)

select
    subgroup_sums.*,
    group_cells.n as group_n,
    expected_subgroup_cells.n_subgroups
from subgroup_sums
inner join expected_subgroup_cells
    on subgroup_sums.group_code = expected_subgroup_cells.group_code
left join cube_counts as group_cells
    on
        subgroup_sums.report_year = group_cells.report_year
        and subgroup_sums.geo_level = group_cells.geo_level
        and subgroup_sums.area_code = group_cells.area_code
        and subgroup_sums.group_code = group_cells.group_code
        and group_cells.subgroup_code = 'total'
        and subgroup_sums.unit = group_cells.unit
        and subgroup_sums.dimension_code = group_cells.dimension_code
        and subgroup_sums.category_code = group_cells.category_code
where
    group_cells.n is null
    or group_cells.n != subgroup_sums.sum_of_subgroups
    or subgroup_sums.subgroup_cells != expected_subgroup_cells.n_subgroups

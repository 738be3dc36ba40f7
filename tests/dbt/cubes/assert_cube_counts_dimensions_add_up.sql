-- Every additive dimension adds up: its categories sum to the dimension's own total (has_own_total)
-- or else to the total/total cell of the same year, area, group, subgroup and unit.

with

cube_counts as (
    select * from {{ ref('cube_counts') }}
),

dimensions as (
    select * from {{ ref('dimensions') }}
),

category_sums as (
    select
        cube_counts.report_year,
        cube_counts.geo_level,
        cube_counts.area_code,
        cube_counts.group_code,
        cube_counts.subgroup_code,
        cube_counts.unit,
        cube_counts.dimension_code,
        dimensions.has_own_total,
        sum(cube_counts.n) as sum_of_categories
    from cube_counts
    inner join dimensions
        on cube_counts.dimension_code = dimensions.dimension_code
    where
        dimensions.is_additive
        and cube_counts.category_code != 'total'
    group by all
),

totals as (
    select
        report_year,
        geo_level,
        area_code,
        group_code,
        subgroup_code,
        unit,
        dimension_code,
        n as total_n
    from cube_counts
    where category_code = 'total'
)

select
    category_sums.*,
    totals.total_n
from category_sums
left join totals
    on
        category_sums.report_year = totals.report_year
        and category_sums.geo_level = totals.geo_level
        and category_sums.area_code = totals.area_code
        and category_sums.group_code = totals.group_code
        and category_sums.subgroup_code = totals.subgroup_code
        and category_sums.unit = totals.unit
        and totals.dimension_code
        = case when category_sums.has_own_total then category_sums.dimension_code else 'total' end
where totals.total_n is null or totals.total_n != category_sums.sum_of_categories

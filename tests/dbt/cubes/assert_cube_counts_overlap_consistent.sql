-- The overlap matrix is consistent: the diagonal (group a and group a) equals the group's total
-- cell, the matrix is symmetric, and no overlap exceeds the smaller of the two groups.

with

overlap as (
    select * from {{ ref('cube_counts') }}
    where dimension_code = 'overlap' and category_code != 'twee_of_meer'
),

group_totals as (
    select * from {{ ref('cube_counts') }}
    where unit = 'persons' and dimension_code = 'total' and subgroup_code = 'total'
)

select
    'diagonal differs from the group total' as failure,
    overlap.report_year,
    overlap.geo_level,
    overlap.area_code,
    overlap.group_code,
    overlap.category_code,
    overlap.n,
    group_totals.n as other_n
from overlap
left join group_totals
    on
        overlap.report_year = group_totals.report_year
        and overlap.geo_level = group_totals.geo_level
        and overlap.area_code = group_totals.area_code
        and overlap.group_code = group_totals.group_code
where
    overlap.category_code = overlap.group_code
    and (group_totals.n is null or group_totals.n != overlap.n)

union all

select
    'matrix is not symmetric' as failure,
    overlap.report_year,
    overlap.geo_level,
    overlap.area_code,
    overlap.group_code,
    overlap.category_code,
    overlap.n,
    mirrored.n as other_n
from overlap
left join overlap as mirrored
    on
        overlap.report_year = mirrored.report_year
        and overlap.geo_level = mirrored.geo_level
        and overlap.area_code = mirrored.area_code
        and overlap.group_code = mirrored.category_code
        and overlap.category_code = mirrored.group_code
        and overlap.subgroup_code = mirrored.subgroup_code
where mirrored.n is null or mirrored.n != overlap.n

union all

select
    'overlap larger than the other group' as failure,
    overlap.report_year,
    overlap.geo_level,
    overlap.area_code,
    overlap.group_code,
    overlap.category_code,
    overlap.n,
    group_totals.n as other_n
from overlap
inner join group_totals
    on
        overlap.report_year = group_totals.report_year
        and overlap.geo_level = group_totals.geo_level
        and overlap.area_code = group_totals.area_code
        and overlap.category_code = group_totals.group_code
where overlap.n > group_totals.n

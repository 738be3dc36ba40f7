-- Monitor table: for one gemeente, every group and subgroup x (total, koop, corporatie, private huur)
-- in persons. Vars: monitor_year, monitor_gemeente.

with

cube_counts as (
    select * from {{ ref('cube_counts') }}
),

group_labels as (
    select * from {{ ref('groups') }}
),

subgroups as (
    select * from {{ ref('subgroups') }}
)

select
    cube_counts.group_code,
    cube_counts.subgroup_code,
    sum(cube_counts.n) filter (where cube_counts.dimension_code = 'total') as total,
    sum(cube_counts.n) filter (where cube_counts.category_code = 'koop') as koop,
    sum(cube_counts.n) filter (where cube_counts.category_code = 'corporatie') as corporatie,
    sum(cube_counts.n) filter (where cube_counts.category_code = 'private_huur') as private_huur
from cube_counts
inner join group_labels
    on cube_counts.group_code = group_labels.group_code
left join subgroups
    on
        cube_counts.group_code = subgroups.group_code
        and cube_counts.subgroup_code = subgroups.subgroup_code
where
    cube_counts.report_year = {{ var('monitor_year', 2021) }}
    and cube_counts.geo_level = 'gemeente'
    and cube_counts.area_code = '{{ var("monitor_gemeente", "GM0599") }}'
    and cube_counts.unit = 'persons'
    and cube_counts.dimension_code in ('total', 'tenure')
group by
    cube_counts.group_code,
    cube_counts.subgroup_code,
    group_labels.sort_order,
    subgroups.sort_order
order by group_labels.sort_order, coalesce(subgroups.sort_order, 0)

-- Worked question (docs/querying.md): how many persons per household does each group have in every
-- provincie? Persons in the group divided by the private households with at least one member in it.
-- Vars: monitor_year.

with

cube_counts as (
    select * from {{ ref('cube_counts') }}
    where
        report_year = {{ var('monitor_year', 2021) }}
        and geo_level = 'provincie'
        and subgroup_code = 'total'
        and dimension_code = 'total'
        and unit in ('persons', 'households')
),

group_labels as (
    select * from {{ ref('groups') }}
)

select
    cube_counts.area_code as provincie_code,
    cube_counts.group_code,
    sum(cube_counts.n) filter (where cube_counts.unit = 'persons') as persons,
    sum(cube_counts.n) filter (where cube_counts.unit = 'households') as households,
    round(persons / nullif(households, 0), 2) as persons_per_household
from cube_counts
inner join group_labels
    on cube_counts.group_code = group_labels.group_code
group by cube_counts.area_code, cube_counts.group_code, group_labels.sort_order
order by provincie_code, group_labels.sort_order

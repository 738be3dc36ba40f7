-- Monitor table: persons per aandachtsgroep for every gemeente in one year (true counts; the
-- published, protected figures are in pub_counts). Vars: monitor_year.

with

cube_counts as (
    select * from {{ ref('cube_counts') }}
),

group_labels as (
    select * from {{ ref('groups') }}
)

select
    cube_counts.area_code as gemeente_code,
    cube_counts.group_code,
    group_labels.label_nl as group_label,
    cube_counts.n as persons
from cube_counts
inner join group_labels
    on cube_counts.group_code = group_labels.group_code
where
    cube_counts.report_year = {{ var('monitor_year', 2021) }}
    and cube_counts.geo_level = 'gemeente'
    and cube_counts.unit = 'persons'
    and cube_counts.subgroup_code = 'total'
    and cube_counts.dimension_code = 'total'
order by gemeente_code, group_labels.sort_order

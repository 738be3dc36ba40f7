-- Monitor table: the 4 x 4 overlap matrix of ouderen, studenten, uitstromers detentie and
-- statushouders in one area (persons in the row group and the column group; the diagonal is the
-- group itself) plus persons in two or more group_labels. Vars: monitor_year, monitor_area.

with

cube_counts as (
    select * from {{ ref('cube_counts') }}
),

group_labels as (
    select * from {{ ref('groups') }}
)

select
    cube_counts.group_code,
    sum(cube_counts.n) filter (where cube_counts.category_code = 'elderly') as elderly,
    sum(cube_counts.n) filter (where cube_counts.category_code = 'students') as students,
    sum(cube_counts.n) filter (where cube_counts.category_code = 'ex_detainees') as ex_detainees,
    sum(cube_counts.n) filter (where cube_counts.category_code = 'permit_holders') as permit_holders,
    sum(cube_counts.n) filter (where cube_counts.category_code = 'twee_of_meer') as twee_of_meer
from cube_counts
inner join group_labels
    on cube_counts.group_code = group_labels.group_code
where
    cube_counts.report_year = {{ var('monitor_year', 2021) }}
    and cube_counts.area_code = '{{ var("monitor_area", "GM0599") }}'
    and cube_counts.dimension_code = 'overlap'
    and cube_counts.group_code in ('elderly', 'students', 'ex_detainees', 'permit_holders')
group by cube_counts.group_code, group_labels.sort_order
order by group_labels.sort_order

-- Monitor table: corporatiewoningen (one private household on the address) by rent band (monitor
-- scheme) x group: all woonruimten and those with a resident in the group. Vars: monitor_year,
-- monitor_area.

with

cube_counts as (
    select * from {{ ref('cube_counts') }}
),

categories as (
    select * from {{ ref('categories') }}
)

select
    cube_counts.category_code as rent_band,
    categories.label_nl as rent_band_label,
    sum(cube_counts.n) filter (where cube_counts.group_code = 'all') as all_dwellings,
    sum(cube_counts.n) filter (where cube_counts.group_code = 'elderly') as elderly,
    sum(cube_counts.n) filter (where cube_counts.group_code = 'students') as students,
    sum(cube_counts.n) filter (where cube_counts.group_code = 'ex_detainees') as ex_detainees,
    sum(cube_counts.n) filter (where cube_counts.group_code = 'permit_holders') as permit_holders
from cube_counts
inner join categories
    on
        cube_counts.dimension_code = categories.dimension_code
        and cube_counts.category_code = categories.category_code
where
    cube_counts.report_year = {{ var('monitor_year', 2021) }}
    and cube_counts.area_code = '{{ var("monitor_area", "GM0599") }}'
    and cube_counts.unit = 'dwellings'
    and cube_counts.dimension_code = 'rent_band_monitor_corporatie'
group by cube_counts.category_code, categories.label_nl, categories.sort_order
order by categories.sort_order

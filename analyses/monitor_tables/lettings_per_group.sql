-- Monitor table: vacated and re-let corporatiewoningen per group in one area, with the share of all
-- corporation lettings (a letting counts for every group of its new residents, so shares can add
-- up to more than 100%). Vars: monitor_year, monitor_area.

with

lettings as (
    select * from {{ ref('cube_counts') }}
    where
        report_year = {{ var('monitor_year', 2021) }}
        and area_code = '{{ var("monitor_area", "GM0599") }}'
        and unit = 'lettings'
        and dimension_code = 'sector'
        and category_code = 'corporatie'
),

all_lettings as (
    select n as all_n from lettings
    where group_code = 'all'
)

select
    lettings.group_code,
    lettings.n as lettings,
    round(100.0 * lettings.n / nullif(all_lettings.all_n, 0), 1) as share_pct
from lettings
cross join all_lettings
order by lettings.group_code != 'all', lettings.group_code

-- Worked question (docs/querying.md): what share of the corporation stock on 1 January was vacated
-- and re-let during the year (mutatiegraad) in every woondealregio? Vars: monitor_year.

with

cube_counts as (
    select * from {{ ref('cube_counts') }}
    where
        report_year = {{ var('monitor_year', 2021) }}
        and geo_level = 'woondealregio'
        and group_code = 'all'
        and category_code = 'corporatie'
)

select
    area_code as woondealregio_code,
    sum(n) filter (where unit = 'lettings' and dimension_code = 'sector') as lettings,
    sum(n) filter (where unit = 'dwellings' and dimension_code = 'stock_1_jan') as stock_1_jan,
    round(100.0 * lettings / nullif(stock_1_jan, 0), 1) as mutatiegraad_pct
from cube_counts
group by area_code
order by area_code

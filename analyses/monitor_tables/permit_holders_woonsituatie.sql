-- Monitor table: statushouders per subgroup x woning / niet-woning for two gemeenten side by side.
-- Vars: monitor_year, monitor_gemeente, monitor_other_gemeente.

{%- set first = var('monitor_gemeente', 'GM0599') -%}
{%- set second = var('monitor_other_gemeente', 'GM1950') %}

with

cube_counts as (
    select * from {{ ref('cube_counts') }}
    where
        report_year = {{ var('monitor_year', 2021) }}
        and geo_level = 'gemeente'
        and group_code = 'permit_holders'
        and unit = 'persons'
        and dimension_code = 'woonsituatie'
)

select
    subgroup_code,
    sum(n) filter (where area_code = '{{ first }}' and category_code = 'woning') as first_woning,
    sum(n) filter (where area_code = '{{ first }}' and category_code = 'niet_woning') as first_niet_woning,
    sum(n) filter (where area_code = '{{ second }}' and category_code = 'woning') as second_woning,
    sum(n) filter (where area_code = '{{ second }}' and category_code = 'niet_woning') as second_niet_woning
from cube_counts
group by subgroup_code
order by subgroup_code != 'total', subgroup_code

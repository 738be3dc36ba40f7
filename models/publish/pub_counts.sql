-- The published counts: one row per cell of cube_counts that the publication plan publishes, value
-- rounded from the true count when visible; a secret cell (primary or secondary alike) has no value,
-- status `geheim` and is shown as the marker.
-- `value` and `year` are column names fixed by docs/architecture.md. -- noqa: disable=RF04
with

cells as (
    select * from {{ ref('sdc_cells') }}
),

pattern as (
    select * from {{ ref('sdc_pattern') }}
),

published as (
    select
        cells.report_year,
        cells.geo_level,
        cells.area_code,
        cells.group_code,
        cells.subgroup_code,
        cells.unit,
        cells.dimension_code,
        cells.category_code,
        case when pattern.status = 'visible' then {{ sdc_round('cells.n') }} end as value,
        case when pattern.status = 'visible' then 'visible' else 'geheim' end as status
    from cells
    inner join pattern on cells.cell_id = pattern.cell_id
    where cells.is_published
)

select
    published.report_year,
    published.geo_level,
    published.area_code,
    published.group_code,
    published.subgroup_code,
    published.unit,
    published.dimension_code,
    published.category_code,
    published.value,
    published.status,
    {{ sdc_shown('published.value') }} as shown
from published
order by
    published.report_year,
    published.geo_level,
    published.area_code,
    published.group_code,
    published.subgroup_code,
    published.unit,
    published.dimension_code,
    published.category_code

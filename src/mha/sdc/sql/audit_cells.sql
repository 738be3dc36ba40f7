-- The audit's view of every cell of the cubes: the true count, whether the plan publishes it and
-- whether it is primary, the pattern's internal status and what the release shows (value and status;
-- an empty status when the cell is not in pub_counts).
select
    cells.cell_id,
    cells.n,
    cells.is_published,
    cells.is_primary,
    pattern.status as internal_status,
    coalesce(cast(counts.value as double), cast('nan' as double)) as published_value,
    coalesce(counts.status, '') as published_status
from publish.sdc_cells as cells
inner join publish.sdc_pattern as pattern on cells.cell_id = pattern.cell_id
left join publish.pub_counts as counts
    on
        cells.report_year = counts.report_year
        and cells.geo_level = counts.geo_level
        and cells.area_code = counts.area_code
        and cells.group_code = counts.group_code
        and cells.subgroup_code = counts.subgroup_code
        and cells.unit = counts.unit
        and cells.dimension_code = counts.dimension_code
        and cells.category_code = counts.category_code
order by cells.cell_id

-- Information loss per group, level and dimension: published cells, secret cells and the shares of
-- cells and of units (true counts) in secret cells.
select
    cells.group_code,
    cells.geo_level,
    cells.dimension_code,
    count(*) as published_cells,
    count(*) filter (where counts.status = 'geheim') as secret_cells,
    100.0 * count(*) filter (where counts.status = 'geheim') / count(*) as pct_cells,
    coalesce(
        100.0 * sum(cells.n) filter (where counts.status = 'geheim') / nullif(sum(cells.n), 0), 0
    ) as pct_units
from publish.sdc_cells as cells
inner join publish.pub_counts as counts
    on
        cells.report_year = counts.report_year
        and cells.geo_level = counts.geo_level
        and cells.area_code = counts.area_code
        and cells.group_code = counts.group_code
        and cells.subgroup_code = counts.subgroup_code
        and cells.unit = counts.unit
        and cells.dimension_code = counts.dimension_code
        and cells.category_code = counts.category_code
group by cells.group_code, cells.geo_level, cells.dimension_code
order by
    cells.group_code,
    case cells.geo_level
        when 'gemeente' then 0
        when 'woondealregio' then 1
        when 'provincie' then 2
        when 'nederland' then 3
    end,
    cells.dimension_code

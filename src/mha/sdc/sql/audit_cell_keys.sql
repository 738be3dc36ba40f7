-- The keys of the cells in wanted_cells (a frame the caller registers), for the report's examples.
select
    cells.cell_id,
    cells.n,
    concat_ws(
        '|',
        cells.report_year,
        cells.geo_level,
        cells.area_code,
        cells.group_code,
        cells.subgroup_code,
        cells.unit,
        cells.dimension_code,
        cells.category_code
    ) as cell_key
from publish.sdc_cells as cells
inner join wanted_cells as wanted on cells.cell_id = wanted.cell_id
order by cells.cell_id

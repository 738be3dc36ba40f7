-- Rows of pub_counts that are not cells of the cubes (there must be none).
select count(*) as extra_rows
from publish.pub_counts as counts
anti join publish.sdc_cells as cells
    on
        counts.report_year = cells.report_year
        and counts.geo_level = cells.geo_level
        and counts.area_code = cells.area_code
        and counts.group_code = cells.group_code
        and counts.subgroup_code = cells.subgroup_code
        and counts.unit = cells.unit
        and counts.dimension_code = cells.dimension_code
        and counts.category_code = cells.category_code

-- One row per cell of cube_counts with a dense id, the true count, the primary flag and the
-- tie-break hash the suppression pattern orders by (internal; true counts never leave this layer).
with

cube_counts as (
    select * from {{ ref('cube_counts') }}
),

keyed as (
    select
        cube_counts.report_year,
        cube_counts.geo_level,
        cube_counts.area_code,
        cube_counts.group_code,
        cube_counts.subgroup_code,
        cube_counts.unit,
        cube_counts.dimension_code,
        cube_counts.category_code,
        cube_counts.n,
        md5(
            concat_ws(
                '|',
                cube_counts.report_year,
                cube_counts.geo_level,
                cube_counts.area_code,
                cube_counts.group_code,
                cube_counts.subgroup_code,
                cube_counts.unit,
                cube_counts.dimension_code,
                cube_counts.category_code
            )
        ) as tie_break
    from cube_counts
)

select
    row_number() over (
        order by
            keyed.report_year,
            keyed.geo_level,
            keyed.area_code,
            keyed.group_code,
            keyed.subgroup_code,
            keyed.unit,
            keyed.dimension_code,
            keyed.category_code
    ) as cell_id,
    keyed.report_year,
    keyed.geo_level,
    keyed.area_code,
    keyed.group_code,
    keyed.subgroup_code,
    keyed.unit,
    keyed.dimension_code,
    keyed.category_code,
    keyed.n,
    {{ sdc_is_primary('keyed.n') }} as is_primary,
    keyed.tie_break
from keyed

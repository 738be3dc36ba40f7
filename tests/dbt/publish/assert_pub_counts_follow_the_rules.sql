-- Every published count against its truth: visible only from a true count >= sdc_min_cell, a multiple
-- of sdc_round_base within base // 2 of the truth; primary exactly when the truth is small; no cell lost.
{% set base = var('sdc_round_base') | int -%}

with

cells as (
    select * from {{ ref('sdc_cells') }}
),

counts as (
    select * from {{ ref('pub_counts') }}
),

joined as (
    select
        cells.cell_id,
        cells.n,
        cells.is_primary,
        counts.value,
        counts.status,
        counts.shown
    from cells
    left join counts
        on
            cells.report_year = counts.report_year
            and cells.geo_level = counts.geo_level
            and cells.area_code = counts.area_code
            and cells.group_code = counts.group_code
            and cells.subgroup_code = counts.subgroup_code
            and cells.unit = counts.unit
            and cells.dimension_code = counts.dimension_code
            and cells.category_code = counts.category_code
)

select
    joined.*,
    case
        when joined.status is null then 'cell missing from pub_counts'
        when joined.status = 'visible' and joined.n < {{ var('sdc_min_cell') }} then 'visible small count'
        when joined.status = 'visible' and joined.value % {{ base }} != 0 then 'not rounded'
        when joined.status = 'visible' and abs(joined.value - joined.n) > {{ base // 2 }} then 'too far from truth'
        when (joined.status = 'primary') != joined.is_primary then 'primary flag wrong'
        when joined.status != 'visible' and (joined.value is not null or joined.shown != '{{ var("sdc_marker") }}')
            then 'suppressed cell shows a value'
    end as problem
from joined
where
    joined.status is null
    or (joined.status = 'visible' and joined.n < {{ var('sdc_min_cell') }})
    or (joined.status = 'visible' and joined.value % {{ base }} != 0)
    or (joined.status = 'visible' and abs(joined.value - joined.n) > {{ base // 2 }})
    or (joined.status = 'primary') != joined.is_primary
    or (joined.status != 'visible' and (joined.value is not null or joined.shown != '{{ var("sdc_marker") }}'))

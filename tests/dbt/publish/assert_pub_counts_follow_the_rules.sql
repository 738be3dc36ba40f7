-- Every cell against its truth and the plan: a published cell is in pub_counts and an unpublished one
-- is not; visible only from a true count >= sdc_min_cell, a multiple of sdc_round_base within
-- base // 2 of the truth; `geheim` exactly when the pattern suppresses it (primary or secondary), and
-- then without a value; primary exactly when the published truth is small.
{% set base = var('sdc_round_base') | int -%}

with

cells as (
    select * from {{ ref('sdc_cells') }}
),

pattern as (
    select * from {{ ref('sdc_pattern') }}
),

counts as (
    select * from {{ ref('pub_counts') }}
),

joined as (
    select
        cells.cell_id,
        cells.n,
        cells.is_primary,
        cells.is_published,
        pattern.status as pattern_status,
        counts.value,
        counts.status,
        counts.shown,
        counts.report_year is not null as is_in_pub_counts
    from cells
    inner join pattern
        on cells.cell_id = pattern.cell_id
    full outer join counts
        on
            cells.report_year = counts.report_year
            and cells.geo_level = counts.geo_level
            and cells.area_code = counts.area_code
            and cells.group_code = counts.group_code
            and cells.subgroup_code = counts.subgroup_code
            and cells.unit = counts.unit
            and cells.dimension_code = counts.dimension_code
            and cells.category_code = counts.category_code
),

checked as (
    select
        joined.*,
        case
            when joined.cell_id is null then 'published cell not in sdc_cells'
            when joined.is_published and not joined.is_in_pub_counts then 'published cell missing'
            when not joined.is_published and joined.is_in_pub_counts then 'unpublished cell in pub_counts'
            when not joined.is_published then null
            when joined.status = 'visible' and joined.n < {{ var('sdc_min_cell') }} then 'visible small count'
            when joined.status = 'visible' and joined.value % {{ base }} != 0 then 'not rounded'
            when joined.status = 'visible' and abs(joined.value - joined.n) > {{ base // 2 }} then 'too far from truth'
            when (joined.status = 'geheim') != (joined.pattern_status in ('primary', 'secondary'))
                then 'status differs from the pattern'
            when (joined.pattern_status = 'primary') != joined.is_primary then 'primary flag wrong'
            when joined.status = 'geheim' and (joined.value is not null or joined.shown != '{{ var("sdc_marker") }}')
                then 'secret cell shows a value'
        end as problem
    from joined
)

select * from checked
where problem is not null

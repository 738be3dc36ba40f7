-- No derived figure is shown next to a suppressed or small count: the row's own count (numerator;
-- the persons row for persons_per_household) must be visible and >= sdc_pct_min.
with

derived as (
    select * from {{ ref('pub_derived') }}
),

counts as (
    select * from {{ ref('pub_counts') }}
)

select
    derived.report_year,
    derived.geo_level,
    derived.area_code,
    derived.group_code,
    derived.subgroup_code,
    derived.unit,
    derived.dimension_code,
    derived.category_code,
    derived.measure_code,
    derived.value,
    numerator.status as numerator_status,
    numerator.value as numerator_value
from derived
left join counts as numerator
    on
        derived.report_year = numerator.report_year
        and derived.geo_level = numerator.geo_level
        and derived.area_code = numerator.area_code
        and derived.group_code = numerator.group_code
        and derived.subgroup_code = numerator.subgroup_code
        and numerator.unit
        = case when derived.measure_code = 'persons_per_household' then 'persons' else derived.unit end
        and derived.dimension_code = numerator.dimension_code
        and derived.category_code = numerator.category_code
where
    derived.status = 'visible'
    and (
        numerator.status is distinct from 'visible'
        or numerator.value < {{ var('sdc_pct_min') }}
    )

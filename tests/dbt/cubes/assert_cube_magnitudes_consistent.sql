-- cube_magnitudes is consistent: units and sums of the gemeenten add up to their provincie, the
-- provincies to Nederland; median and largest contribution lie within the range the sum allows.

with

cube_magnitudes as (
    select * from {{ ref('cube_magnitudes') }}
),

gemeenten as (
    select * from {{ ref('gemeenten') }}
),

area_parents as (
    select
        'gemeente' as child_level,
        gemeente_code as child_code,
        'provincie' as parent_level,
        provincie_code as parent_code
    from gemeenten

    union all

    select distinct
        'provincie' as child_level,
        provincie_code as child_code,
        'nederland' as parent_level,
        '{{ var("nederland_area_code") }}' as parent_code
    from gemeenten
),

child_sums as (
    select
        cube_magnitudes.report_year,
        area_parents.parent_level,
        area_parents.parent_code,
        cube_magnitudes.group_code,
        cube_magnitudes.subgroup_code,
        cube_magnitudes.unit,
        cube_magnitudes.measure_code,
        sum(cube_magnitudes.n_units) as n_units,
        sum(cube_magnitudes.value_sum) as value_sum
    from cube_magnitudes
    inner join area_parents
        on
            cube_magnitudes.geo_level = area_parents.child_level
            and cube_magnitudes.area_code = area_parents.child_code
    group by all
)

select
    'children do not add up to the parent' as failure,
    child_sums.report_year,
    child_sums.parent_code as area_code,
    child_sums.group_code,
    child_sums.measure_code
from child_sums
left join cube_magnitudes as parents
    on
        child_sums.report_year = parents.report_year
        and child_sums.parent_level = parents.geo_level
        and child_sums.parent_code = parents.area_code
        and child_sums.group_code = parents.group_code
        and child_sums.subgroup_code = parents.subgroup_code
        and child_sums.unit = parents.unit
        and child_sums.measure_code = parents.measure_code
where
    parents.n_units is null
    or parents.n_units != child_sums.n_units
    or abs(parents.value_sum - child_sums.value_sum) > 1e-6 * (1 + abs(parents.value_sum))

union all

select
    'impossible median, mean or largest contribution' as failure,
    report_year,
    area_code,
    group_code,
    measure_code
from cube_magnitudes
where
    n_units <= 0
    or value_median is null
    or max_contribution < abs(value_mean) - 1e-9
    or max_contribution * n_units < abs(value_sum) - 1e-6

{#- Magnitude measures: code, value column and the resolution of the median (the median is taken
    over the values rounded to this step, so that areas roll up from small value distributions). -#}
{%- set household_measures = [
    {'code': 'disposable_income', 'value': 'disposable_income', 'step': 100},
    {'code': 'huurquote', 'value': 'huurquote', 'step': 0.001},
    {'code': 'woonquote', 'value': 'woonquote', 'step': 0.001},
] -%}
{%- set dwelling_measures = [
    {'code': 'floor_area_m2', 'value': 'floor_area_m2', 'step': 1},
    {'code': 'floor_area_per_person', 'value': 'floor_area_per_person', 'step': 0.1},
    {'code': 'kale_huur', 'value': 'kale_huur', 'step': 1},
] -%}
{%- set keys = ['report_year', 'group_code', 'subgroup_code', 'unit', 'measure_code'] -%}

{%- set populations = {'households': 'population', 'dwellings': 'all'} -%}

with

household_years as (
    select * from {{ ref('household_years') }}
    where household_kind = 'particulier' and gemeente_code is not null
),

dwelling_years as (
    select * from {{ ref('dwelling_years') }}
    where gemeente_code is not null
),

-- per gemeente, memberships list, measure and rounded value: the number of units, the exact sum of
-- their values and the largest one. Few rows (the values are grouped before the groups are unnested).
unit_cells as (
    {%- for measure in household_measures + dwelling_measures %}
        {%- set is_household = measure in household_measures %}
        {%- set value = "cast(" ~ measure.value ~ " as decimal(18, 6))" %}
        select
            report_year,
            gemeente_code,
            {{ "member_memberships" if is_household else "resident_memberships" }} as memberships,
            '{{ "households" if is_household else "dwellings" }}' as unit,
            '{{ measure.code }}' as measure_code,
            cast(round({{ value }} / {{ measure.step }}) * {{ measure.step }} as decimal(18, 6)) as value_step,
            count(*) as n_units,
            sum({{ value }}) as value_sum,
            max(abs({{ value }})) as max_contribution
        from {{ "household_years" if is_household else "dwelling_years" }}
        where {{ measure.value }} is not null
        group by all
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

-- the value distribution per gemeente and group ('population': every private household, 'all': every
-- woonruimte): a unit counts once for the population and once for every group of its members
gemeente_distributions as materialized (
    select
        report_year,
        gemeente_code,
        group_code,
        'total' as subgroup_code,
        unit,
        measure_code,
        value_step,
        cast(sum(n_units) as bigint) as n_units,
        sum(value_sum) as value_sum,
        max(max_contribution) as max_contribution
    from (
        select
            unit_cells.report_year,
            unit_cells.gemeente_code,
            unit_cells.unit,
            unit_cells.measure_code,
            unit_cells.value_step,
            unit_cells.n_units,
            unit_cells.value_sum,
            unit_cells.max_contribution,
            unnest(list_prepend(
                case unit_cells.unit
                    {%- for unit, population in populations.items() %}
                        when '{{ unit }}' then '{{ population }}'
                    {%- endfor %}
                end,
                cast({{ membership_group_codes('unit_cells.memberships') }} as varchar[])
            )) as group_code
        from unit_cells
    ) as unit_groups
    group by all
),

distributions as (
    {{ geo_rollup('gemeente_distributions', keys + ['value_step'], [
        'sum(rollup_input.n_units) as n_units',
        'sum(rollup_input.value_sum) as value_sum',
        'max(rollup_input.max_contribution) as max_contribution',
    ]) }}
),

-- running count over the rounded values; the (lower) median is the first value reaching half. Both sums
-- use one partition and order, so one sort serves both. The cell: subgroup_code is always total, unit
-- follows from measure_code and geo_level from area_code.
cumulative as (
    select
        distributions.*,
        sum(distributions.n_units) over (
            cell_by_value rows between unbounded preceding and current row
        ) as units_up_to_value,
        sum(distributions.n_units) over (
            cell_by_value rows between unbounded preceding and unbounded following
        ) as units_in_cell
    from distributions
    window cell_by_value as (
        partition by
            distributions.report_year,
            distributions.group_code,
            distributions.measure_code,
            distributions.area_code
        order by distributions.value_step
    )
),

rolled_up as (
    select
        {%- for key in keys %}
            {{ key }},
        {%- endfor %}
        geo_level,
        area_code,
        sum(n_units) as n_units,
        sum(value_sum) as value_sum,
        min(value_step) filter (where units_up_to_value >= ceil(units_in_cell / 2)) as value_median,
        max(max_contribution) as max_contribution
    from cumulative
    group by all
)

select
    cast(report_year as integer) as report_year,
    geo_level,
    area_code,
    group_code,
    subgroup_code,
    unit,
    measure_code,
    cast(n_units as bigint) as n_units,
    cast(value_sum as double) as value_sum,
    cast(value_sum / n_units as double) as value_mean,
    cast(value_median as double) as value_median,
    cast(max_contribution as double) as max_contribution
from rolled_up

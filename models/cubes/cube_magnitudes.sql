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

with

household_years as (
    select * from {{ ref('household_years') }}
),

dwelling_years as (
    select * from {{ ref('dwelling_years') }}
),

-- private households with the groups of their members ('population' = every private household)
household_groups as materialized (
    -- only the columns the measures need: the rows are repeated once per group of the members
    select
        household_years.report_year,
        household_years.gemeente_code,
        unnest(
            list_prepend('population', {{ membership_group_codes('household_years.member_memberships') }})
        ) as group_code,
        household_years.disposable_income,
        household_years.huurquote,
        household_years.woonquote
    from household_years
    where
        household_years.household_kind = 'particulier'
        and household_years.gemeente_code is not null
),

dwelling_groups as materialized (
    select
        dwelling_years.report_year,
        dwelling_years.gemeente_code,
        unnest(
            list_prepend('all', {{ membership_group_codes('dwelling_years.resident_memberships') }})
        ) as group_code,
        dwelling_years.floor_area_m2,
        dwelling_years.floor_area_per_person,
        dwelling_years.kale_huur
    from dwelling_years
    where dwelling_years.gemeente_code is not null
),

unit_values as (
    {%- for measure in household_measures + dwelling_measures %}
        {%- set is_household = measure in household_measures %}
        select
            report_year,
            gemeente_code,
            group_code,
            'total' as subgroup_code,
            '{{ "households" if is_household else "dwellings" }}' as unit,
            '{{ measure.code }}' as measure_code,
            cast({{ measure.value }} as decimal(18, 6)) as measure_value,
            round(cast({{ measure.value }} as decimal(18, 6)) / {{ measure.step }})
            * {{ measure.step }} as value_step
        from {{ "household_groups" if is_household else "dwelling_groups" }}
        where {{ measure.value }} is not null
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

-- the value distribution per gemeente: one row per keys and rounded value, with exact sums
gemeente_distributions as materialized (
    select
        report_year,
        gemeente_code,
        group_code,
        subgroup_code,
        unit,
        measure_code,
        cast(value_step as decimal(18, 6)) as value_step,
        count(*) as n_units,
        sum(measure_value) as value_sum,
        max(abs(measure_value)) as max_contribution
    from unit_values
    group by all
),

distributions as (
    {{ geo_rollup('gemeente_distributions', keys + ['value_step'], [
        'sum(rollup_input.n_units) as n_units',
        'sum(rollup_input.value_sum) as value_sum',
        'max(rollup_input.max_contribution) as max_contribution',
    ]) }}
),

-- running count over the rounded values; the (lower) median is the first value reaching half
cumulative as (
    select
        distributions.*,
        sum(distributions.n_units) over (
            partition by
                distributions.report_year,
                distributions.group_code,
                distributions.subgroup_code,
                distributions.unit,
                distributions.measure_code,
                distributions.geo_level,
                distributions.area_code
            order by distributions.value_step
            rows between unbounded preceding and current row
        ) as units_up_to_value,
        sum(distributions.n_units) over (
            partition by
                distributions.report_year,
                distributions.group_code,
                distributions.subgroup_code,
                distributions.unit,
                distributions.measure_code,
                distributions.geo_level,
                distributions.area_code
        ) as units_in_cell
    from distributions
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

{#- Magnitude measures: the unit, the value expression and the rows it applies to. -#}
{%- set household_measures = [
    {'code': 'disposable_income', 'value': 'disposable_income'},
    {'code': 'huurquote', 'value': 'huurquote'},
    {'code': 'woonquote', 'value': 'woonquote'},
] -%}
{%- set dwelling_measures = [
    {'code': 'floor_area_m2', 'value': 'floor_area_m2'},
    {'code': 'floor_area_per_person', 'value': 'floor_area_per_person'},
    {'code': 'kale_huur', 'value': 'kale_huur'},
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
household_groups as (
    select
        household_years.*,
        'population' as group_code
    from household_years
    where
        household_years.household_kind = 'particulier'
        and household_years.gemeente_code is not null

    union all

    select
        household_years.*,
        member_group.group_code
    from household_years,
        unnest({{ membership_group_codes('household_years.member_memberships') }}) as member_group (group_code)
    where
        household_years.household_kind = 'particulier'
        and household_years.gemeente_code is not null
),

-- woonruimten with the groups of their residents ('all' = every woonruimte)
dwelling_groups as (
    select
        dwelling_years.*,
        'all' as group_code
    from dwelling_years
    where dwelling_years.gemeente_code is not null

    union all

    select
        dwelling_years.*,
        resident_group.group_code
    from dwelling_years,
        unnest({{ membership_group_codes('dwelling_years.resident_memberships') }}) as resident_group (group_code)
    where dwelling_years.gemeente_code is not null
),

-- one row per unit, group and measure with a known value; exact decimals keep the sums deterministic
unit_values as (
    {%- for measure in household_measures %}
        select
            report_year,
            gemeente_code,
            group_code,
            'total' as subgroup_code,
            'households' as unit,
            '{{ measure.code }}' as measure_code,
            cast({{ measure.value }} as decimal(18, 6)) as measure_value
        from household_groups
        where {{ measure.value }} is not null

        union all
    {% endfor %}
    {%- for measure in dwelling_measures %}
        select
            report_year,
            gemeente_code,
            group_code,
            'total' as subgroup_code,
            'dwellings' as unit,
            '{{ measure.code }}' as measure_code,
            cast({{ measure.value }} as decimal(18, 6)) as measure_value
        from dwelling_groups
        where {{ measure.value }} is not null
        {%- if not loop.last %}

            union all
        {% endif %}
    {%- endfor %}
),

rolled_up as (
    {{ geo_rollup('unit_values', keys, [
        'count(*) as n_units',
        'sum(rollup_input.measure_value) as value_sum',
        'median(rollup_input.measure_value) as value_median',
        'max(abs(rollup_input.measure_value)) as max_contribution',
    ]) }}
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

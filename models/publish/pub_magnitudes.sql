-- The published averages and medians: one row per cube_magnitudes cell and statistic, shown to three
-- significant digits and only with >= sdc_min_cell units and no dominant contributor.
-- `value` and `year` are column names fixed by docs/architecture.md. -- noqa: disable=RF04
{% set keys = ['report_year', 'geo_level', 'area_code', 'group_code', 'subgroup_code', 'unit'] -%}
{%- set statistics = ['mean', 'median'] -%}

with

cube_magnitudes as (
    select * from {{ ref('cube_magnitudes') }}
),

checked as (
    select
        cube_magnitudes.*,
        {{ sdc_magnitude_safe(
            'cube_magnitudes.n_units', 'cube_magnitudes.value_sum', 'cube_magnitudes.max_contribution'
        ) }} as is_safe
    from cube_magnitudes
),

per_statistic as (
    {%- for statistic in statistics %}
        select
            {% for key in keys %}checked.{{ key }},
            {% endfor -%}
            checked.measure_code || '_{{ statistic }}' as measure_code,
            case when checked.is_safe then checked.value_{{ statistic }} end as raw_value
        from checked
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

rounded as (
    select
        {% for key in keys %}per_statistic.{{ key }},
        {% endfor -%}
        per_statistic.measure_code,
        case
            when per_statistic.raw_value = 0 then 0.0
            else round(per_statistic.raw_value, cast(2 - floor(log10(abs(per_statistic.raw_value))) as integer))
        end as value
    from per_statistic
)

select
    {% for key in keys %}rounded.{{ key }},
    {% endfor -%}
    rounded.measure_code,
    cast(rounded.value as double) as value,
    case when rounded.value is null then 'geheim' else 'visible' end as status,
    coalesce(cast(rounded.value as varchar), '{{ var("sdc_marker") }}') as shown
from rounded
order by
    {% for key in keys %}rounded.{{ key }},
    {% endfor -%}
    rounded.measure_code

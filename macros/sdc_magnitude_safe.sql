-- Returns a boolean expression: true when a magnitude cell may be published - at least var
-- `sdc_min_cell` units and a largest contributor of at most var `sdc_dominance_k` of the total.
{% macro sdc_magnitude_safe(n_units, value_sum, max_contribution) -%}
    coalesce(
        ({{ n_units }}) >= {{ var('sdc_min_cell') }}
        and ({{ value_sum }}) > 0
        and ({{ max_contribution }}) <= {{ var('sdc_dominance_k') }} * ({{ value_sum }}),
        false
    )
{%- endmacro %}

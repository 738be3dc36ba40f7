-- Returns a boolean expression: true when the true count `n` is below var `sdc_min_cell` (zero
-- included) or unknown (null), i.e. the cell must be suppressed as a primary cell.
{% macro sdc_is_primary(n) -%}
    coalesce(({{ n }}) < {{ var('sdc_min_cell') }}, true)
{%- endmacro %}

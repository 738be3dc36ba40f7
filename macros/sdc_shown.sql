-- Returns a varchar expression: how a published `value` is shown - the number with `decimals`
-- decimals (a point, no thousands separator) or var `sdc_marker` ('?') when the value is null.
{% macro sdc_shown(value, decimals=0) -%}
    {%- if decimals | int == 0 -%}
        coalesce(cast(cast({{ value }} as bigint) as varchar), '{{ var("sdc_marker") }}')
    {%- else -%}
        coalesce(printf('%.{{ decimals | int }}f', {{ value }}), '{{ var("sdc_marker") }}')
    {%- endif -%}
{%- endmacro %}

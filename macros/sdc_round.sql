-- Returns an integer expression: the true count `n` rounded to the nearest multiple of var
-- `sdc_round_base` as base * floor((n + base // 2) / base); null stays null.
{% macro sdc_round(n) -%}
    {%- set base = var('sdc_round_base') | int -%}
    cast({{ base }} * floor((({{ n }}) + {{ base // 2 }}) / {{ base }}) as integer)
{%- endmacro %}

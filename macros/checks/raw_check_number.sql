-- A number of seed value_rules as SQL text: whole numbers without a decimal point (18500101, not
-- 18500101.0), so that they also compare with 'yyyymmdd' strings.
{% macro raw_check_number(column) -%}
    case
        when {{ column }} = floor({{ column }}) then cast(cast({{ column }} as hugeint) as varchar)
        else cast({{ column }} as varchar)
    end
{%- endmacro %}

-- Returns a varchar expression: the household size class '1', '2', '3', '4' or '5+' of a size
-- (null when the size is null or below 1).
{% macro size_class(size) -%}
    case
        when {{ size }} >= 5 then '5+'
        when {{ size }} >= 1 then {{ size }}::varchar
    end
{%- endmacro %}

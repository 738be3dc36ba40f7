-- Returns a varchar expression: 'COLUMN=value | ...' of raw columns, the example row of a failing raw check.
{% macro raw_check_example(columns) -%}
    concat_ws(' | ', {% for column in columns %}'{{ column }}=' || coalesce({{ column }}::varchar, 'null'){{ ", " if not loop.last }}{% endfor %})
{%- endmacro %}

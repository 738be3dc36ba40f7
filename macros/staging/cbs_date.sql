-- Returns a DuckDB date for a CBS 'yyyymmdd' string column; the life-cycle open end 88888888 becomes
-- 2050-12-31 like every other open end. An unparseable string raises an error naming the value.
{% macro cbs_date(column_name) -%}
    case
        when {{ column_name }} = '88888888' then date '2050-12-31'
        else strptime({{ column_name }}, '%Y%m%d')::date
    end
{%- endmacro %}

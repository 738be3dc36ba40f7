-- Returns a DuckDB date for a CBS 'yyyymmdd' string column; the life-cycle open end 88888888 becomes
-- 2050-12-31 like every other open end. A string that is not a date gives null (never an error): the
-- raw checks (check `date`) report it with its table, column and rows first.
{% macro cbs_date(column_name) -%}
    case
        when {{ column_name }} = '88888888' then date '2050-12-31'
        else try_strptime({{ column_name }}, '%Y%m%d')::date
    end
{%- endmacro %}

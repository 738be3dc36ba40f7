-- Returns an integer expression: the age in completed years of a person born on birth_date, on the
-- given moment (a birthday on the moment itself counts; 29 February birthdays count from 1 March).
{% macro age_at(birth_date, moment) -%}
    (
        extract(year from {{ moment }}) - extract(year from {{ birth_date }})
        - case when strftime({{ birth_date }}, '%m%d') > strftime({{ moment }}, '%m%d') then 1 else 0 end
    )::integer
{%- endmacro %}

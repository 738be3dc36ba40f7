-- Returns an integer expression: the age in completed years of a person born on birth_date, on the
-- given moment (a birthday on the moment itself counts; 29 February birthdays count from 1 March).
{% macro age_at(birth_date, moment) -%}
    (
        year({{ moment }}) - year({{ birth_date }})
        - case
            when month({{ birth_date }}) * 100 + day({{ birth_date }}) > month({{ moment }}) * 100 + day({{ moment }})
                then 1
            else 0
        end
    )::integer
{%- endmacro %}

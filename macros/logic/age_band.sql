-- Returns a varchar expression: the age band of an age from the var elderly_age_bands (lower bounds,
-- e.g. [55, 65, 75, 85] gives '55_64', '65_74', '75_84', '85_plus'); null below the first bound.
{% macro age_band(age) -%}
    {%- set bounds = var('elderly_age_bands') | sort -%}
    case
        {%- for lower in bounds | reverse %}
            {%- set position = bounds | length - loop.index %}
            {%- if position == bounds | length - 1 %}
        when {{ age }} >= {{ lower }} then '{{ lower }}_plus'
            {%- else %}
        when {{ age }} >= {{ lower }} then '{{ lower }}_{{ bounds[position + 1] - 1 }}'
            {%- endif %}
        {%- endfor %}
    end
{%- endmacro %}

-- Returns a double expression: factor * numerator / denominator of two PUBLISHED counts rounded to
-- `decimals`, or null when either is suppressed or below var `sdc_pct_min` (or, with `complement`, their difference is).
{% macro sdc_derived(numerator, denominator, factor=1, decimals=1, complement=false) -%}
    {%- set minimum = var('sdc_pct_min') | int -%}
    case
        when
            ({{ numerator }}) >= {{ minimum }}
            and ({{ denominator }}) >= {{ minimum }}
            {%- if complement %}
                and ({{ denominator }}) - ({{ numerator }}) >= {{ minimum }}
            {%- endif %}
            then round({{ factor }} * ({{ numerator }})::double / ({{ denominator }}), {{ decimals | int }})
    end
{%- endmacro %}

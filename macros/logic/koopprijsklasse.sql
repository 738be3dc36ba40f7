-- Returns a varchar expression: 'tot_nhg' when the WOZ value is at most the year's NHG kostengrens
-- (inclusive), 'boven_nhg' above it, 'onbekend' when the WOZ value or the limit is missing.
{% macro koopprijsklasse(woz_value, nhg_limit) -%}
    case
        when {{ woz_value }} is null or {{ nhg_limit }} is null then 'onbekend'
        when {{ woz_value }} <= {{ nhg_limit }} then 'tot_nhg'
        else 'boven_nhg'
    end
{%- endmacro %}

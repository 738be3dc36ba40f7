-- Returns a varchar expression: the floor-area class of a usable floor area in m2 ('tot_50', '50_75',
-- '75_100', '100_150', '150_plus'; lower bounds inclusive) or 'onbekend' when missing or not positive.
{% macro floor_area_class(floor_area_m2) -%}
    case
        when {{ floor_area_m2 }} is null or {{ floor_area_m2 }} <= 0 then 'onbekend'
        when {{ floor_area_m2 }} < 50 then 'tot_50'
        when {{ floor_area_m2 }} < 75 then '50_75'
        when {{ floor_area_m2 }} < 100 then '75_100'
        when {{ floor_area_m2 }} < 150 then '100_150'
        else '150_plus'
    end
{%- endmacro %}

-- Returns a boolean expression: true when the spell [valid_from, valid_to] (inclusive ends) holds on
-- the given moment. Use it as a join condition between a spell table and the reference moments.
{% macro spell_covers(valid_from, valid_to, moment) -%}
    ({{ valid_from }} <= {{ moment }} and {{ valid_to }} >= {{ moment }})
{%- endmacro %}

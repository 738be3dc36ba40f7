-- Returns a constant expression: an empty list typed like the memberships columns of the marts
-- (struct(group_code varchar, subgroup_code varchar)[]), to coalesce missing lists to.
{% macro empty_memberships() -%}
    []::struct(group_code varchar, subgroup_code varchar) []
{%- endmacro %}

-- Returns a constant expression: an empty list typed like the memberships columns of the marts
-- (struct(group_code, subgroup_code)[] with the codes as enums of seeds groups and subgroups).
{% macro empty_memberships() -%}
    []::struct(group_code {{ code_enum('groups', 'group_code') }}, subgroup_code {{ code_enum('subgroups', 'subgroup_code') }}) []
{%- endmacro %}

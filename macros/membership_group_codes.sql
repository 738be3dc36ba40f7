-- Returns a varchar[] expression: the distinct group codes of a list of membership structs
-- (struct(group_code, subgroup_code)) as the marts carry them; an empty list when there are none.
{% macro membership_group_codes(memberships) -%}
    list_distinct(list_transform(
        coalesce({{ memberships }}, []), lambda membership: struct_extract(membership, 'group_code')
    ))
{%- endmacro %}

-- Returns an aggregate expression: the sorted list of struct(group_code, subgroup_code) of the rows
-- aggregated (feed it distinct rows), ignoring rows without a group; null when there is none.
{% macro memberships_list(group_code, subgroup_code) -%}
    list_sort(
        list(struct_pack(group_code := {{ group_code }}, subgroup_code := {{ subgroup_code }}))
            filter (where {{ group_code }} is not null)
    )
{%- endmacro %}

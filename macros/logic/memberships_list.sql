-- Returns an aggregate expression: the sorted, distinct list of struct(group_code, subgroup_code) of
-- the rows aggregated, ignoring rows without a group; null when there is none (coalesce it to []).
{% macro memberships_list(group_code, subgroup_code) -%}
    list_sort(list_distinct(
        list(struct_pack(group_code := {{ group_code }}, subgroup_code := {{ subgroup_code }}))
            filter (where {{ group_code }} is not null)
    ))
{%- endmacro %}

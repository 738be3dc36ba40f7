-- Returns a varchar expression: 'COLUMN=value | ...' of the parts of a raw_checks key (columns
-- `<prefix>1`, `<prefix>2`, ...), identifiers decoded back to their raw kind and number.
{% macro raw_check_key_example(parts, prefix) -%}
    concat_ws(' | ',
    {%- for part in parts %}
        {%- set column = prefix ~ loop.index %}
        {%- if part.entity is defined and part.kind %}
        '{{ part.kind }}=' || {{ cbs_id_of_key(part.entity, column, 'kind') }},
        '{{ part.name }}=' || {{ cbs_id_of_key(part.entity, column, 'number') }}
        {%- elif part.entity is defined %}
        '{{ part.name }}=' || {{ cbs_id_of_key(part.entity, column, 'number') }}
        {%- else %}
        '{{ part.name }}=' || coalesce({{ column }}::varchar, 'null')
        {%- endif %}{{ "," if not loop.last }}
    {%- endfor %})
{%- endmacro %}

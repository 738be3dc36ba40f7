-- Returns a list of the typed parts of a raw_checks key: per column the SQL expression (the integer key
-- of an identifier, whose kind column is folded in; a parsed date; or the raw column), its name, entity and kind.
{% macro raw_check_key_parts(columns, ids, kinds, dates) -%}
    {%- set parts = [] -%}
    {%- for column in columns if column not in kinds -%}
        {%- if column in ids -%}
            {%- set id = ids[column] -%}
            {%- do parts.append({'expr': cbs_key(id.entity, column, id.kind), 'entity': id.entity, 'kind': id.kind, 'name': column}) -%}
        {%- elif column in dates -%}
            {%- do parts.append({'expr': cbs_date(column), 'name': column}) -%}
        {%- else -%}
            {%- do parts.append({'expr': column, 'name': column}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(parts) }}
{%- endmacro %}

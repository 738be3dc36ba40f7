-- Returns a boolean expression: true when a CBS identifier meets what cbs_key assumes (the number
-- exactly var cbs_ids.<entity>.digits digits, the kind 1-3 ASCII characters), so its key is exact and
-- reversible; null when the number is null.
{% macro cbs_key_valid(entity, number, kind=none) -%}
    {%- set digits = cbs_id_digits(entity) -%}
    (
        regexp_full_match({{ number }}, '[0-9]{{ '{' ~ digits ~ '}' }}')
        {%- if kind is not none %}
        and strlen({{ kind }}) between 1 and 3
        and strlen({{ kind }}) = length({{ kind }})
        {%- endif %}
    )
{%- endmacro %}

-- Returns a bigint expression: the integer key of a CBS identifier, made without a lookup: the kind
-- (1-3 ASCII characters, e.g. 'R', 'VBO') as three bytes, times 10^digits, plus the number. Integer
-- order equals the order of the strings kind || number (numbers have a fixed number of digits).
{% macro cbs_key(entity, number, kind=none) -%}
    {%- set digits = cbs_id_digits(entity) -%}
    {%- if kind is none -%}
        try_cast({{ number }} as bigint)
    {%- else -%}
        (
            (ascii({{ kind }}[1]) * 65536 + ascii({{ kind }}[2]) * 256 + ascii({{ kind }}[3]))::bigint
            * {{ 10 ** digits }}
            + try_cast({{ number }} as bigint)
        )
    {%- endif -%}
{%- endmacro %}

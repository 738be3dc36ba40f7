-- Returns the number of digits of an entity's CBS number (var cbs_ids), after checking that its key
-- fits in a bigint: 3 kind bytes (at most 0x7f7f7f) times 10^digits.
{% macro cbs_id_digits(entity) -%}
    {%- set ids = var('cbs_ids') -%}
    {%- if entity not in ids -%}
        {{ exceptions.raise_compiler_error("cbs_ids: no entity '" ~ entity ~ "' (known: " ~ (ids.keys() | join(', ')) ~ ")") }}
    {%- endif -%}
    {%- set digits = ids[entity]['digits'] | int -%}
    {%- if digits < 1 or digits > 12 -%}
        {{ exceptions.raise_compiler_error("cbs_ids." ~ entity ~ ".digits must be 1-12 to fit a bigint key, got " ~ digits) }}
    {%- endif -%}
    {{ return(digits) }}
{%- endmacro %}

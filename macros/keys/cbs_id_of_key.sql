-- Returns a varchar expression: the CBS identifier of a key made by cbs_key (its inverse for identifiers
-- that pass cbs_key_valid): part 'kind' (e.g. 'R'), 'number' ('000012345') or 'id' (kind || number).
{% macro cbs_id_of_key(entity, key, part='id') -%}
    {%- set digits = cbs_id_digits(entity) -%}
    {%- set scale = 10 ** digits -%}
    {%- set kind -%}
        rtrim(
            chr((({{ key }}) // {{ scale }} // 65536)::integer)
            || chr((({{ key }}) // {{ scale }} // 256 % 256)::integer)
            || chr((({{ key }}) // {{ scale }} % 256)::integer),
            chr(0)
        )
    {%- endset -%}
    {%- set number = "lpad(((" ~ key ~ ") % " ~ scale ~ ")::varchar, " ~ digits ~ ", '0')" -%}
    {%- if part == 'kind' -%}
        {{ kind }}
    {%- elif part == 'number' -%}
        {{ number }}
    {%- elif part == 'id' -%}
        ({{ kind }} || {{ number }})
    {%- else -%}
        {{ exceptions.raise_compiler_error("cbs_id_of_key: part must be 'kind', 'number' or 'id', got '" ~ part ~ "'") }}
    {%- endif -%}
{%- endmacro %}

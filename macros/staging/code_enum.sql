-- Returns a DuckDB type: enum(...) of the distinct values of `column` in a seed (alphabetical, so
-- sorting and min/max give the same order as the strings), or varchar before the seed is loaded
-- (parse, lint) and in unit tests (their fixtures stand in for the models, not for the seeds).
-- Codes are stored as one byte this way and still read as today's strings.
{% macro code_enum(seed, column='code', where='true', extra=[]) -%}
    {%- if model is mapping and model.get('resource_type') == 'unit_test' -%}
        {{ return('varchar') }}
    {%- endif -%}
    {%- set relation = ref(seed) -%}
    {%- if execute and load_relation(relation) is not none -%}
        {%- set query -%}
            select distinct code::varchar as code from (
                select {{ column }} as code from {{ relation }} where {{ where }}
                {%- for value in extra %}
                union all select '{{ value }}'
                {%- endfor %}
            ) where code is not null order by code
        {%- endset -%}
        {%- set codes = run_query(query).columns[0].values() -%}
        enum({%- for code in codes -%}'{{ code | replace("'", "''") }}'{{ ", " if not loop.last }}{%- endfor -%})
    {%- else -%}
        varchar
    {%- endif -%}
{%- endmacro %}

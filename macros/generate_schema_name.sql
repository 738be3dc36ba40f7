-- Returns the schema for a node: the folder's custom schema as-is (staging, intermediate, marts,
-- cubes, publish, reference), so the warehouse reads like the project layout.
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}

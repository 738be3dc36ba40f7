-- Returns a DuckDB type: enum(...) of the category codes of one dimension of seed categories (see
-- code_enum), the type of the mart columns that hold that dimension's codes.
{% macro category_enum(dimension_code) -%}
    {{ code_enum('categories', 'category_code', "dimension_code = '" ~ dimension_code ~ "'") }}
{%- endmacro %}

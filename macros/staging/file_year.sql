-- Returns the integer file year of a yearly raw table from the `filename` column that read_parquet adds
-- (`.../<TABLE>_<yyyy>.parquet`).
{% macro file_year(filename_column='filename') -%}
    regexp_extract({{ filename_column }}, '_(\d{4})\.parquet$', 1)::integer
{%- endmacro %}

-- Generic test for a yearly source table: returns one row per file year that is missing, between the
-- report years (shifted by the offsets) and between the first and last year present.
{% test yearly_files_complete(model, first_year_offset=0, last_year_offset=0) %}

    {%- set report_years = var('report_years') -%}
    {%- set first_year = (report_years | min) + first_year_offset -%}
    {%- set last_year = (report_years | max) + last_year_offset -%}
    {%- set raw_dir = env_var('MHA_RAW_DIR', 'data/raw') -%}

    with

    present_years as (

        select distinct {{ file_year('filename') }} as file_year
        from {{ model }}

    ),

    required_years as (

        select unnest(range({{ first_year }}, {{ last_year }} + 1)) as file_year

        union

        select unnest(range(min(present_years.file_year), max(present_years.file_year) + 1)) as file_year
        from present_years

    ),

    missing_years as (

        select
            '{{ model.identifier }}' as table_name,
            required_years.file_year,
            '{{ raw_dir }}/{{ model.identifier }}/{{ model.identifier }}_'
            || required_years.file_year || '.parquet' as expected_file

        from required_years
        anti join present_years
            on required_years.file_year = present_years.file_year

    )

    select * from missing_years
    order by file_year

{% endtest %}

-- Generic test for a source table: returns one row per column that is missing from the raw Parquet, not
-- declared in the sources YAML, or of another DuckDB type than its declared `data_type`.
{% test raw_layout(model) %}

    {%- set ns = namespace(node=none) -%}
    {%- if execute -%}
        {%- for node in graph.sources.values() -%}
            {%- if node.identifier == model.identifier and node.source_name == model.schema -%}
                {%- set ns.node = node -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if ns.node is none -%}
            {{ exceptions.raise_compiler_error("raw_layout: no source definition found for " ~ model) }}
        {%- endif -%}
        {%- if ns.node.columns | length == 0 -%}
            {{ exceptions.raise_compiler_error("raw_layout: source " ~ ns.node.name ~ " declares no columns") }}
        {%- endif -%}
    {%- endif -%}

    {%- set table_name = ns.node.name if ns.node is not none else model.identifier -%}
    {%- set is_yearly = ns.node is not none and ns.node.meta.get('yearly', false) -%}

    with

    expected_columns as (

        select * from (
            values
            {%- if ns.node is not none %}
                {%- for column in ns.node.columns.values() %}
                ('{{ column.name }}', upper('{{ column.data_type }}')){% if not loop.last %},{% endif %}
                {%- endfor %}
            {%- else %}
                ('(not compiled)', '(not compiled)')
            {%- endif %}
        ) as declared (column_name, expected_type)

    ),

    actual_columns as (

        select
            described.column_name,
            described.column_type as actual_type

        from (describe select * from {{ model }}) as described
        {%- if is_yearly %}
            -- read_parquet(filename = true) adds the file name of a yearly table.
            where described.column_name != 'filename'
        {%- endif %}

    ),

    compared as (

        select
            '{{ table_name }}' as table_name,
            coalesce(expected_columns.column_name, actual_columns.column_name) as column_name,
            expected_columns.expected_type,
            actual_columns.actual_type,
            case
                when actual_columns.column_name is null then 'column missing from the raw file'
                when expected_columns.column_name is null then 'column not declared in the sources YAML'
                else 'wrong type'
            end as problem

        from expected_columns
        full outer join actual_columns
            on lower(expected_columns.column_name) = lower(actual_columns.column_name)
        where
            expected_columns.column_name is null
            or actual_columns.column_name is null
            or expected_columns.expected_type != actual_columns.actual_type

    )

    select * from compared
    order by column_name

{% endtest %}

-- Generic test: returns one row per combination of `combination_of_columns` that occurs more than once,
-- with the number of rows that share it (a composite primary-key test).
{% test unique_combination(model, combination_of_columns) %}

    {%- set key_columns = combination_of_columns | join(', ') -%}

    with

    tested as (

        select * from {{ model }}

    ),

    duplicated_keys as (

        select
            {{ key_columns }},
            count(*) as n_rows

        from tested
        group by all
        having count(*) > 1

    )

    select * from duplicated_keys
    order by n_rows desc, {{ key_columns }}

{% endtest %}

-- Generic test: returns one row per combination of `combination_of_columns` that occurs more than once,
-- with the number of rows that share it (a composite primary-key test).
{% test unique_combination(model, combination_of_columns) %}

    {%- set key_columns = combination_of_columns | join(', ') -%}

    with

    tested as (

        select * from {{ model }}

    ),

    -- One 64-bit hash per key first: aggregating a fixed-width hash over 100M rows is cheaper than
    -- aggregating the key columns themselves. Only keys whose hash repeats (duplicates, or the rare hash
    -- collision) are then grouped exactly; when no hash repeats, that second pass finds nothing to do.
    repeated_key_hashes as (

        select hash({{ key_columns }}) as key_hash

        from tested
        group by key_hash
        having count(*) > 1

    ),

    duplicated_keys as (

        select
            {{ key_columns }},
            count(*) as n_rows

        from tested
        where hash({{ key_columns }}) in (select repeated_key_hashes.key_hash from repeated_key_hashes)
        group by all
        having count(*) > 1

    )

    select * from duplicated_keys
    order by n_rows desc, {{ key_columns }}

{% endtest %}

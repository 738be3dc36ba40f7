-- Generic test: returns every row whose combination of `columns` (nulls skipped) has no row in `to` with
-- the same values in `to_columns`: a relationships test over several columns (e.g. year and code).
{% test relationships_composite(model, columns, to, to_columns) %}

    with

    child as (

        select * from {{ model }}

    ),

    parent as (

        select * from {{ to }}

    ),

    orphans as (

        select child.*
        from child
        anti join parent
            on
            {%- for column in columns %}
                {% if not loop.first %}and {% endif %}child.{{ column }} = parent.{{ to_columns[loop.index0] }}
            {%- endfor %}
        where
            {%- for column in columns %}
                {% if not loop.first %}and {% endif %}child.{{ column }} is not null
            {%- endfor %}

    )

    select * from orphans

{% endtest %}

-- Generic test: returns every spell that starts on or before the last day of an earlier spell of the same
-- `partition_by` key (spell ends inclusive), with the end of the spell it overlaps.
{% test no_overlapping_spells(model, partition_by, from_column='valid_from', to_column='valid_to') %}

    {%- set partition_columns = partition_by | join(', ') -%}

    with

    tested as (

        select * from {{ model }}

    ),

    spells_with_previous_end as (

        select
            {{ partition_columns }},
            {{ from_column }},
            {{ to_column }},
            max({{ to_column }}) over (
                partition by {{ partition_columns }}
                order by {{ from_column }}, {{ to_column }}
                rows between unbounded preceding and 1 preceding
            ) as previous_spells_end

        from tested
        where {{ from_column }} is not null

    ),

    overlapping_spells as (

        select * from spells_with_previous_end
        where {{ from_column }} <= previous_spells_end

    )

    select * from overlapping_spells
    order by {{ partition_columns }}, {{ from_column }}

{% endtest %}

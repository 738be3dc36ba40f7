-- Generic test: returns every row whose spell ends before it starts (`to_column` < `from_column`);
-- a one-day spell has equal dates and passes. Put it on the from column.
{% test no_inverted_spells(model, column_name, to_column='valid_to') %}

    select * from {{ model }}
    where {{ column_name }} > {{ to_column }}

{% endtest %}

-- Generic test: returns every row in which one of `column_names` is null. One scan of the model for
-- all its required columns (a not_null test per column would read a large staging view once per column).
{% test not_null_columns(model, column_names) %}

    select * from {{ model }}
    where
    {%- for column in column_names %}
        {{ column }} is null{% if not loop.last %} or{% endif %}
    {%- endfor %}

{% endtest %}

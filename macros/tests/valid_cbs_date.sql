-- Generic test: returns every row whose CBS date string is not null and not a real 'yyyymmdd' date
-- (the open ends 20501231 and 88888888 pass), so a bad date is named before staging casts it.
{% test valid_cbs_date(model, column_name) %}

    select * from {{ model }}
    where
        {{ column_name }} is not null
        and {{ column_name }} != '88888888'
        and (
            not regexp_full_match({{ column_name }}, '[0-9]{8}')
            or try_strptime({{ column_name }}, '%Y%m%d') is null
        )

{% endtest %}

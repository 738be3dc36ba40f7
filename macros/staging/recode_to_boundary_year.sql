-- Returns a select of `relation` with its gemeente codes recoded to the boundary year: a code that
-- existed on 1 January of the row's year and ceased later goes to its successor(s) (a split's count
-- divided by the documented shares with the largest-remainder rule); rows then add up per key.
{% macro recode_to_boundary_year(relation, code_column, year_column, count_column, key_columns, successors=none) %}

    with

    successors as (

        select * from {{ successors if successors is not none else ref('stg_inputs__gemeente_successors') }}

    ),

    numbered as (

        select
            *,
            row_number() over (
                order by {{ code_column }}, {{ key_columns | join(', ') }}, {{ count_column }}
            ) as input_row

        from {{ relation }}

    ),

    parts as (

        select
            numbered.input_row,
            {% for key in key_columns %}numbered.{{ key }},
            {% endfor -%}
            numbered.{{ count_column }} as reported_count,
            coalesce(successors.gemeente_code, numbered.{{ code_column }}) as gemeente_code,
            case when successors.gemeente_code is null then 1.0 else successors.share_received end as share_received

        from numbered
        left join successors
            on
                numbered.{{ code_column }} = successors.old_gemeente_code
                and successors.ceased_on > make_date(numbered.{{ year_column }}, 1, 1)

    ),

    divided as (

        select
            *,
            floor(reported_count * share_received) as whole_part,
            reported_count * share_received - floor(reported_count * share_received) as remainder

        from parts

    ),

    allocated as (

        select
            *,
            reported_count - sum(whole_part) over (partition by input_row) as left_over,
            row_number() over (partition by input_row order by remainder desc, gemeente_code) as remainder_rank

        from divided

    ),

    recoded as (

        select
            gemeente_code,
            {% for key in key_columns %}{{ key }},
            {% endfor -%}
            -- null when a split has no share (the source test gemeente_codes_recodable refuses it) or a count is null
            case
                when bool_or(share_received is null or reported_count is null) then null
                else sum(whole_part + case when remainder_rank <= left_over then 1 else 0 end)
            end::integer as {{ count_column }}

        from allocated
        group by all

    )

    select * from recoded

{% endmacro %}

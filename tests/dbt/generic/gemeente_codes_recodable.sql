-- Generic test for the gemeente code of a policy input (4 digits, in the boundaries of the row's year):
-- returns one row per code and year that staging cannot recode to the boundary year, with the number
-- of rows and why: a split without documented shares, a gemeente that had ceased before 1 January of
-- that year, or a code that is neither a gemeente of the boundary year nor in seed herindelingen.
{% test gemeente_codes_recodable(model, column_name, year_column) %}

    with

    reported as (

        select
            'GM' || {{ column_name }} as gemeente_code,
            {{ year_column }} as input_year,
            count(*) as n_rows

        from {{ model }}
        group by all

    ),

    successors as (

        select * from {{ ref('stg_inputs__gemeente_successors') }}

    ),

    gemeenten as (

        select * from {{ ref('gemeenten') }}

    ),

    judged as (

        select
            reported.gemeente_code,
            reported.input_year,
            reported.n_rows,
            any_value(successors.old_gemeente_name) as gemeente_name,
            any_value(successors.ceased_on) as ceased_on,
            string_agg(
                successors.gemeente_code || ' ' || successors.gemeente_name, ', ' order by successors.gemeente_code
            ) as successors,
            bool_or(successors.share_received is null) as has_undocumented_share,
            count(successors.gemeente_code) as n_successors,
            count(gemeenten.gemeente_code) > 0 as is_current

        from reported
        left join successors
            on reported.gemeente_code = successors.old_gemeente_code
        left join gemeenten
            on reported.gemeente_code = gemeenten.gemeente_code
        group by reported.gemeente_code, reported.input_year, reported.n_rows

    ),

    refused as (

        select
            gemeente_code,
            input_year,
            n_rows,
            case
                when n_successors = 0 and not is_current
                    then 'unknown gemeente code: not a gemeente of {{ var("boundary_year") }} and not in seed herindelingen'
                when ceased_on <= make_date(input_year, 1, 1)
                    then gemeente_name || ' ceased on ' || ceased_on || ', before 1 January ' || input_year
                    || ' (the boundaries of the row''s year); its area went to ' || successors
                when has_undocumented_share
                    then gemeente_name || ' was split on ' || ceased_on || ' into ' || successors
                    || ' without a documented share (seed herindelingen, split_share):'
                    || ' give the figures per receiving gemeente'
            end as problem

        from judged

    )

    select * from refused
    where problem is not null
    order by gemeente_code, input_year

{% endtest %}

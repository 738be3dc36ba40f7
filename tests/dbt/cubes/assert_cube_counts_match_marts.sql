-- The Nederland totals of the cube equal independent counts on the marts: persons with an address,
-- private households, woonruimten, lettings and the rented stock on 1 January, per report year.

with

cube_totals as (
    select
        report_year,
        unit,
        group_code,
        dimension_code,
        n
    from {{ ref('cube_counts') }}
    where
        geo_level = 'nederland'
        and subgroup_code = 'total'
        and category_code = 'total'
        and group_code in ('population', 'all')
        and dimension_code in ('total', 'stock_1_jan')
),

mart_totals as (
    select
        report_year,
        'persons' as unit,
        'population' as group_code,
        'total' as dimension_code,
        count(*) as n
    from {{ ref('person_years') }}
    where gemeente_code is not null
    group by report_year

    union all

    select
        report_year,
        'households' as unit,
        'population' as group_code,
        'total' as dimension_code,
        count(*) as n
    from {{ ref('household_years') }}
    where gemeente_code is not null and household_kind = 'particulier'
    group by report_year

    union all

    select
        report_year,
        'dwellings' as unit,
        'all' as group_code,
        'total' as dimension_code,
        count(*) as n
    from {{ ref('dwelling_years') }}
    where gemeente_code is not null
    group by report_year

    union all

    select
        report_year,
        'lettings' as unit,
        'all' as group_code,
        'total' as dimension_code,
        count(*) filter (where is_letting) as n
    from {{ ref('letting_years') }}
    where gemeente_code is not null
    group by report_year

    union all

    select
        report_year,
        'dwellings' as unit,
        'all' as group_code,
        'stock_1_jan' as dimension_code,
        count(*) filter (where in_stock_on_1_jan) as n
    from {{ ref('letting_years') }}
    where gemeente_code is not null
    group by report_year
)

select
    mart_totals.*,
    cube_totals.n as cube_n
from mart_totals
left join cube_totals
    on
        mart_totals.report_year = cube_totals.report_year
        and mart_totals.unit = cube_totals.unit
        and mart_totals.group_code = cube_totals.group_code
        and mart_totals.dimension_code = cube_totals.dimension_code
where cube_totals.n is null or cube_totals.n != mart_totals.n

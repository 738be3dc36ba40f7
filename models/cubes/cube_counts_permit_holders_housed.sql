with

permit_holders_housed as (
    select * from {{ ref('int_permit_holders_housed') }}
),

categories as (
    select
        dimension_code,
        category_code
    from {{ ref('categories') }}
),

-- permit holders housed from a COA (or from no address) per half year: the taakstelling realisation
counts as (
    select
        report_year,
        gemeente_code,
        'permit_holders' as group_code,
        'total' as subgroup_code,
        'persons' as unit,
        'housed_from_coa' as dimension_code,
        'halfjaar_' || half_year as category_code,
        count(*) as n
    from permit_holders_housed
    where gemeente_code is not null
    group by all
),

combos as (
    select
        'permit_holders' as group_code,
        'total' as subgroup_code,
        'persons' as unit,
        categories.dimension_code,
        categories.category_code
    from categories
    where categories.dimension_code = 'housed_from_coa'
)

{{ cube_complete_grid('counts', 'combos') }}

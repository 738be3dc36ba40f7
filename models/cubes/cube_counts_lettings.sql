with

letting_years as (
    select * from {{ ref('letting_years') }}
),

groups as (
    select group_code from {{ ref('groups') }}
),

categories as (
    select
        dimension_code,
        category_code
    from {{ ref('categories') }}
),

-- rented dwellings in a gemeente, one row per combination of characteristics
letting_cells as materialized (
    select
        report_year,
        gemeente_code,
        sector,
        is_letting,
        in_stock_on_1_jan,
        coalesce(new_resident_memberships, []) as memberships,
        count(*) as n
    from letting_years
    where gemeente_code is not null
    group by all
),

-- a letting counts once for all lettings and once for every group with a new resident in it
letting_groups as (
    select
        letting_cells.*,
        'all' as group_code
    from letting_cells
    where letting_cells.is_letting

    union all

    select
        letting_cells.* exclude (group_codes),
        new_resident_group.group_code
    from (
        select
            letting_cells.*,
            {{ membership_group_codes('letting_cells.memberships') }} as group_codes
        from letting_cells
    ) as letting_cells,
        unnest(letting_cells.group_codes) as new_resident_group (group_code)
    where letting_cells.is_letting
),

-- the rented stock on 1 January, the denominator of the mutatiegraad
stock_counts as (
    select
        report_year,
        gemeente_code,
        'all' as group_code,
        'total' as subgroup_code,
        'dwellings' as unit,
        'stock_1_jan' as dimension_code,
        sector as category_code,
        sum(n) as n
    from letting_cells
    where in_stock_on_1_jan
    group by all
),

group_rows as (
    select
        'all' as group_code,
        'total' as subgroup_code
    union all
    select
        group_code,
        'total' as subgroup_code
    from groups
),

-- the lettings by sector, as far as the publication plan publishes them
{{ cube_part('lettings', 'letting_groups', ['sector'], 'group_rows', subgroup="'total'") }},

counts as (
    select
        report_year,
        gemeente_code,
        group_code,
        subgroup_code,
        unit,
        dimension_code,
        category_code,
        n
    from part_counts

    union all

    select
        report_year,
        gemeente_code,
        group_code,
        subgroup_code,
        unit,
        dimension_code,
        category_code,
        n
    from stock_counts
),

combos as (
    select
        group_code,
        subgroup_code,
        unit,
        dimension_code,
        category_code
    from part_combos

    union all

    select
        'all' as group_code,
        'total' as subgroup_code,
        'dwellings' as unit,
        categories.dimension_code,
        categories.category_code
    from categories
    where categories.dimension_code = 'stock_1_jan'
)

{{ cube_complete_grid('counts', 'combos') }}

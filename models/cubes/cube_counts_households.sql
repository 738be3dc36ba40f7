{#- Dimensions of households; each is a column of household_cells holding the category code. -#}
{%- set household_dimensions = [
    'tenure',
    'household_type',
    'household_size',
    'housing_benefit',
    'disposable_income_quintile',
    'taxable_income_quintile',
] -%}

with

household_years as (
    select * from {{ ref('household_years') }}
),

groups as (
    select group_code from {{ ref('groups') }}
),

-- private households in a gemeente, one row per combination of characteristics
household_cells as materialized (
    select
        report_year,
        gemeente_code,
        coalesce(tenure, 'onbekend') as tenure,
        coalesce(household_type_code, 'onbekend') as household_type,
        coalesce(household_size_class, 'onbekend') as household_size,
        case
            when has_housing_benefit then 'ja'
            when not has_housing_benefit then 'nee'
            else 'onbekend'
        end as housing_benefit,
        coalesce(cast(disposable_income_quintile as varchar), 'onbekend') as disposable_income_quintile,
        coalesce(cast(taxable_income_quintile as varchar), 'onbekend') as taxable_income_quintile,
        coalesce(member_memberships, []) as memberships,
        count(*) as n
    from household_years
    where
        household_kind = 'particulier'
        and gemeente_code is not null
    group by all
),

-- a household counts once for the population and once for every group with a member in it;
-- subgroups are not split for households (one household can hold several subgroups)
cell_groups as materialized (
    select
        report_year,
        gemeente_code,
        group_code,
        {%- for dimension in household_dimensions %}
            {{ dimension }},
        {%- endfor %}
        sum(n) as n
    from (
        select
            household_cells.*,
            'population' as group_code
        from household_cells

        union all

        select
            household_cells.* exclude (group_codes),
            member_group.group_code
        from (
            select
                household_cells.*,
                {{ membership_group_codes('household_cells.memberships') }} as group_codes
            from household_cells
        ) as household_cells,
            unnest(household_cells.group_codes) as member_group (group_code)
    ) as groups_unnested
    group by all
),

group_rows as (
    select
        'population' as group_code,
        'total' as subgroup_code
    union all
    select
        group_code,
        'total' as subgroup_code
    from groups
),

-- the counts and the cells that can exist for private households (no institutional type, no
-- niet-woning), as far as the publication plan publishes them
{{ cube_part(
    'households',
    'cell_groups',
    household_dimensions,
    'group_rows',
    subgroup="'total'",
    excluded="categories.dimension_code = 'household_type' and categories.category_code = '8'"
    ~ " or categories.dimension_code = 'tenure' and categories.category_code = 'niet_woning'",
) }}

{{ cube_complete_grid('part_counts', 'part_combos') }}

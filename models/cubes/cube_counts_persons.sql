{#- Dimensions of persons (macro cube_part); each is a column of person_cells holding the category. -#}
{%- set person_dimensions = [
    'tenure',
    'woonsituatie',
    'household_kind',
    'address_household_count',
    'household_type',
    'place_in_household',
    'household_size',
] -%}

with

person_years as (
    select * from {{ ref('person_years') }}
),

groups as (
    select group_code from {{ ref('groups') }}
),

subgroups as (
    select
        group_code,
        subgroup_code
    from {{ ref('subgroups') }}
),

-- persons with an address in a gemeente, reduced to one row per combination of characteristics and
-- memberships (the memberships are unnested once, on these cells, not on the persons)
person_cells as materialized (
    select
        report_year,
        gemeente_code,
        woonsituatie,
        case
            when woonsituatie = 'niet_woning' then 'niet_woning'
            else coalesce(tenure, 'onbekend')
        end as tenure,
        coalesce(household_kind, 'onbekend') as household_kind,
        coalesce(address_household_count_class, 'onbekend') as address_household_count,
        coalesce(household_type_code, 'onbekend') as household_type,
        coalesce(place_in_household_code, 'onbekend') as place_in_household,
        coalesce(household_size_class, 'onbekend') as household_size,
        coalesce(memberships, []) as memberships,
        count(*) as n
    from person_years
    where gemeente_code is not null
    group by all
),

-- one row per gemeente, (group, subgroup) and combination of characteristics: the population, any
-- group, each group and each real subgroup ('none' marks a group without subgroups)
cell_memberships as materialized (
    select
        report_year,
        gemeente_code,
        group_code,
        subgroup_code,
        {%- for dimension in person_dimensions %}
            {{ dimension }},
        {%- endfor %}
        sum(n) as n
    from (
        select
            person_cells.*,
            'population' as group_code,
            'total' as subgroup_code
        from person_cells

        union all

        select
            person_cells.*,
            'any_group' as group_code,
            'total' as subgroup_code
        from person_cells
        where len(person_cells.memberships) > 0

        union all

        select
            person_cells.* exclude (group_codes),
            member_group.group_code,
            'total' as subgroup_code
        from (
            select
                person_cells.*,
                {{ membership_group_codes('person_cells.memberships') }} as group_codes
            from person_cells
        ) as person_cells,
            unnest(person_cells.group_codes) as member_group (group_code)

        union all

        select
            person_cells.*,
            struct_extract(member_subgroup.membership, 'group_code') as group_code,
            struct_extract(member_subgroup.membership, 'subgroup_code') as subgroup_code
        from person_cells,
            unnest(person_cells.memberships) as member_subgroup (membership)
        where struct_extract(member_subgroup.membership, 'subgroup_code') != 'none'
    ) as memberships_unnested
    group by all
),

-- the groups of every cell of persons in at least one group, for the overlap matrix
cell_groups as (
    select
        report_year,
        gemeente_code,
        {{ membership_group_codes('memberships') }} as group_codes,
        n
    from person_cells
    where len(memberships) > 0
),

-- persons in group a who are also in group b (a = b is the group itself), and in two or more groups
overlap_counts as (
    select
        cell_groups.report_year,
        cell_groups.gemeente_code,
        group_a.group_code,
        'total' as subgroup_code,
        'overlap' as dimension_code,
        group_b.group_code as category_code,
        sum(cell_groups.n) as n
    from cell_groups,
        unnest(cell_groups.group_codes) as group_a (group_code),
        unnest(cell_groups.group_codes) as group_b (group_code)
    group by all

    union all

    select
        cell_groups.report_year,
        cell_groups.gemeente_code,
        group_a.group_code,
        'total' as subgroup_code,
        'overlap' as dimension_code,
        'twee_of_meer' as category_code,
        sum(cell_groups.n) as n
    from cell_groups,
        unnest(list_append(cell_groups.group_codes, 'any_group')) as group_a (group_code)
    where len(cell_groups.group_codes) >= 2
    group by all
),

group_rows as (
    select
        'population' as group_code,
        'total' as subgroup_code
    union all
    select
        'any_group' as group_code,
        'total' as subgroup_code
    union all
    select
        group_code,
        'total' as subgroup_code
    from groups
    union all
    select
        group_code,
        subgroup_code
    from subgroups
    where subgroup_code != 'none'
),

-- the counts by each characteristic and the cells that can exist for persons, whether or not
-- anybody is counted in them, as far as the publication plan publishes them
{{ cube_part('persons', 'cell_memberships', person_dimensions, 'group_rows') }},

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
        'persons' as unit,
        dimension_code,
        category_code,
        n
    from overlap_counts
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
        groups.group_code,
        'total' as subgroup_code,
        'persons' as unit,
        'overlap' as dimension_code,
        other_groups.group_code as category_code
    from groups
    cross join groups as other_groups

    union all

    select
        overlap_rows.group_code,
        'total' as subgroup_code,
        'persons' as unit,
        'overlap' as dimension_code,
        'twee_of_meer' as category_code
    from (
        select group_code from groups
        union all
        select 'any_group' as group_code
    ) as overlap_rows
)

{{ cube_complete_grid('counts', 'combos') }}

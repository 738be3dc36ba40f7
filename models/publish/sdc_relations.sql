-- One row per member of every relation the published counts must respect: sum(coefficient * n) = 0
-- over a relation's cells (parts +1, the total -1). Derived from the seeds and the cell keys, never from
-- the counts. Joins run on integer coordinates (area, slice, layer) so the model stays small in memory.
with

cells as (
    select
        cell_id,
        report_year,
        geo_level,
        area_code,
        group_code,
        subgroup_code,
        unit,
        dimension_code,
        category_code
    from {{ ref('sdc_cells') }}
),

dimensions as (
    select * from {{ ref('dimensions') }}
),

area_paths as (
    select * from {{ ref('int_area_paths') }}
),

areas as (
    select
        geo_level,
        area_code,
        row_number() over (order by geo_level, area_code) as area_id
    from (select distinct
        geo_level,
        area_code
    from cells) as distinct_areas
),

-- the direct parents of an area: gemeente -> provincie, gemeente -> each woondealregio, provincie ->
-- nederland
area_edges as (
    select distinct
        child_areas.area_id as child_area_id,
        parent_areas.area_id as parent_area_id,
        'area_' || area_paths.geo_level as rel_kind
    from area_paths
    inner join areas as child_areas
        on
            child_areas.geo_level = 'gemeente'
            and area_paths.gemeente_code = child_areas.area_code
    inner join areas as parent_areas
        on
            area_paths.geo_level = parent_areas.geo_level
            and area_paths.area_code = parent_areas.area_code
    where area_paths.geo_level in ('provincie', 'woondealregio')

    union all

    select distinct
        child_areas.area_id as child_area_id,
        parent_areas.area_id as parent_area_id,
        'area_nederland' as rel_kind
    from area_paths as provincie_paths
    inner join area_paths as country_paths
        on
            provincie_paths.gemeente_code = country_paths.gemeente_code
            and country_paths.geo_level = 'nederland'
    inner join areas as child_areas
        on
            child_areas.geo_level = 'provincie'
            and provincie_paths.area_code = child_areas.area_code
    inner join areas as parent_areas
        on
            parent_areas.geo_level = 'nederland'
            and country_paths.area_code = parent_areas.area_code
    where provincie_paths.geo_level = 'provincie'
),

-- slots: a unit's (dimension, category) pairs, with the slot their category relation sums to
slots as (
    select
        unit,
        dimension_code,
        category_code,
        row_number() over (order by unit, dimension_code, category_code) as slot_id
    from (select distinct
        unit,
        dimension_code,
        category_code
    from cells) as distinct_slots
),

slot_parents as (
    select
        child.slot_id,
        parent.slot_id as parent_slot_id
    from slots as child
    inner join dimensions
        on child.dimension_code = dimensions.dimension_code
    inner join slots as parent
        on
            child.unit = parent.unit
            and parent.dimension_code
            = case when dimensions.has_own_total then dimensions.dimension_code else 'total' end
            and parent.category_code = 'total'
    where dimensions.is_additive and child.category_code != 'total'
),

-- small code lists, so that every cell gets integer coordinates without sorting the cells
years as (
    select
        report_year,
        row_number() over (order by report_year) - 1 as year_index
    from (select distinct report_year from cells) as distinct_years
),

groups as (
    select
        group_code,
        row_number() over (order by group_code) - 1 as group_index
    from (select distinct group_code from cells) as distinct_groups
),

subgroups as (
    select
        subgroup_code,
        row_number() over (order by subgroup_code) - 1 as subgroup_index
    from (select distinct subgroup_code from cells) as distinct_subgroups
),

units as (
    select
        unit,
        row_number() over (order by unit) - 1 as unit_index
    from (select distinct unit from cells) as distinct_units
),

sizes as (
    select
        (select count(*) from units) as n_units,
        (select count(*) from areas) + 1 as n_areas,
        (select count(*) from groups) as n_groups,
        (select count(*) from subgroups) as n_subgroups,
        (select count(*) from slots) + 1 as n_slots
),

-- integer coordinates of every cell: its area; its slice (every key but the area); its layer (every
-- key but dimension and category); its stack (every key but the subgroup); its overlap row (every key
-- but group, dimension and category)
coordinates as materialized (
    select
        cells.cell_id,
        cells.group_code,
        cells.subgroup_code,
        cells.dimension_code,
        cells.category_code,
        areas.area_id,
        slots.slot_id,
        ((years.year_index * sizes.n_groups + groups.group_index) * sizes.n_subgroups + subgroups.subgroup_index)
        * sizes.n_slots + slots.slot_id as slice_id,
        (
            ((years.year_index * sizes.n_areas + areas.area_id) * sizes.n_groups + groups.group_index)
            * sizes.n_subgroups + subgroups.subgroup_index
        ) * sizes.n_units + units.unit_index as layer_id,
        ((years.year_index * sizes.n_areas + areas.area_id) * sizes.n_groups + groups.group_index)
        * sizes.n_slots + slots.slot_id as stack_id,
        ((years.year_index * sizes.n_areas + areas.area_id) * sizes.n_subgroups + subgroups.subgroup_index)
        * sizes.n_units + units.unit_index as overlap_id
    from cells
    cross join sizes
    inner join areas
        on cells.geo_level = areas.geo_level and cells.area_code = areas.area_code
    inner join slots
        on
            cells.unit = slots.unit
            and cells.dimension_code = slots.dimension_code
            and cells.category_code = slots.category_code
    inner join years on cells.report_year = years.report_year
    inner join groups on cells.group_code = groups.group_code
    inner join subgroups on cells.subgroup_code = subgroups.subgroup_code
    inner join units on cells.unit = units.unit
),

-- categories of an additive dimension -> its own total or the group's total cell
category_links as (
    select
        'category' as rel_kind,
        child.dimension_code as rel_part,
        child.cell_id as child_id,
        parent.cell_id as parent_id
    from coordinates as child
    inner join slot_parents
        on child.slot_id = slot_parents.slot_id
    inner join coordinates as parent
        on
            child.layer_id = parent.layer_id
            and slot_parents.parent_slot_id = parent.slot_id
),

-- subgroups -> the group (subgroup 'total')
subgroup_links as (
    select
        'subgroup' as rel_kind,
        '' as rel_part,
        child.cell_id as child_id,
        parent.cell_id as parent_id
    from coordinates as child
    inner join coordinates as parent
        on
            child.stack_id = parent.stack_id
            and parent.subgroup_code = 'total'
    where child.subgroup_code != 'total'
),

-- gemeente -> provincie, gemeente -> each of its woondealregio's, provincie -> nederland
area_links as (
    select
        area_edges.rel_kind,
        '' as rel_part,
        child.cell_id as child_id,
        parent.cell_id as parent_id
    from coordinates as child
    inner join area_edges
        on child.area_id = area_edges.child_area_id
    inner join coordinates as parent
        on
            child.slice_id = parent.slice_id
            and area_edges.parent_area_id = parent.area_id
),

-- overlap: the diagonal (persons in G and in G) equals the group's total cell
diagonal_links as (
    select
        'overlap_diagonal' as rel_kind,
        '' as rel_part,
        child.cell_id as child_id,
        parent.cell_id as parent_id
    from coordinates as child
    inner join coordinates as parent
        on
            child.layer_id = parent.layer_id
            and parent.dimension_code = 'total'
            and parent.category_code = 'total'
    where child.dimension_code = 'overlap' and child.category_code = child.group_code
),

-- overlap: persons in A and in B = persons in B and in A (whole groups)
symmetry_links as (
    select
        'overlap_symmetry' as rel_kind,
        '' as rel_part,
        child.cell_id as child_id,
        parent.cell_id as parent_id
    from coordinates as child
    inner join coordinates as parent
        on
            child.overlap_id = parent.overlap_id
            and child.group_code = parent.category_code
            and child.category_code = parent.group_code
            and parent.dimension_code = 'overlap'
    where
        child.dimension_code = 'overlap'
        and child.subgroup_code = 'total'
        and child.group_code < child.category_code
),

links as (
    select * from category_links
    union all
    select * from subgroup_links
    union all
    select * from area_links
    union all
    select * from diagonal_links
    union all
    select * from symmetry_links
),

-- a relation is its kind, its total cell and (for categories) the dimension of its parts
members as (
    select
        links.rel_kind,
        links.rel_part,
        links.parent_id,
        links.child_id as cell_id,
        1 as coefficient
    from links
    union all
    select distinct
        links.rel_kind,
        links.rel_part,
        links.parent_id,
        links.parent_id as cell_id,
        -1 as coefficient
    from links
)

select
    members.rel_kind,
    members.cell_id,
    members.coefficient,
    dense_rank() over (order by members.rel_kind, members.parent_id, members.rel_part) as rel_id
from members

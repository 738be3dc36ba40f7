-- One row per member of every relation the published counts must respect: sum(coefficient * n) = 0
-- over a relation's cells (children +1, the parent -1). Derived from the seeds, never from the data.
with

cells as (
    select * from {{ ref('sdc_cells') }}
),

dimensions as (
    select * from {{ ref('dimensions') }}
),

gemeenten as (
    select * from {{ ref('gemeenten') }}
),

woondealregio_gemeenten as (
    select * from {{ ref('woondealregio_gemeenten') }}
),

-- categories of an additive dimension -> its own total or the group's total cell
category_links as (
    select
        'category' as rel_kind,
        concat_ws(
            '|', child.report_year, child.geo_level, child.area_code, child.group_code,
            child.subgroup_code, child.unit, child.dimension_code
        ) as rel_key,
        child.cell_id as child_id,
        parent.cell_id as parent_id
    from cells as child
    inner join dimensions
        on child.dimension_code = dimensions.dimension_code
    left join cells as parent
        on
            child.report_year = parent.report_year
            and child.geo_level = parent.geo_level
            and child.area_code = parent.area_code
            and child.group_code = parent.group_code
            and child.subgroup_code = parent.subgroup_code
            and child.unit = parent.unit
            and parent.dimension_code
            = case when dimensions.has_own_total then dimensions.dimension_code else 'total' end
            and parent.category_code = 'total'
    where dimensions.is_additive and child.category_code != 'total'
),

-- subgroups -> the group (subgroup 'total')
subgroup_links as (
    select
        'subgroup' as rel_kind,
        concat_ws(
            '|', child.report_year, child.geo_level, child.area_code, child.group_code,
            child.unit, child.dimension_code, child.category_code
        ) as rel_key,
        child.cell_id as child_id,
        parent.cell_id as parent_id
    from cells as child
    left join cells as parent
        on
            child.report_year = parent.report_year
            and child.geo_level = parent.geo_level
            and child.area_code = parent.area_code
            and child.group_code = parent.group_code
            and child.unit = parent.unit
            and child.dimension_code = parent.dimension_code
            and child.category_code = parent.category_code
            and parent.subgroup_code = 'total'
    where child.subgroup_code != 'total'
),

-- gemeente -> provincie, gemeente -> each of its woondealregio's, provincie -> nederland
area_parents as (
    select
        'gemeente' as child_level,
        gemeenten.gemeente_code as child_area,
        'provincie' as parent_level,
        gemeenten.provincie_code as parent_area
    from gemeenten
    union all
    select
        'gemeente' as child_level,
        woondealregio_gemeenten.gemeente_code as child_area,
        'woondealregio' as parent_level,
        woondealregio_gemeenten.woondealregio_code as parent_area
    from woondealregio_gemeenten
    union all
    select distinct
        'provincie' as child_level,
        gemeenten.provincie_code as child_area,
        'nederland' as parent_level,
        'NL01' as parent_area
    from gemeenten
),

area_links as (
    select
        'area_' || area_parents.parent_level as rel_kind,
        concat_ws(
            '|', child.report_year, area_parents.parent_area, child.group_code, child.subgroup_code,
            child.unit, child.dimension_code, child.category_code
        ) as rel_key,
        child.cell_id as child_id,
        parent.cell_id as parent_id
    from cells as child
    inner join area_parents
        on
            child.geo_level = area_parents.child_level
            and child.area_code = area_parents.child_area
    left join cells as parent
        on
            child.report_year = parent.report_year
            and area_parents.parent_level = parent.geo_level
            and area_parents.parent_area = parent.area_code
            and child.group_code = parent.group_code
            and child.subgroup_code = parent.subgroup_code
            and child.unit = parent.unit
            and child.dimension_code = parent.dimension_code
            and child.category_code = parent.category_code
),

-- overlap: the diagonal (persons in G and in G) equals the group's total cell
diagonal_links as (
    select
        'overlap_diagonal' as rel_kind,
        concat_ws(
            '|', child.report_year, child.geo_level, child.area_code, child.group_code,
            child.subgroup_code, child.unit
        ) as rel_key,
        child.cell_id as child_id,
        parent.cell_id as parent_id
    from cells as child
    left join cells as parent
        on
            child.report_year = parent.report_year
            and child.geo_level = parent.geo_level
            and child.area_code = parent.area_code
            and child.group_code = parent.group_code
            and child.subgroup_code = parent.subgroup_code
            and child.unit = parent.unit
            and parent.dimension_code = 'total'
            and parent.category_code = 'total'
    where child.dimension_code = 'overlap' and child.category_code = child.group_code
),

-- overlap: persons in A and in B = persons in B and in A (whole groups)
symmetry_links as (
    select
        'overlap_symmetry' as rel_kind,
        concat_ws(
            '|', child.report_year, child.geo_level, child.area_code, child.group_code,
            child.category_code, child.unit
        ) as rel_key,
        child.cell_id as child_id,
        parent.cell_id as parent_id
    from cells as child
    inner join cells as parent
        on
            child.report_year = parent.report_year
            and child.geo_level = parent.geo_level
            and child.area_code = parent.area_code
            and child.unit = parent.unit
            and child.group_code = parent.category_code
            and child.category_code = parent.group_code
            and parent.dimension_code = 'overlap'
            and parent.subgroup_code = 'total'
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

members as (
    select
        links.rel_kind,
        links.rel_key,
        links.child_id as cell_id,
        1 as coefficient
    from links
    union
    select distinct
        links.rel_kind,
        links.rel_key,
        links.parent_id as cell_id,
        -1 as coefficient
    from links
    where links.parent_id is not null
)

select
    members.rel_kind,
    members.rel_key,
    members.cell_id,
    members.coefficient,
    dense_rank() over (order by members.rel_kind, members.rel_key) as rel_id
from members

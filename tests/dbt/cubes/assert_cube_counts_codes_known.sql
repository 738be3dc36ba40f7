-- Every code in cube_counts is known: areas in the seeds of their level, groups and subgroups in
-- the groups seeds (or the cube's own population/any_group/all/total), categories in seed categories.

with

cube_counts as (
    select * from {{ ref('cube_counts') }}
),

areas as (
    select
        'gemeente' as geo_level,
        gemeente_code as area_code
    from {{ ref('gemeenten') }}
    union
    select
        'provincie' as geo_level,
        provincie_code as area_code
    from {{ ref('gemeenten') }}
    union
    select
        'woondealregio' as geo_level,
        woondealregio_code as area_code
    from {{ ref('woondealregio_gemeenten') }}
    union
    select
        'nederland' as geo_level,
        '{{ var("nederland_area_code") }}' as area_code
),

group_codes as (
    select group_code from {{ ref('groups') }}
    union
    select cube_groups.group_code
    from (values ('population'), ('any_group'), ('all')) as cube_groups (group_code)
),

subgroup_codes as (
    select
        group_code,
        subgroup_code
    from {{ ref('subgroups') }}
    where subgroup_code != 'none'
),

category_codes as (
    select
        dimension_code,
        category_code
    from {{ ref('categories') }}
    union
    select
        'overlap' as dimension_code,
        group_code as category_code
    from {{ ref('groups') }}
)

select
    cube_counts.report_year,
    cube_counts.geo_level,
    cube_counts.area_code,
    cube_counts.group_code,
    cube_counts.subgroup_code,
    cube_counts.unit,
    cube_counts.dimension_code,
    cube_counts.category_code,
    cube_counts.n,
    areas.area_code is null as is_unknown_area,
    group_codes.group_code is null as is_unknown_group,
    cube_counts.subgroup_code != 'total' and subgroup_codes.subgroup_code is null as is_unknown_subgroup,
    category_codes.category_code is null as is_unknown_category
from cube_counts
left join areas
    on
        cube_counts.geo_level = areas.geo_level
        and cube_counts.area_code = areas.area_code
left join group_codes
    on cube_counts.group_code = group_codes.group_code
left join subgroup_codes
    on
        cube_counts.group_code = subgroup_codes.group_code
        and cube_counts.subgroup_code = subgroup_codes.subgroup_code
left join category_codes
    on
        cube_counts.dimension_code = category_codes.dimension_code
        and cube_counts.category_code = category_codes.category_code
where
    areas.area_code is null
    or group_codes.group_code is null
    or (cube_counts.subgroup_code != 'total' and subgroup_codes.subgroup_code is null)
    or category_codes.category_code is null

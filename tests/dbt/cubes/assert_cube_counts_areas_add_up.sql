-- Every area level adds up to its parent: gemeenten to their provincie and to each woondealregio they
-- belong to (regions need not partition), provincies to Nederland.

with

cube_counts as (
    select * from {{ ref('cube_counts') }}
),

gemeenten as (
    select * from {{ ref('gemeenten') }}
),

woondealregio_gemeenten as (
    select distinct
        woondealregio_code,
        gemeente_code
    from {{ ref('woondealregio_gemeenten') }}
),

-- child area -> parent area, for every parent level
area_parents as (
    select
        'gemeente' as child_level,
        gemeente_code as child_code,
        'provincie' as parent_level,
        provincie_code as parent_code
    from gemeenten

    union all

    select
        'gemeente' as child_level,
        gemeente_code as child_code,
        'woondealregio' as parent_level,
        woondealregio_code as parent_code
    from woondealregio_gemeenten

    union all

    select distinct
        'provincie' as child_level,
        provincie_code as child_code,
        'nederland' as parent_level,
        '{{ var("nederland_area_code") }}' as parent_code
    from gemeenten
),

child_sums as (
    select
        cube_counts.report_year,
        area_parents.parent_level,
        area_parents.parent_code,
        cube_counts.group_code,
        cube_counts.subgroup_code,
        cube_counts.unit,
        cube_counts.dimension_code,
        cube_counts.category_code,
        sum(cube_counts.n) as sum_of_children
    from cube_counts
    inner join area_parents
        on
            cube_counts.geo_level = area_parents.child_level
            and cube_counts.area_code = area_parents.child_code
    group by all
)

select
    child_sums.*,
    parents.n as parent_n
from child_sums
full outer join cube_counts as parents
    on
        child_sums.report_year = parents.report_year
        and child_sums.parent_level = parents.geo_level
        and child_sums.parent_code = parents.area_code
        and child_sums.group_code = parents.group_code
        and child_sums.subgroup_code = parents.subgroup_code
        and child_sums.unit = parents.unit
        and child_sums.dimension_code = parents.dimension_code
        and child_sums.category_code = parents.category_code
where
    (parents.geo_level is null or parents.geo_level != 'gemeente')
    and (
        child_sums.sum_of_children is null
        or parents.n is null
        or child_sums.sum_of_children != parents.n
    )

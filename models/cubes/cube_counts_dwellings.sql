{#- Dimensions of woonruimten (macro cube_part): a column holding the category, or the category
    expression and the dwellings it applies to. The rent bands cover rented dwellings with one
    private household on the address, per sector; the koopprijsklasse covers owner-occupied
    dwellings. These have their own total (seed dimensions). -#}
{%- set rent_band_population = "has_private_household and household_count = 1" -%}
{%- set dwelling_dimensions = [
    'tenure',
    {'code': 'rent_band_monitor_corporatie', 'category': 'rent_band_monitor',
     'applies': "tenure = 'corporatie' and is_rent_band_population"},
    {'code': 'rent_band_monitor_private_huur', 'category': 'rent_band_monitor',
     'applies': "tenure = 'private_huur' and is_rent_band_population"},
    {'code': 'rent_band_sector_corporatie', 'category': 'rent_band_sector',
     'applies': "tenure = 'corporatie' and is_rent_band_population"},
    {'code': 'rent_band_sector_private_huur', 'category': 'rent_band_sector',
     'applies': "tenure = 'private_huur' and is_rent_band_population"},
    {'code': 'koopprijsklasse', 'category': 'koopprijsklasse', 'applies': "tenure = 'koop'"},
    'bouwvorm',
    'floor_area_class',
] -%}

with

dwelling_years as (
    select * from {{ ref('dwelling_years') }}
),

groups as (
    select group_code from {{ ref('groups') }}
),

-- woonruimten in a gemeente, one row per combination of characteristics
dwelling_cells as materialized (
    select
        report_year,
        gemeente_code,
        coalesce(tenure, 'onbekend') as tenure,
        coalesce({{ rent_band_population }}, false) as is_rent_band_population,
        coalesce(rent_band_monitor, 'onbekend') as rent_band_monitor,
        coalesce(rent_band_sector, 'onbekend') as rent_band_sector,
        coalesce(koopprijsklasse, 'onbekend') as koopprijsklasse,
        coalesce(bouwvorm, 'onbekend') as bouwvorm,
        coalesce(floor_area_class, 'onbekend') as floor_area_class,
        coalesce(resident_memberships, []) as memberships,
        count(*) as n
    from dwelling_years
    where gemeente_code is not null
    group by all
),

-- a woonruimte counts once for all dwellings and once for every group with a resident in it;
-- subgroups are not split for dwellings (one dwelling can house several subgroups)
cell_groups as materialized (
    select
        report_year,
        gemeente_code,
        group_code,
        tenure,
        is_rent_band_population,
        rent_band_monitor,
        rent_band_sector,
        koopprijsklasse,
        bouwvorm,
        floor_area_class,
        sum(n) as n
    from (
        select
            dwelling_cells.*,
            'all' as group_code
        from dwelling_cells

        union all

        select
            dwelling_cells.* exclude (group_codes),
            resident_group.group_code
        from (
            select
                dwelling_cells.*,
                {{ membership_group_codes('dwelling_cells.memberships') }} as group_codes
            from dwelling_cells
        ) as dwelling_cells,
            unnest(dwelling_cells.group_codes) as resident_group (group_code)
    ) as groups_unnested
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

-- the counts and the cells that can exist for woonruimten (tenure has no niet-woning category
-- here), as far as the publication plan publishes them
{{ cube_part(
    'dwellings',
    'cell_groups',
    dwelling_dimensions,
    'group_rows',
    subgroup="'total'",
    excluded="categories.dimension_code = 'tenure' and categories.category_code = 'niet_woning'",
) }}

{{ cube_complete_grid('part_counts', 'part_combos') }}

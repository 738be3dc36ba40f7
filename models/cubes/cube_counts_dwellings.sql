{#- Dimensions of woonruimten: the category expression and the dwellings it applies to. The rent
    bands cover rented dwellings with one private household on the address, per sector; the
    koopprijsklasse covers owner-occupied dwellings. These have their own total (seed dimensions). -#}
{%- set rent_band_population = "has_private_household and household_count = 1" -%}
{%- set dwelling_dimensions = [
    {'code': 'tenure', 'category': 'tenure', 'applies': 'true'},
    {'code': 'rent_band_monitor_corporatie', 'category': 'rent_band_monitor',
     'applies': "tenure = 'corporatie' and is_rent_band_population"},
    {'code': 'rent_band_monitor_private_huur', 'category': 'rent_band_monitor',
     'applies': "tenure = 'private_huur' and is_rent_band_population"},
    {'code': 'rent_band_sector_corporatie', 'category': 'rent_band_sector',
     'applies': "tenure = 'corporatie' and is_rent_band_population"},
    {'code': 'rent_band_sector_private_huur', 'category': 'rent_band_sector',
     'applies': "tenure = 'private_huur' and is_rent_band_population"},
    {'code': 'koopprijsklasse', 'category': 'koopprijsklasse', 'applies': "tenure = 'koop'"},
    {'code': 'bouwvorm', 'category': 'bouwvorm', 'applies': 'true'},
    {'code': 'floor_area_class', 'category': 'floor_area_class', 'applies': 'true'},
] -%}

with

dwelling_years as (
    select * from {{ ref('dwelling_years') }}
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

counts as (
    select
        report_year,
        gemeente_code,
        group_code,
        'total' as subgroup_code,
        'dwellings' as unit,
        'total' as dimension_code,
        'total' as category_code,
        sum(n) as n
    from cell_groups
    group by all
    {%- for dimension in dwelling_dimensions %}

        union all

        select
            report_year,
            gemeente_code,
            group_code,
            'total' as subgroup_code,
            'dwellings' as unit,
            '{{ dimension.code }}' as dimension_code,
            {{ dimension.category }} as category_code,
            sum(n) as n
        from cell_groups
        where {{ dimension.applies }}
        group by all
    {%- endfor %}
),

-- every cell that can exist for woonruimten (tenure has no niet-woning category here)
combos as (
    select
        group_rows.group_code,
        'total' as subgroup_code,
        'dwellings' as unit,
        categories.dimension_code,
        categories.category_code
    from (
        select 'all' as group_code
        union all
        select group_code from groups
    ) as group_rows
    cross join categories
    where
        (
            categories.dimension_code = 'total'
            or categories.dimension_code in (
                {%- for dimension in dwelling_dimensions %}
                    '{{ dimension.code }}'{{ "," if not loop.last }}
                {%- endfor %}
            )
        )
        and not (categories.dimension_code = 'tenure' and categories.category_code = 'niet_woning')
)

{{ cube_complete_grid('counts', 'combos') }}

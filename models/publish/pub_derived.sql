-- The published derived figures: one row per cell and measure, computed from the PUBLISHED (rounded)
-- counts only and suppressed when a base is suppressed or below sdc_pct_min (see docs disclosure_rule).
-- `value` and `year` are column names fixed by docs/architecture.md. -- noqa: disable=RF04
{% set keys = [
    'report_year', 'geo_level', 'area_code', 'group_code', 'subgroup_code', 'unit', 'dimension_code',
    'category_code',
] -%}

with

counts as (
    select * from {{ ref('pub_counts') }}
),

dimensions as (
    select * from {{ ref('dimensions') }}
),

-- share of the dimension's own total or of the group's total cell (percent), incl. the overlap matrix
shares as (
    select
        {% for key in keys %}part.{{ key }},
        {% endfor -%}
        'share' as measure_code,
        {{ sdc_derived('part.value', 'whole.value', factor=100, decimals=1, complement=true) }} as value
    from counts as part
    inner join dimensions on part.dimension_code = dimensions.dimension_code
    inner join counts as whole
        on
            part.report_year = whole.report_year
            and part.geo_level = whole.geo_level
            and part.area_code = whole.area_code
            and part.group_code = whole.group_code
            and part.subgroup_code = whole.subgroup_code
            and part.unit = whole.unit
            and whole.dimension_code
            = case when dimensions.has_own_total then dimensions.dimension_code else 'total' end
            and whole.category_code = 'total'
    where
        (dimensions.is_additive or part.dimension_code = 'overlap')
        and part.category_code != 'total'
        and not (part.dimension_code = 'overlap' and part.category_code = part.group_code)
),

-- persons, households or dwellings of a group per 1,000 inhabitants of the area
per_1000 as (
    select
        {% for key in keys %}part.{{ key }},
        {% endfor -%}
        'per_1000_inhabitants' as measure_code,
        case
            when part.unit = 'persons'
                then {{ sdc_derived('part.value', 'population.value', factor=1000, decimals=1, complement=true) }}
            else {{ sdc_derived('part.value', 'population.value', factor=1000, decimals=1) }}
        end as value
    from counts as part
    inner join counts as population
        on
            part.report_year = population.report_year
            and part.geo_level = population.geo_level
            and part.area_code = population.area_code
            and population.group_code = 'population'
            and population.subgroup_code = 'total'
            and population.unit = 'persons'
            and population.dimension_code = 'total'
            and population.category_code = 'total'
    where part.dimension_code = 'total' and part.group_code != 'population'
),

-- persons per household of a group (on the households row)
persons_per_household as (
    select
        {% for key in keys %}households.{{ key }},
        {% endfor -%}
        'persons_per_household' as measure_code,
        {{ sdc_derived('persons.value', 'households.value', factor=1, decimals=2) }} as value
    from counts as households
    inner join counts as persons
        on
            households.report_year = persons.report_year
            and households.geo_level = persons.geo_level
            and households.area_code = persons.area_code
            and households.group_code = persons.group_code
            and households.subgroup_code = persons.subgroup_code
            and persons.unit = 'persons'
            and households.dimension_code = persons.dimension_code
            and households.category_code = persons.category_code
    where households.unit = 'households' and households.dimension_code = 'total'
),

-- lettings of the year per 100 rented dwellings of the sector on 1 January (all lettings)
mutatiegraad as (
    select
        {% for key in keys %}lettings.{{ key }},
        {% endfor -%}
        'mutatiegraad' as measure_code,
        {{ sdc_derived('lettings.value', 'stock.value', factor=100, decimals=1, complement=true) }} as value
    from counts as lettings
    inner join counts as stock
        on
            lettings.report_year = stock.report_year
            and lettings.geo_level = stock.geo_level
            and lettings.area_code = stock.area_code
            and stock.group_code = 'all'
            and stock.subgroup_code = 'total'
            and stock.unit = 'dwellings'
            and stock.dimension_code = 'stock_1_jan'
            and lettings.category_code = stock.category_code
    where
        lettings.unit = 'lettings'
        and lettings.group_code = 'all'
        and lettings.subgroup_code = 'total'
        and lettings.dimension_code = 'sector'
),

-- share of all lettings of a sector that went to (a household with someone of) the group
letting_shares as (
    select
        {% for key in keys %}lettings.{{ key }},
        {% endfor -%}
        'share_of_lettings' as measure_code,
        {{ sdc_derived('lettings.value', 'all_lettings.value', factor=100, decimals=1, complement=true) }} as value
    from counts as lettings
    inner join counts as all_lettings
        on
            lettings.report_year = all_lettings.report_year
            and lettings.geo_level = all_lettings.geo_level
            and lettings.area_code = all_lettings.area_code
            and all_lettings.group_code = 'all'
            and all_lettings.subgroup_code = 'total'
            and lettings.unit = all_lettings.unit
            and lettings.dimension_code = all_lettings.dimension_code
            and lettings.category_code = all_lettings.category_code
    where lettings.unit = 'lettings' and lettings.group_code != 'all'
),

derived as (
    select * from shares
    union all
    select * from per_1000
    union all
    select * from persons_per_household
    union all
    select * from mutatiegraad
    union all
    select * from letting_shares
)

select
    {% for key in keys %}derived.{{ key }},
    {% endfor -%}
    derived.measure_code,
    cast(derived.value as double) as value,
    case when derived.value is null then 'geheim' else 'visible' end as status,
    case
        when derived.measure_code = 'persons_per_household' then {{ sdc_shown('derived.value', 2) }}
        else {{ sdc_shown('derived.value', 1) }}
    end as shown
from derived
order by
    {% for key in keys %}derived.{{ key }},
    {% endfor -%}
    derived.measure_code

"""Every query the app runs, by name. Parameters are `?` placeholders; nothing is formatted into SQL.

The views `pub_counts`, `pub_derived`, `pub_magnitudes`, `pub_areas`, `pub_labels` and `pub_inputs`
are created by `data.py` over the Parquet files of the release. The app selects; it does not compute
figures: shares, rates and ratios come from `pub_derived`.
"""

from __future__ import annotations

SQL: dict[str, str] = {
    # -- metadata -------------------------------------------------------------------------------------
    "years": """
        select distinct report_year
        from pub_counts
        order by report_year
    """,
    "areas": """
        select *
        from pub_areas
        order by geo_level, area_name
    """,
    "parameters": """
        select parameter_code as name, value
        from pub_parameters
        where kind = 'parameter'
    """,
    "rules": """
        select parameter_code as name, value
        from pub_parameters
        where kind = 'regel'
        order by parameter_code
    """,
    "labels": """
        select *
        from pub_labels
    """,
    # -- one area, one year: every cell (a few thousand rows), sliced per table in the page ------------
    "counts_area_year": """
        select group_code, subgroup_code, unit, dimension_code, category_code, value, status, shown
        from pub_counts
        where report_year = ? and geo_level = ? and area_code = ?
    """,
    "derived_area_year": """
        select group_code, subgroup_code, unit, dimension_code, category_code, measure_code,
            value, status, shown
        from pub_derived
        where report_year = ? and geo_level = ? and area_code = ?
    """,
    "magnitudes_area_year": """
        select group_code, subgroup_code, unit, measure_code, value, status, shown
        from pub_magnitudes
        where report_year = ? and geo_level = ? and area_code = ?
    """,
    # -- trends: the totals of one area over all years --------------------------------------------------
    "totals_area_all_years": """
        select report_year, group_code, subgroup_code, unit, value, status, shown
        from pub_counts
        where geo_level = ? and area_code = ? and dimension_code = 'total' and category_code = 'total'
        order by report_year
    """,
    "derived_totals_area_all_years": """
        select report_year, group_code, subgroup_code, unit, dimension_code, category_code, measure_code,
            value, status, shown
        from pub_derived
        where geo_level = ? and area_code = ? and measure_code = ?
        order by report_year
    """,
    # -- several areas, one year: the totals (Vergelijken, Kaart) ---------------------------------------
    "totals_areas_year": """
        select geo_level, area_code, group_code, subgroup_code, unit, value, status, shown
        from pub_counts
        where report_year = ?
            and area_code in (select unnest(?::varchar[]))
            and dimension_code = 'total'
            and category_code = 'total'
    """,
    "rates_areas_year": """
        select geo_level, area_code, group_code, subgroup_code, unit, value, status, shown
        from pub_derived
        where report_year = ?
            and area_code in (select unnest(?::varchar[]))
            and dimension_code = 'total'
            and category_code = 'total'
            and measure_code = 'per_1000_inhabitants'
    """,
    "level_indicator_year": """
        select c.area_code, c.value, c.status, c.shown
        from pub_counts as c
        where c.report_year = ?
            and c.geo_level = ?
            and c.group_code = ?
            and c.subgroup_code = ?
            and c.unit = ?
            and c.dimension_code = 'total'
            and c.category_code = 'total'
    """,
    "level_rate_year": """
        select d.area_code, d.value, d.status, d.shown
        from pub_derived as d
        where d.report_year = ?
            and d.geo_level = ?
            and d.group_code = ?
            and d.subgroup_code = ?
            and d.unit = ?
            and d.dimension_code = 'total'
            and d.category_code = 'total'
            and d.measure_code = 'per_1000_inhabitants'
    """,
    # -- lettings and the permit-holder task -----------------------------------------------------------
    "lettings_area_all_years": """
        select report_year, group_code, subgroup_code, unit, category_code, value, status, shown
        from pub_counts
        where geo_level = ? and area_code = ? and unit = 'lettings' and dimension_code = 'sector'
        order by report_year
    """,
    "inputs_gemeenten_year": """
        select input_code, half_year, sum(value) as value, count(distinct gemeente_code) as gemeenten
        from pub_inputs
        where year = ? and gemeente_code in (select unnest(?::varchar[]))
        group by input_code, half_year
        order by input_code, half_year
    """,
    # -- Databank: a free selection ----------------------------------------------------------------------
    "databank_counts": """
        select report_year, geo_level, area_code, group_code, subgroup_code, unit, dimension_code,
            category_code, value, status, shown
        from pub_counts
        where unit = ?
            and dimension_code = ?
            and report_year in (select unnest(?::integer[]))
            and area_code in (select unnest(?::varchar[]))
            and group_code in (select unnest(?::varchar[]))
        order by report_year, geo_level, area_code, group_code, subgroup_code, category_code
    """,
    "databank_derived": """
        select report_year, geo_level, area_code, group_code, subgroup_code, unit, dimension_code,
            category_code, value, status, shown
        from pub_derived
        where unit = ?
            and dimension_code = ?
            and measure_code = ?
            and report_year in (select unnest(?::integer[]))
            and area_code in (select unnest(?::varchar[]))
            and group_code in (select unnest(?::varchar[]))
        order by report_year, geo_level, area_code, group_code, subgroup_code, category_code
    """,
    "indicators": """
        select distinct unit, dimension_code
        from pub_counts
        where report_year = ? and geo_level = 'nederland'
    """,
    "derived_measures": """
        select distinct unit, dimension_code, measure_code
        from pub_derived
        where report_year = ? and geo_level = 'nederland'
    """,
}

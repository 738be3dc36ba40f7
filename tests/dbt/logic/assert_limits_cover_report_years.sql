-- Every report year (var report_years) needs its rent and NHG limits in seed limits; without them every
-- rent band would be wrong. Returns one row per report year that has no complete limits row.
with

limits as (

    select * from {{ ref('limits') }}

),

report_years as (

    select unnest({{ var('report_years') | map('int') | list }}::integer[]) as report_year

),

missing as (

    select report_years.report_year

    from report_years
    left join limits
        on report_years.report_year = limits.year
    where
        limits.year is null
        or limits.kwaliteitskortingsgrens is null
        or limits.lage_aftoppingsgrens is null
        or limits.hoge_aftoppingsgrens is null
        or limits.liberalisatiegrens is null
        or limits.nhg_kostengrens is null

)

select * from missing

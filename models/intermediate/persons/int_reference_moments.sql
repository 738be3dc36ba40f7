-- The reference moments: 31 December of every report year (stocks) and of the year before each report
-- year (= 1 January of the report year, the start situation that lettings and flows compare against).
{%- set report_years = var('report_years') | map('int') | list %}

with

report_years as (

    select unnest({{ report_years }}::integer[]) as report_year

),

moment_years as (

    select report_year as moment_year from report_years
    union
    select report_year - 1 as moment_year from report_years

),

moments as (

    select
        moment_years.moment_year,
        make_date(moment_years.moment_year, 12, 31) as moment_date,
        make_date(moment_years.moment_year, 1, 1) as year_start_date,
        make_date(moment_years.moment_year + 1, 1, 1) as snapshot_date,
        moment_years.moment_year in (select report_years.report_year from report_years) as is_report_year

    from moment_years

)

select * from moments

-- Fixture test of macro geo_rollup: GM2 lies in two regions (R1, R2), GM3 in none; provincies P1
-- (GM1, GM2) and P2 (GM3). Returns the rows where the roll-up differs from the expected output.

with

fixture_gemeenten as (
    select
        fixture.gemeente_code,
        fixture.provincie_code
    from (
        values
        ('GM1', 'P1'),
        ('GM2', 'P1'),
        ('GM3', 'P2')
    ) as fixture (gemeente_code, provincie_code)
),

fixture_regions as (
    select
        fixture.woondealregio_code,
        fixture.gemeente_code
    from (
        values
        ('R1', 'GM1'),
        ('R1', 'GM2'),
        ('R2', 'GM2'),
        ('R2', 'GM2')
    ) as fixture (woondealregio_code, gemeente_code)
),

fixture_paths as (
    {{ area_paths('fixture_gemeenten', 'fixture_regions') }}
),

fixture_counts as (
    select
        fixture.report_year,
        fixture.cell,
        fixture.gemeente_code,
        fixture.n
    from (
        values
        (2021, 'a', 'GM1', 1),
        (2021, 'a', 'GM2', 10),
        (2021, 'a', 'GM3', 100),
        (2021, 'b', 'GM2', 0),
        (2022, 'a', 'GM3', 7)
    ) as fixture (report_year, cell, gemeente_code, n)
),

expected as (
    select
        fixture.report_year,
        fixture.cell,
        fixture.geo_level,
        fixture.area_code,
        fixture.n
    from (
        values
        (2021, 'a', 'gemeente', 'GM1', 1),
        (2021, 'a', 'gemeente', 'GM2', 10),
        (2021, 'a', 'gemeente', 'GM3', 100),
        (2021, 'a', 'provincie', 'P1', 11),
        (2021, 'a', 'provincie', 'P2', 100),
        (2021, 'a', 'woondealregio', 'R1', 11),
        (2021, 'a', 'woondealregio', 'R2', 10),
        (2021, 'a', 'nederland', '{{ var("nederland_area_code") }}', 111),
        (2021, 'b', 'gemeente', 'GM2', 0),
        (2021, 'b', 'provincie', 'P1', 0),
        (2021, 'b', 'woondealregio', 'R1', 0),
        (2021, 'b', 'woondealregio', 'R2', 0),
        (2021, 'b', 'nederland', '{{ var("nederland_area_code") }}', 0),
        (2022, 'a', 'gemeente', 'GM3', 7),
        (2022, 'a', 'provincie', 'P2', 7),
        (2022, 'a', 'nederland', '{{ var("nederland_area_code") }}', 7)
    ) as fixture (report_year, cell, geo_level, area_code, n)
),

rolled_up as (
    {{ geo_rollup(
        'fixture_counts',
        ['report_year', 'cell'],
        ['sum(rollup_input.n) as n'],
        area_paths='fixture_paths',
    ) }}
),

missing_rows as (
    select
        report_year,
        cell,
        geo_level,
        area_code,
        n
    from expected
    except all
    select
        report_year,
        cell,
        geo_level,
        area_code,
        n
    from rolled_up
),

unexpected_rows as (
    select
        report_year,
        cell,
        geo_level,
        area_code,
        n
    from rolled_up
    except all
    select
        report_year,
        cell,
        geo_level,
        area_code,
        n
    from expected
)

select
    'missing' as difference,
    missing_rows.*
from missing_rows
union all
select
    'unexpected' as difference,
    unexpected_rows.*
from unexpected_rows

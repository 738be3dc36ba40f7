-- Fixture test of macro recode_to_boundary_year. 2017: GM1987 (ceased 2018) adds to GM1952's own 5.
-- 2020: 10 for GM0788 (split 2021 by 40/35/17/8%) becomes 4, 3, 2, 1 (8 whole; the remainders .8 and
-- .7 get one each), 2 becomes 1, 1, 0, 0. 2021: GM0788 had ceased and stays as reported (the source
-- test refuses it). GM0005 split without a share gives null. GM0599 is taken as is.
-- Returns the rows where the recoded output differs from the expected output.

with

fixture_successors as (
    select
        fixture.old_gemeente_code,
        fixture.ceased_on::date as ceased_on,
        fixture.gemeente_code,
        fixture.share_received
    from (
        values
        ('GM1987', '2018-01-01', 'GM1952', 1.0),
        ('GM0788', '2021-01-01', 'GM0824', 0.40),
        ('GM0788', '2021-01-01', 'GM0865', 0.35),
        ('GM0788', '2021-01-01', 'GM0757', 0.17),
        ('GM0788', '2021-01-01', 'GM0855', 0.08),
        ('GM0005', '2018-01-01', 'GM0003', null),
        ('GM0005', '2018-01-01', 'GM0004', null)
    ) as fixture (old_gemeente_code, ceased_on, gemeente_code, share_received)
),

fixture_input as (
    select
        fixture.reported_gemeente_code,
        fixture.input_year,
        fixture.half_year,
        fixture.n
    from (
        values
        ('GM1952', 2017, 1, 5),
        ('GM1987', 2017, 1, 7),
        ('GM0788', 2020, 2, 10),
        ('GM0788', 2020, 1, 2),
        ('GM0788', 2021, 1, 3),
        ('GM0005', 2017, 1, 4),
        ('GM0599', 2020, 2, 100)
    ) as fixture (reported_gemeente_code, input_year, half_year, n)
),

expected as (
    select
        fixture.gemeente_code,
        fixture.input_year,
        fixture.half_year,
        fixture.n
    from (
        values
        ('GM1952', 2017, 1, 12),
        ('GM0824', 2020, 2, 4),
        ('GM0865', 2020, 2, 3),
        ('GM0757', 2020, 2, 2),
        ('GM0855', 2020, 2, 1),
        ('GM0824', 2020, 1, 1),
        ('GM0865', 2020, 1, 1),
        ('GM0757', 2020, 1, 0),
        ('GM0855', 2020, 1, 0),
        ('GM0788', 2021, 1, 3),
        ('GM0003', 2017, 1, null),
        ('GM0004', 2017, 1, null),
        ('GM0599', 2020, 2, 100)
    ) as fixture (gemeente_code, input_year, half_year, n)
),

actual as (
    {{ recode_to_boundary_year(
        'fixture_input', 'reported_gemeente_code', 'input_year', 'n', ['input_year', 'half_year'],
        successors='fixture_successors'
    ) }}
),

missing_rows as (
    select
        gemeente_code,
        input_year,
        half_year,
        n
    from expected
    except all
    select
        gemeente_code,
        input_year,
        half_year,
        n
    from actual
),

unexpected_rows as (
    select
        gemeente_code,
        input_year,
        half_year,
        n
    from actual
    except all
    select
        gemeente_code,
        input_year,
        half_year,
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

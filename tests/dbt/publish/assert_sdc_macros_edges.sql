-- Fixture test of the disclosure macros at the edges: 9/10/12/13, 0 and null for the threshold and the
-- rounding, and the derived-figure rule (base below 10, complement below 10, null numerator).
with

count_cases as (
    select
        fixture.n,
        fixture.expected_primary,
        fixture.expected_rounded
    from (
        values
        (cast(null as integer), true, cast(null as integer)),
        (0, true, 0),
        (9, true, 10),
        (10, false, 10),
        (12, false, 10),
        (13, false, 15),
        (17, false, 15),
        (18, false, 20),
        (179058, false, 179060)
    ) as fixture (n, expected_primary, expected_rounded)
),

ratio_cases as (
    select
        fixture.numerator,
        fixture.denominator,
        fixture.expected_share
    from (
        values
        (cast(10 as integer), cast(100 as integer), cast(10.0 as double)),
        (9, 100, cast(null as double)),
        (null, 100, null),
        (10, 9, null),
        (95, 100, null),
        (90, 100, 90.0),
        (15, 20, null)
    ) as fixture (numerator, denominator, expected_share)
),

count_results as (
    select
        'count' as fixture,
        cast(count_cases.n as varchar) as fixture_input,
        coalesce({{ sdc_is_primary('count_cases.n') }} = count_cases.expected_primary, false) as primary_ok,
        coalesce(
            {{ sdc_round('count_cases.n') }} = count_cases.expected_rounded,
            count_cases.expected_rounded is null and count_cases.n is null
        ) as value_ok
    from count_cases
),

ratio_results as (
    select
        'ratio' as fixture,
        concat_ws('/', ratio_cases.numerator, ratio_cases.denominator) as fixture_input,
        true as primary_ok,
        coalesce(
            {{ sdc_derived('ratio_cases.numerator', 'ratio_cases.denominator', 100, 1, true) }}
            = ratio_cases.expected_share,
            false
        )
        or (
            {{ sdc_derived('ratio_cases.numerator', 'ratio_cases.denominator', 100, 1, true) }} is null
            and ratio_cases.expected_share is null
        ) as value_ok
    from ratio_cases
)

select
    count_results.fixture,
    count_results.fixture_input
from count_results
where not (count_results.primary_ok and count_results.value_ok)
union all
select
    ratio_results.fixture,
    ratio_results.fixture_input
from ratio_results
where not (ratio_results.primary_ok and ratio_results.value_ok)

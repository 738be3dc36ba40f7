-- Fixture test of the macros rent_band and koopprijsklasse for every year of seed limits: a rent or
-- WOZ value exactly at a limit falls in the lower band, one cent (one euro) above in the next; null is
-- 'onbekend'. Returns one row per case where a macro disagrees with the expected band.
with

limits as (

    select * from {{ ref('limits') }}

),

-- Each case: which limit of the year, plus how much, and the bands expected in both schemes.
rent_case_definitions as (

    select
        definitions.limit_name,
        definitions.amount_above,
        definitions.expected_monitor,
        definitions.expected_sector

    from (
        values
        ('nul', 0.00, 'tot_kwaliteitskortingsgrens', 'tot_kwaliteitskortingsgrens'),
        ('kkg', 0.00, 'tot_kwaliteitskortingsgrens', 'tot_kwaliteitskortingsgrens'),
        ('kkg', 0.01, 'kwaliteitskortingsgrens_hoge_aftoppingsgrens', 'kwaliteitskortingsgrens_lage_aftoppingsgrens'),
        ('lage', 0.00, 'kwaliteitskortingsgrens_hoge_aftoppingsgrens', 'kwaliteitskortingsgrens_lage_aftoppingsgrens'),
        ('lage', 0.01, 'kwaliteitskortingsgrens_hoge_aftoppingsgrens', 'lage_aftoppingsgrens_hoge_aftoppingsgrens'),
        ('hoge', 0.00, 'kwaliteitskortingsgrens_hoge_aftoppingsgrens', 'lage_aftoppingsgrens_hoge_aftoppingsgrens'),
        ('hoge', 0.01, 'hoge_aftoppingsgrens_liberalisatiegrens', 'hoge_aftoppingsgrens_liberalisatiegrens'),
        ('lib', 0.00, 'hoge_aftoppingsgrens_liberalisatiegrens', 'hoge_aftoppingsgrens_liberalisatiegrens'),
        ('lib', 0.01, 'boven_liberalisatiegrens', 'boven_liberalisatiegrens'),
        ('onbekend', 0.00, 'onbekend', 'onbekend')
    ) as definitions (limit_name, amount_above, expected_monitor, expected_sector)

),

rent_cases as (

    select
        limits.year,
        rent_case_definitions.expected_monitor,
        rent_case_definitions.expected_sector,
        case rent_case_definitions.limit_name
            when 'nul' then 0.00
            when 'kkg' then limits.kwaliteitskortingsgrens
            when 'lage' then limits.lage_aftoppingsgrens
            when 'hoge' then limits.hoge_aftoppingsgrens
            when 'lib' then limits.liberalisatiegrens
        end + rent_case_definitions.amount_above as kale_huur

    from limits
    cross join rent_case_definitions

),

rent_results as (

    select
        'rent_band' as macro_name,
        rent_cases.year,
        rent_cases.kale_huur::varchar as input_value,
        rent_cases.expected_monitor || ' / ' || rent_cases.expected_sector as expected,
        {{ rent_band('rent_cases.kale_huur', 'limits', 'monitor') }}
        || ' / '
        || {{ rent_band('rent_cases.kale_huur', 'limits', 'sector') }} as actual

    from rent_cases
    inner join limits
        on rent_cases.year = limits.year

),

woz_case_definitions as (

    select
        definitions.amount_above,
        definitions.expected

    from (
        values
        (0, 'tot_nhg'),
        (1, 'boven_nhg'),
        (null, 'onbekend')
    ) as definitions (amount_above, expected)

),

woz_results as (

    select
        'koopprijsklasse' as macro_name,
        limits.year,
        (limits.nhg_kostengrens + woz_case_definitions.amount_above)::varchar as input_value,
        woz_case_definitions.expected,
        {{ koopprijsklasse('limits.nhg_kostengrens + woz_case_definitions.amount_above', 'limits.nhg_kostengrens') }}
            as actual

    from limits
    cross join woz_case_definitions

),

results as (

    select * from rent_results
    union all
    select * from woz_results

)

select * from results
where actual is distinct from expected

-- Fixture test of the macros rent_band and koopprijsklasse for every year of seed limits: a rent or
-- WOZ value exactly at a limit falls in the lower band, one cent (one euro) above in the next; null is
-- 'onbekend'. Returns one row per case where a macro disagrees with the expected band.
with

limits as (

    select * from {{ ref('limits') }}

),

rent_cases as (

    select year, kwaliteitskortingsgrens as kale_huur, 'tot_kwaliteitskortingsgrens' as expected_monitor, 'tot_kwaliteitskortingsgrens' as expected_sector from limits
    union all
    select year, kwaliteitskortingsgrens + 0.01, 'kwaliteitskortingsgrens_hoge_aftoppingsgrens', 'kwaliteitskortingsgrens_lage_aftoppingsgrens' from limits
    union all
    select year, lage_aftoppingsgrens, 'kwaliteitskortingsgrens_hoge_aftoppingsgrens', 'kwaliteitskortingsgrens_lage_aftoppingsgrens' from limits
    union all
    select year, lage_aftoppingsgrens + 0.01, 'kwaliteitskortingsgrens_hoge_aftoppingsgrens', 'lage_aftoppingsgrens_hoge_aftoppingsgrens' from limits
    union all
    select year, hoge_aftoppingsgrens, 'kwaliteitskortingsgrens_hoge_aftoppingsgrens', 'lage_aftoppingsgrens_hoge_aftoppingsgrens' from limits
    union all
    select year, hoge_aftoppingsgrens + 0.01, 'hoge_aftoppingsgrens_liberalisatiegrens', 'hoge_aftoppingsgrens_liberalisatiegrens' from limits
    union all
    select year, liberalisatiegrens, 'hoge_aftoppingsgrens_liberalisatiegrens', 'hoge_aftoppingsgrens_liberalisatiegrens' from limits
    union all
    select year, liberalisatiegrens + 0.01, 'boven_liberalisatiegrens', 'boven_liberalisatiegrens' from limits
    union all
    select year, 0.0, 'tot_kwaliteitskortingsgrens', 'tot_kwaliteitskortingsgrens' from limits
    union all
    select year, null, 'onbekend', 'onbekend' from limits

),

rent_results as (

    select
        'rent_band' as macro_name,
        rent_cases.year,
        rent_cases.kale_huur::varchar as input_value,
        rent_cases.expected_monitor || ' / ' || rent_cases.expected_sector as expected,
        {{ rent_band('rent_cases.kale_huur', 'limits', 'monitor') }}
        || ' / ' || {{ rent_band('rent_cases.kale_huur', 'limits', 'sector') }} as actual

    from rent_cases
    inner join limits
        on rent_cases.year = limits.year

),

woz_cases as (

    select year, nhg_kostengrens as woz_value, 'tot_nhg' as expected from limits
    union all
    select year, nhg_kostengrens + 1, 'boven_nhg' from limits
    union all
    select year, null, 'onbekend' from limits

),

woz_results as (

    select
        'koopprijsklasse' as macro_name,
        woz_cases.year,
        woz_cases.woz_value::varchar as input_value,
        woz_cases.expected,
        {{ koopprijsklasse('woz_cases.woz_value', 'limits.nhg_kostengrens') }} as actual

    from woz_cases
    inner join limits
        on woz_cases.year = limits.year

),

results as (

    select * from rent_results
    union all
    select * from woz_results

)

select * from results
where actual is distinct from expected

-- Group eu_labour_migrants: persons registered on 31 December with the nationality of another EU/EFTA
-- country, settled at most var eu_labour_migrant_max_years, main income from var eu_labour_migrant_secm_codes.
{{ config(tags=['group_definition']) }}
{%- set employment_codes = "'" ~ var('eu_labour_migrant_secm_codes') | join("', '") ~ "'" %}

with

moments as (

    select
        moment_year as report_year,
        moment_date
    from {{ ref('int_reference_moments') }}
    where is_report_year

),

persons as (

    -- registered at an address on 31 December of a report year
    select
        moment_year as report_year,
        person_key
    from {{ ref('int_persons_located_at_moments') }}
    where moment_year in (
        select reference_moments.moment_year
        from {{ ref('int_reference_moments') }} as reference_moments
        where reference_moments.is_report_year
    )

),

nationalities as (

    select
        person_key,
        nationality_code,
        settlement_date
    from {{ ref('stg_cbs__nationalities') }}

),

nationality_codes as (

    select
        code,
        is_eu_efta
    from {{ ref('code_nationalities') }}

),

socioeconomic_spells as (

    select
        person_key,
        secm_code,
        valid_from,
        valid_to
    from {{ ref('stg_cbs__socioeconomic_spells') }}
    where secm_code in ({{ employment_codes }})

),

-- Nationals of another EU/EFTA country: the Dutch nationality itself ('NL') does not count.
eu_nationals as (

    select
        nationalities.person_key,
        nationalities.settlement_date

    from nationalities
    inner join nationality_codes
        on nationalities.nationality_code = nationality_codes.code
    where nationality_codes.is_eu_efta and nationalities.nationality_code != 'NL'

),

recent_settlers as (

    select distinct
        moments.report_year,
        moments.moment_date,
        eu_nationals.person_key

    from eu_nationals
    inner join moments
        on
            eu_nationals.settlement_date <= moments.moment_date
            and eu_nationals.settlement_date
            >= (moments.moment_date - to_years({{ var('eu_labour_migrant_max_years') }}))::date

),

employed as (

    select distinct
        recent_settlers.report_year,
        recent_settlers.person_key

    from recent_settlers
    inner join socioeconomic_spells
        on
            recent_settlers.person_key = socioeconomic_spells.person_key
            and recent_settlers.moment_date >= socioeconomic_spells.valid_from
            and recent_settlers.moment_date <= socioeconomic_spells.valid_to

),

eu_labour_migrants as (

    select
        persons.person_key,
        persons.report_year,
        'eu_labour_migrants' as group_code,
        'none' as subgroup_code

    from employed
    inner join persons
        on
            employed.person_key = persons.person_key
            and employed.report_year = persons.report_year

)

select * from eu_labour_migrants

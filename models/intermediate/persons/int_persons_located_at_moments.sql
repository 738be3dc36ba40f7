-- Every person registered at an address on a reference moment, with the household spell that holds on
-- that moment. One pass per spell table: the few moments are a small range join on the spells.
-- Integer keys and one-byte codes only: this is the largest table of the warehouse (7 moments).
with

moments as (

    select
        moment_year,
        moment_date
    from {{ ref('int_reference_moments') }}

),

persons as (

    select
        person_key,
        birth_date,
        sex_code
    from {{ ref('stg_cbs__persons') }}

),

address_spells as (

    select
        person_key,
        object_key,
        object_kind,
        valid_from,
        valid_to
    from {{ ref('stg_cbs__address_spells') }}

),

household_spells as (

    select
        person_key,
        household_key,
        household_type_code,
        place_in_household_code,
        household_size,
        valid_from,
        valid_to

    from {{ ref('stg_cbs__household_spells') }}

),

addresses_at_moments as (

    select
        moments.moment_year,
        moments.moment_date,
        address_spells.person_key,
        address_spells.object_key,
        address_spells.object_kind

    from address_spells
    inner join moments
        on {{ spell_covers('address_spells.valid_from', 'address_spells.valid_to', 'moments.moment_date') }}

),

located as (

    select
        addresses_at_moments.moment_year,
        addresses_at_moments.person_key,
        persons.sex_code,
        {{ age_at('persons.birth_date', 'addresses_at_moments.moment_date') }} as age,
        addresses_at_moments.object_key,
        addresses_at_moments.object_kind,
        household_spells.household_key,
        household_spells.household_type_code,
        household_spells.place_in_household_code,
        household_spells.household_size

    from addresses_at_moments
    -- The household spell of the same person holding on the same moment: an equi-join on the person
    -- with the range as a residual condition keeps the build side at the size of the spell table.
    left join household_spells
        on
            addresses_at_moments.person_key = household_spells.person_key
            and addresses_at_moments.moment_date >= household_spells.valid_from
            and addresses_at_moments.moment_date <= household_spells.valid_to
    left join persons
        on addresses_at_moments.person_key = persons.person_key

)

select * from located

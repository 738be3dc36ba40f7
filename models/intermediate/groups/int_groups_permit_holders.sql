-- Group permit_holders (statushouders): asylum permit granted at most var permit_holder_max_years before
-- 31 December; subgroup c = in COA on 31 December, a = permit in the year or in COA on 1 January, b = rest.
{{ config(tags=['group_definition']) }}

with

moments as (

    select
        moment_year as report_year,
        year_start_date,
        moment_date
    from {{ ref('int_reference_moments') }}
    where is_report_year

),

permits as (

    select
        person_key,
        permit_date
    from {{ ref('stg_cbs__residence_permits') }}
    where permit_ground = 'ASIEL'

),

coa_stays as (

    select
        person_key,
        valid_from,
        valid_to
    from {{ ref('stg_cbs__coa_stays') }}

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

latest_permits as (

    select
        moments.report_year,
        moments.year_start_date,
        moments.moment_date,
        permits.person_key,
        max(permits.permit_date) as permit_date

    from permits
    inner join moments
        on
            permits.permit_date <= moments.moment_date
            and permits.permit_date >= (moments.moment_date - to_years({{ var('permit_holder_max_years') }}))::date
    group by moments.report_year, moments.year_start_date, moments.moment_date, permits.person_key

),

coa_presence as (

    select
        latest_permits.report_year,
        latest_permits.person_key,
        bool_or(
            {{ spell_covers('coa_stays.valid_from', 'coa_stays.valid_to', 'latest_permits.moment_date') }}
        ) as is_in_coa_on_31_dec,
        bool_or(
            {{ spell_covers('coa_stays.valid_from', 'coa_stays.valid_to', 'latest_permits.year_start_date') }}
        ) as is_in_coa_on_1_jan

    from latest_permits
    inner join coa_stays
        on latest_permits.person_key = coa_stays.person_key
    group by latest_permits.report_year, latest_permits.person_key

),

permit_holders as (

    select
        latest_permits.person_key,
        latest_permits.report_year,
        'permit_holders' as group_code,
        case
            when coa_presence.is_in_coa_on_31_dec then 'c'
            when
                latest_permits.permit_date >= latest_permits.year_start_date
                or coa_presence.is_in_coa_on_1_jan
                then 'a'
            else 'b'
        end as subgroup_code

    from latest_permits
    left join coa_presence
        on
            latest_permits.person_key = coa_presence.person_key
            and latest_permits.report_year = coa_presence.report_year
    left join persons
        on
            latest_permits.person_key = persons.person_key
            and latest_permits.report_year = persons.report_year
    -- In the population on 31 December: registered at an address, or living in a COA location.
    where persons.person_key is not null or coalesce(coa_presence.is_in_coa_on_31_dec, false)

)

select * from permit_holders

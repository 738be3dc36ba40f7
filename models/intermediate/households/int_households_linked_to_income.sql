-- The income of income year Y (INHATAB, linked through the members' income household in
-- KOPPELPERSOONHUISHOUDEN) of every household on 31 December of report year Y that has one.
-- A view (read once, by household_years, which tests its keys and codes).
{{ config(materialized='view') }}

with

moments as (

    select moment_year as report_year from {{ ref('int_reference_moments') }}
    where is_report_year

),

members as (

    select
        moment_year as report_year,
        household_key,
        person_key
    from {{ ref('int_persons_located_at_moments') }}
    where
        household_key is not null
        and moment_year in (select moments.report_year from moments)

),

person_income_households as (

    select
        income_year,
        person_key,
        income_household_key
    from {{ ref('stg_cbs__person_income_households') }}
    where income_year in (select moments.report_year from moments)

),

household_incomes as (

    select
        income_year,
        income_household_key,
        disposable_income,
        taxable_income,
        disposable_income_percentile,
        housing_benefit_code

    from {{ ref('stg_cbs__household_incomes') }}
    where income_year in (select moments.report_year from moments)

),

housing_benefit_codes as (

    select
        code,
        has_housing_benefit
    from {{ ref('code_inhehalgr') }}

),

-- The income household of a household: the one most of its members belong to (ties: lowest key,
-- which is the lowest RINPERSOONSHKW || RINPERSOONHKW).
income_links as (

    select
        members.report_year,
        members.household_key,
        person_income_households.income_household_key,
        count(*) as linked_member_count

    from members
    inner join person_income_households
        on
            members.person_key = person_income_households.person_key
            and members.report_year = person_income_households.income_year
    group by members.report_year, members.household_key, person_income_households.income_household_key

),

chosen_income_households as (

    select
        report_year,
        household_key,
        income_household_key
    from income_links
    qualify row_number() over (
        partition by report_year, household_key
        order by linked_member_count desc, income_household_key asc
    ) = 1

),

linked as (

    select
        chosen_income_households.report_year,
        chosen_income_households.household_key,
        household_incomes.disposable_income,
        household_incomes.taxable_income,
        housing_benefit_codes.has_housing_benefit,
        case
            when household_incomes.disposable_income_percentile between 1 and 100
                then (household_incomes.disposable_income_percentile - 1) // 20 + 1
        end as disposable_income_quintile

    from chosen_income_households
    inner join household_incomes
        on
            chosen_income_households.income_household_key = household_incomes.income_household_key
            and chosen_income_households.report_year = household_incomes.income_year
    left join housing_benefit_codes
        on household_incomes.housing_benefit_code = housing_benefit_codes.code

)

select * from linked

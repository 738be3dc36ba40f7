-- Households on 31 December of each report year with the income of income year Y (INHATAB, linked
-- through the members' income household), quintile classes, huurtoeslag, huurquote and woonquote.
-- A view (read once, by household_years): about 50M rows at scale 1.0
-- that need not be written to the warehouse; its keys and codes are tested on the mart.
{{ config(materialized='view') }}

with

households as (

    select * from {{ ref('int_households_at_moments') }}

),

members as (

    select
        report_year,
        household_id,
        person_id
    from {{ ref('int_persons_situated_at_moments') }}
    where household_id is not null

),

person_income_households as (

    select
        income_year,
        person_id,
        income_household_id
    from {{ ref('stg_cbs__person_income_households') }}

),

household_incomes as (

    select
        income_year,
        income_household_id,
        disposable_income,
        taxable_income,
        disposable_income_percentile,
        housing_benefit_code

    from {{ ref('stg_cbs__household_incomes') }}

),

housing_benefit_codes as (

    select
        code,
        has_housing_benefit
    from {{ ref('code_inhehalgr') }}

),

dwellings as (

    select
        report_year,
        object_id,
        kale_huur,
        woz_value
    from {{ ref('int_dwellings_classified_by_rent_band') }}

),

-- The income household of a household: the one most of its members belong to (ties: lowest id).
income_links as (

    select
        members.report_year,
        members.household_id,
        person_income_households.income_household_id,
        count(*) as linked_member_count

    from members
    inner join person_income_households
        on
            members.person_id = person_income_households.person_id
            and members.report_year = person_income_households.income_year
    group by members.report_year, members.household_id, person_income_households.income_household_id

),

chosen_income_households as (

    select
        report_year,
        household_id,
        income_household_id
    from income_links
    qualify row_number() over (
        partition by report_year, household_id
        order by linked_member_count desc, income_household_id asc
    ) = 1

),

joined as (

    select
        households.report_year,
        households.household_id,
        households.object_id,
        households.gemeente_code,
        households.household_type_code,
        households.household_size,
        households.member_count,
        households.household_kind,
        households.woonsituatie,
        households.address_household_count_class,
        households.tenure,
        household_incomes.disposable_income,
        household_incomes.taxable_income,
        housing_benefit_codes.has_housing_benefit,
        dwellings.kale_huur,
        dwellings.woz_value,
        case
            when household_incomes.disposable_income_percentile between 1 and 100
                then (household_incomes.disposable_income_percentile - 1) // 20 + 1
        end as disposable_income_quintile

    from households
    left join chosen_income_households
        on
            households.household_id = chosen_income_households.household_id
            and households.report_year = chosen_income_households.report_year
    left join household_incomes
        on
            chosen_income_households.income_household_id = household_incomes.income_household_id
            and chosen_income_households.report_year = household_incomes.income_year
    left join housing_benefit_codes
        on household_incomes.housing_benefit_code = housing_benefit_codes.code
    left join dwellings
        on
            households.object_id = dwellings.object_id
            and households.report_year = dwellings.report_year

),

-- Taxable income has no percentile in INHATAB: quintiles over the private households of the year.
taxable_quintiles as (

    select
        report_year,
        household_id,
        ntile(5) over (partition by report_year order by taxable_income, household_id) as taxable_income_quintile

    from joined
    where household_kind = 'particulier' and taxable_income is not null

),

final as (

    select
        joined.report_year,
        joined.household_id,
        joined.object_id,
        joined.gemeente_code,
        joined.household_type_code,
        joined.household_size,
        joined.member_count,
        joined.household_kind,
        joined.woonsituatie,
        joined.address_household_count_class,
        joined.tenure,
        joined.disposable_income,
        joined.taxable_income,
        joined.disposable_income_quintile,
        joined.has_housing_benefit,
        joined.kale_huur,
        joined.woz_value,
        taxable_quintiles.taxable_income_quintile,
        -- huurquote: 12 x monthly kale huur / besteedbaar household income (tenants, positive income).
        case
            when joined.tenure in ('corporatie', 'private_huur') and joined.disposable_income > 0
                then 12 * joined.kale_huur / joined.disposable_income
        end as huurquote,
        -- woonquote: yearly housing costs / besteedbaar income. Stand-in costs: tenants pay 12 x kale huur;
        -- owners var owner_housing_cost_rate x WOZ value (interest, taxes, upkeep; no mortgage data).
        case
            when joined.disposable_income > 0 and joined.tenure in ('corporatie', 'private_huur')
                then 12 * joined.kale_huur / joined.disposable_income
            when joined.disposable_income > 0 and joined.tenure = 'koop'
                then {{ var('owner_housing_cost_rate', 0.035) }} * joined.woz_value / joined.disposable_income
        end as woonquote

    from joined
    left join taxable_quintiles
        on
            joined.household_id = taxable_quintiles.household_id
            and joined.report_year = taxable_quintiles.report_year

)

select * from final

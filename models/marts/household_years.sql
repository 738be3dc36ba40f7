-- One row per household per report year: every household (private and institutional) on 31 December,
-- with its composition, income, housing costs and the groups of its members.
with

members as (

    select
        report_year,
        household_key,
        object_key,
        gemeente_code,
        household_type_code,
        household_size,
        household_kind,
        address_household_count_class,
        tenure,
        group_count,
        memberships
    from {{ ref('person_years') }}
    where household_key is not null

),

incomes as (

    select * from {{ ref('int_households_linked_to_income') }}

),

dwellings as (

    select
        moment_year as report_year,
        object_key,
        kale_huur,
        woz_value
    from {{ ref('int_objects_at_moments') }}
    where is_woonruimte

),

-- All members of a household spell share its address and attributes; min() picks that one value (codes
-- are enums in alphabetical order, keys in the order of the CBS identifiers: the same value as on strings).
households as (

    select
        report_year,
        household_key,
        min(object_key) as object_key,
        min(gemeente_code) as gemeente_code,
        min(household_type_code) as household_type_code,
        max(household_size) as household_size,
        count(*) as member_count,
        min(household_kind) as household_kind,
        min(address_household_count_class) as address_household_count_class,
        min(tenure) as tenure,
        list_sort(list_distinct(flatten(list(memberships) filter (where group_count > 0)))) as member_memberships

    from members
    group by report_year, household_key

),

joined as (

    select
        households.*,
        incomes.disposable_income,
        incomes.taxable_income,
        incomes.disposable_income_quintile,
        incomes.has_housing_benefit,
        dwellings.kale_huur,
        dwellings.woz_value

    from households
    left join incomes
        on
            households.household_key = incomes.household_key
            and households.report_year = incomes.report_year
    left join dwellings
        on
            households.object_key = dwellings.object_key
            and households.report_year = dwellings.report_year

),

-- Taxable income has no percentile in INHATAB: quintiles over the private households of the year.
taxable_quintiles as (

    select
        report_year,
        household_key,
        ntile(5) over (partition by report_year order by taxable_income, household_key) as taxable_income_quintile

    from joined
    where household_kind = 'particulier' and taxable_income is not null

),

household_years as (

    select
        joined.report_year,
        joined.household_key,
        joined.object_key,
        joined.gemeente_code,
        joined.household_type_code,
        joined.household_size,
        ({{ size_class('joined.household_size') }})::{{ category_enum('household_size') }} as household_size_class,
        joined.household_kind,
        joined.address_household_count_class,
        joined.tenure,
        joined.disposable_income,
        joined.taxable_income,
        joined.disposable_income_quintile,
        taxable_quintiles.taxable_income_quintile,
        joined.has_housing_benefit,
        joined.kale_huur,
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
        end as woonquote,
        coalesce(joined.member_memberships, {{ empty_memberships() }}) as member_memberships

    from joined
    left join taxable_quintiles
        on
            joined.household_key = taxable_quintiles.household_key
            and joined.report_year = taxable_quintiles.report_year

)

select * from household_years

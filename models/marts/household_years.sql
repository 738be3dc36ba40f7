-- One row per household per report year: every household (private and institutional) on 31 December,
-- with its composition, income, housing costs and the groups of its members.
with

households as (

    select * from {{ ref('int_households_joined_to_income') }}

),

memberships as (

    select * from {{ ref('int_group_memberships') }}
    where household_id is not null

),

member_memberships as (

    select distinct
        report_year,
        household_id,
        group_code,
        subgroup_code

    from memberships

),

member_membership_lists as (

    select
        report_year,
        household_id,
        {{ memberships_list('group_code', 'subgroup_code') }} as member_memberships

    from member_memberships
    group by report_year, household_id

),

household_years as (

    select
        households.report_year,
        households.household_id,
        households.object_id,
        households.gemeente_code,
        households.household_type_code,
        households.household_size,
        {{ size_class('households.household_size') }} as household_size_class,
        households.household_kind,
        households.address_household_count_class,
        households.tenure,
        households.disposable_income,
        households.taxable_income,
        households.disposable_income_quintile,
        households.taxable_income_quintile,
        households.has_housing_benefit,
        households.kale_huur,
        households.huurquote,
        households.woonquote,
        coalesce(member_membership_lists.member_memberships, {{ empty_memberships() }}) as member_memberships

    from households
    left join member_membership_lists
        on
            households.household_id = member_membership_lists.household_id
            and households.report_year = member_membership_lists.report_year

)

select * from household_years

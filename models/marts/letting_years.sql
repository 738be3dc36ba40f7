-- One row per rented woonruimte per report year and sector (corporatie, private huur): rented on
-- 31 December or in the stock on 1 January; whether it was vacated and let, and the new residents' groups.
with

dwellings as (

    select * from {{ ref('int_dwellings_let_in_year') }}

),

residents_compared as (

    select * from {{ ref('int_dwelling_residents_compared_with_1_jan') }}

),

memberships as (

    select * from {{ ref('int_group_memberships') }}

),

new_resident_memberships as (

    select distinct
        residents_compared.report_year,
        residents_compared.object_id,
        residents_compared.sector,
        memberships.group_code,
        memberships.subgroup_code

    from residents_compared
    inner join memberships
        on
            residents_compared.person_id = memberships.person_id
            and residents_compared.report_year = memberships.report_year
    where residents_compared.is_new_resident

),

new_resident_membership_lists as (

    select
        report_year,
        object_id,
        sector,
        {{ memberships_list('group_code', 'subgroup_code') }} as new_resident_memberships

    from new_resident_memberships
    group by report_year, object_id, sector

),

letting_years as (

    select
        dwellings.report_year,
        dwellings.object_id,
        dwellings.gemeente_code,
        dwellings.sector,
        dwellings.is_letting,
        dwellings.in_stock_on_1_jan,
        dwellings.new_resident_count,
        coalesce(
            new_resident_membership_lists.new_resident_memberships, {{ empty_memberships() }}
        ) as new_resident_memberships

    from dwellings
    left join new_resident_membership_lists
        on
            dwellings.object_id = new_resident_membership_lists.object_id
            and dwellings.report_year = new_resident_membership_lists.report_year
            and dwellings.sector = new_resident_membership_lists.sector

)

select * from letting_years

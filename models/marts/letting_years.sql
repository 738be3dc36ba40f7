-- One row per rented woonruimte per report year and sector (corporatie, private huur): rented on
-- 31 December or in the stock on 1 January; whether it was vacated and let, and the new residents' groups.
with

dwellings as (

    select * from {{ ref('int_dwellings_let_in_year') }}

),

new_residents as (

    select
        report_year,
        object_key,
        sector,
        person_key
    from {{ ref('int_dwelling_residents_compared_with_1_jan') }}
    where is_new_resident

),

memberships as (

    select * from {{ ref('int_group_memberships') }}

),

new_resident_memberships as (

    select distinct
        new_residents.report_year,
        new_residents.object_key,
        new_residents.sector,
        memberships.group_code,
        memberships.subgroup_code

    from new_residents
    inner join memberships
        on
            new_residents.person_key = memberships.person_key
            and new_residents.report_year = memberships.report_year

),

new_resident_membership_lists as (

    select
        report_year,
        object_key,
        sector,
        {{ memberships_list('group_code', 'subgroup_code') }} as new_resident_memberships

    from new_resident_memberships
    group by report_year, object_key, sector

),

letting_years as (

    select
        dwellings.report_year,
        dwellings.object_key,
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
            dwellings.object_key = new_resident_membership_lists.object_key
            and dwellings.report_year = new_resident_membership_lists.report_year
            and dwellings.sector = new_resident_membership_lists.sector

)

select * from letting_years

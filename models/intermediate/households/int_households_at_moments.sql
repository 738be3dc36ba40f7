-- Every household (private or institutional) on 31 December of each report year, from the household
-- spells of its members: address, type, size and the situation of the address.
-- A view (read once, by int_households_joined_to_income): about 50M rows at scale 1.0
-- that need not be written to the warehouse; its keys and codes are tested on the mart.
{{ config(materialized='view') }}

with

members as (

    select * from {{ ref('int_persons_situated_at_moments') }}
    where household_id is not null

),

households as (

    -- All members of a household spell share its address and attributes; min() picks that one value.
    select
        report_year,
        household_id,
        min(object_id) as object_id,
        min(gemeente_code) as gemeente_code,
        min(household_type_code) as household_type_code,
        max(household_size) as household_size,
        count(*) as member_count,
        min(household_kind) as household_kind,
        min(woonsituatie) as woonsituatie,
        min(address_household_count_class) as address_household_count_class,
        min(tenure) as tenure

    from members
    group by report_year, household_id

)

select * from households

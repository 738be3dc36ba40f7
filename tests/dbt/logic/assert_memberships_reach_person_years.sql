-- Every group membership reaches the person mart exactly once: per report year and group, the members
-- in int_group_memberships equal the persons in person_years whose memberships list holds that group.
with

memberships as (

    select
        report_year,
        group_code,
        count(*) as n_members
    from {{ ref('int_group_memberships') }}
    group by report_year, group_code

),

unnested_memberships as (

    select
        report_year,
        unnest(memberships) as membership

    from {{ ref('person_years') }}

),

person_memberships as (

    select
        report_year,
        struct_extract(membership, 'group_code') as group_code,
        count(*) as n_persons

    from unnested_memberships
    group by report_year, struct_extract(membership, 'group_code')

),

compared as (

    select
        memberships.n_members,
        person_memberships.n_persons,
        coalesce(memberships.report_year, person_memberships.report_year) as report_year,
        coalesce(memberships.group_code, person_memberships.group_code) as group_code

    from memberships
    full outer join person_memberships
        on
            memberships.report_year = person_memberships.report_year
            and memberships.group_code = person_memberships.group_code

)

select * from compared
where n_members is distinct from n_persons

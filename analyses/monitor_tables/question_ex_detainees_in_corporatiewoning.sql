-- Worked question (docs/querying.md): how many uitstromers uit detentie lived in a corporatiewoning
-- in Rotterdam on 31 December 2021? Counted on the person mart. Vars: monitor_year, monitor_gemeente.

with

person_years as (
    select * from {{ ref('person_years') }}
)

select count(*) as ex_detainees_in_corporatiewoning
from person_years
where
    report_year = {{ var('monitor_year', 2021) }}
    and gemeente_code = '{{ var("monitor_gemeente", "GM0599") }}'
    and tenure = 'corporatie'
    and list_contains({{ membership_group_codes('memberships') }}, 'ex_detainees')

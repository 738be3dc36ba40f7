-- Value rule death_after_birth (seed value_rules): a date of death is not before the date of birth.
-- Returns the persons whose death comes first.
{{ config(severity='warn' if 'death_after_birth' in var('value_rules_warn', []) else 'error') }}

with

deaths as (
    select * from {{ ref('stg_cbs__deaths') }}
),

persons as (
    select * from {{ ref('stg_cbs__persons') }}
)

select
    deaths.person_key,
    persons.birth_date,
    deaths.death_date
from deaths
inner join persons on deaths.person_key = persons.person_key
where deaths.death_date < persons.birth_date

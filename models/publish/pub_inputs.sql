-- The published policy inputs (not microdata): one row per input, gemeente, year, half year,
-- segment, planning status and group - taakstelling, plancapaciteit and regional afspraken.
-- `value` and `year` are column names fixed by docs/architecture.md. -- noqa: disable=RF04
with

permit_holder_tasks as (
    select * from {{ ref('stg_inputs__permit_holder_tasks') }}
),

planned_capacity as (
    select * from {{ ref('stg_inputs__planned_capacity') }}
),

regional_agreements as (
    select * from {{ ref('stg_inputs__regional_agreements') }}
),

inputs as (
    select
        'taakstelling' as input_code,
        permit_holder_tasks.gemeente_code,
        permit_holder_tasks.task_year as year,
        permit_holder_tasks.half_year,
        'total' as segment_code,
        'total' as plan_status_code,
        'permit_holders' as group_code,
        permit_holder_tasks.task_count as value
    from permit_holder_tasks
    union all
    select
        'plancapaciteit' as input_code,
        planned_capacity.gemeente_code,
        planned_capacity.plan_year as year,
        0 as half_year,
        planned_capacity.segment_code,
        planned_capacity.plan_status_code,
        'total' as group_code,
        planned_capacity.planned_dwellings as value
    from planned_capacity
    union all
    select
        'afspraken' as input_code,
        regional_agreements.gemeente_code,
        regional_agreements.agreement_year as year,
        0 as half_year,
        'total' as segment_code,
        'total' as plan_status_code,
        regional_agreements.group_code,
        regional_agreements.agreed_count as value
    from regional_agreements
)

select
    cast(inputs.input_code as varchar) as input_code,
    cast(inputs.gemeente_code as varchar) as gemeente_code,
    cast(inputs.year as integer) as year,
    cast(inputs.half_year as integer) as half_year,
    cast(inputs.segment_code as varchar) as segment_code,
    cast(inputs.plan_status_code as varchar) as plan_status_code,
    cast(inputs.group_code as varchar) as group_code,
    cast(inputs.value as bigint) as value
from inputs
order by
    inputs.input_code,
    inputs.gemeente_code,
    inputs.year,
    inputs.half_year,
    inputs.segment_code,
    inputs.plan_status_code,
    inputs.group_code

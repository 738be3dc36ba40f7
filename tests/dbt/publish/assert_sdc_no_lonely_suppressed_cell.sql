-- No relation has exactly one suppressed cell (it would equal the difference of published values).
with

relations as (
    select * from {{ ref('sdc_relations') }}
),

pattern as (
    select * from {{ ref('sdc_pattern') }}
)

select
    relations.rel_id,
    relations.rel_kind,
    relations.rel_key
from relations
inner join pattern on relations.cell_id = pattern.cell_id
group by relations.rel_id, relations.rel_kind, relations.rel_key
having count(*) filter (where pattern.status != 'visible') = 1

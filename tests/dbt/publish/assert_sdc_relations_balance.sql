-- Every relation of sdc_relations balances on the true counts: sum(coefficient * n) = 0.
-- A failing row names the relation, its kind, and the imbalance.
with

relations as (
    select * from {{ ref('sdc_relations') }}
),

cells as (
    select * from {{ ref('sdc_cells') }}
)

select
    relations.rel_id,
    relations.rel_kind,
    sum(relations.coefficient * cells.n) as imbalance,
    count(*) as members
from relations
inner join cells on relations.cell_id = cells.cell_id
group by relations.rel_id, relations.rel_kind
having sum(relations.coefficient * cells.n) != 0

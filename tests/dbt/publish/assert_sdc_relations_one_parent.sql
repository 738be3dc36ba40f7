-- Every relation has exactly one parent (coefficient -1) and at least one part: a relation without
-- its total cell (e.g. an own total missing from the cube) would be silently weaker.
with

relations as (
    select * from {{ ref('sdc_relations') }}
)

select
    relations.rel_id,
    relations.rel_kind,
    count(*) filter (where relations.coefficient = -1) as parents,
    count(*) filter (where relations.coefficient = 1) as parts
from relations
group by relations.rel_id, relations.rel_kind
having count(*) filter (where relations.coefficient = -1) != 1 or count(*) filter (where relations.coefficient = 1) = 0

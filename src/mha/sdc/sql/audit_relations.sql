-- Every published relation as (relation, cell, coefficient) entries.
select
    relations.rel_id,
    relations.cell_id,
    relations.coefficient
from publish.sdc_relations as relations

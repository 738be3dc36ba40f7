-- Every witness (an alternative table) as its non-zero differences from the true counts.
select
    witnesses.witness_id,
    witnesses.cell_id,
    witnesses.delta
from publish.sdc_witnesses as witnesses
order by witnesses.witness_id, witnesses.cell_id

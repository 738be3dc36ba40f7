"""The protection of the published counts: every cell's status and the witnesses that prove it.

Runs `mha.sdc.protect` on `sdc_cells` (with the area hierarchy and the dimensions seed): primary
cells (published, true count below `sdc_min_cell`), the witness search that finds for every primary
cell a table the attacker cannot tell from the truth with the cell at least P higher, and one with it
at most max(0, n - P), suppressing further cells (secondary) only where a witness needs them, and the
exact check of every witness against `sdc_relations` (the build stops when one fails).

One long table with two kinds of rows, read through `sdc_pattern` (one row per cell: status and the
witnesses proving its two sides) and `sdc_witnesses` (one row per witness and cell it moves).
"""

from mha.sdc.model import protection_table


def model(dbt, session):
    dbt.config(materialized="table")
    meta = dbt.config.get("meta")
    return protection_table(
        cells=dbt.ref("sdc_cells").to_arrow_table(),
        relations=dbt.ref("sdc_relations").select("rel_id, cell_id, coefficient").to_arrow_table(),
        area_paths=dbt.ref("int_area_paths").to_arrow_table(),
        dimensions=dbt.ref("dimensions").to_arrow_table(),
        min_cell=int(meta["sdc_min_cell"]),
        round_base=int(meta["sdc_round_base"]),
        protection_p=int(meta["sdc_protection_p"]),
        clean_up_evals=int(meta["sdc_clean_up_evals"]),
    )

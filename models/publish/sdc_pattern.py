"""The suppression pattern of every cell: status visible / primary / secondary.

One row per cell of `sdc_cells`. Runs `mha.sdc.protect`: primary cells (true count below
`sdc_min_cell`), a set-based pass until no relation of `sdc_relations` has exactly one suppressed
cell, then the LP audit (HiGHS) that adds the cheapest further suppressions until every primary
cell's interval satisfies lo <= max(0, n - P) and hi >= n + P. Move certificates (`mha.sdc.certify`,
from the cell keys and the area and dimension seeds) settle most primary cells before the LPs.
"""

from mha.sdc import AuditParams, protect
from mha.sdc.certify import KEY_COLUMNS, structure_from


def model(dbt, session):
    dbt.config(materialized="table")
    meta = dbt.config.get("meta")
    params = AuditParams(
        min_cell=int(meta["sdc_min_cell"]),
        round_base=int(meta["sdc_round_base"]),
        protection_p=int(meta["sdc_protection_p"]),
    )
    columns = ", ".join(["cell_id", "n", "tie_break", *KEY_COLUMNS])
    cells = dbt.ref("sdc_cells").select(columns).to_arrow_table()
    relations = dbt.ref("sdc_relations").select("rel_id, cell_id, coefficient").to_arrow_table()
    structure = structure_from(
        dbt.ref("gemeenten").to_arrow_table(),
        dbt.ref("woondealregio_gemeenten").to_arrow_table(),
        dbt.ref("dimensions").to_arrow_table(),
    )
    return protect(cells, relations, params, max_vars=int(meta["sdc_audit_max_vars"]), structure=structure)

"""What the dbt model `sdc_protection` runs: protect the cells, check every proof, return one table.

The table has two kinds of rows (read through the views `sdc_pattern` and `sdc_witnesses`):
- one per cell: `cell_id`, `status` (visible, primary, secondary, unpublished), `up_witness` and
  `down_witness` (the witness proving each side of a primary cell; -2 on the down side of a zero
  count, which the truth proves), `up_method` and `down_method` (what kind of witness it is);
- one per witness and cell it moves: `witness_id`, `cell_id`, `delta`.

Before returning, every proof is checked against the relations (`mha.sdc.verify`): when a witness
does not hold or a primary cell has no proof, the model fails, so the build fails and nothing is
published.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from mha.sdc.grid import KEY_COLUMNS
from mha.sdc.protect import Params, protect
from mha.sdc.verify import check_proofs


def _methods(prot, grid_class, grid_prov, side_witness: np.ndarray) -> np.ndarray:
    """A short description of each cell's proving witness (for the audit's figures)."""
    out = np.full(len(side_witness), None, dtype=object)
    out[side_witness == -2] = "truth"
    has = np.flatnonzero(side_witness >= 0)
    if not len(has):
        return out
    info = prot.w_info[side_witness[has]]
    r, d, variant = info[:, 2], info[:, 3], info[:, 4]
    rr, dd = np.maximum(r, 0), np.maximum(d, 0)
    kind = np.select(
        [d == -2, d == -1, grid_class[rr] == grid_class[dd], grid_prov[rr] == grid_prov[dd]],
        [0, 1, 2, 3],
        4,
    )
    names = np.array(
        [
            [f"{k} ({v})" for v in ("unit", "swap")]
            for k in (
                "paths",
                "path",
                "transfer within the class",
                "transfer within the provincie",
                "transfer",
            )
        ],
        dtype=object,
    )
    out[has] = names[kind, (variant != 0).astype(int)]
    return out


def protection_table(
    cells: pa.Table,
    relations: pa.Table,
    area_paths: pa.Table,
    dimensions: pa.Table,
    min_cell: int,
    round_base: int,
    protection_p: int,
    clean_up_evals: int = 256,
    log=print,
) -> pa.Table:
    params = Params(min_cell, round_base, protection_p)
    order = np.argsort(cells.column("cell_id").to_numpy(), kind="stable")
    cells = cells.take(pa.array(order))
    cell_id = cells.column("cell_id").to_numpy()
    missing = [c for c in (*KEY_COLUMNS, "n", "is_published") if c not in cells.column_names]
    if missing:
        raise ValueError(f"sdc_protection: sdc_cells lacks columns {missing}")
    prot = protect(
        cells, area_paths, dimensions, params, log=log,
        clean_up=clean_up_evals > 0, clean_up_evals=clean_up_evals,
    )  # fmt: skip
    grid = prot.grid
    n = cells.column("n").to_numpy().astype(np.int64)
    status = prot.status
    primary = status == "primary"
    suppressed = status != "visible"
    lo, hi = params.visible_bounds(params.rounded(n))
    lower = np.where(suppressed, 0.0, lo)
    upper = np.where(suppressed, np.inf, hi)
    rel_cell = relations.column("cell_id").to_numpy()
    pos = np.searchsorted(cell_id, rel_cell)
    if len(rel_cell) and (
        pos.max() >= len(cell_id) or np.any(cell_id[np.minimum(pos, len(cell_id) - 1)] != rel_cell)
    ):
        raise ValueError("sdc_protection: sdc_relations names cells that are not in sdc_cells")
    check = check_proofs(
        n,
        primary,
        lower,
        upper,
        pos,
        relations.column("rel_id").to_numpy(),
        relations.column("coefficient").to_numpy(),
        prot.w_start,
        prot.w_pos,
        prot.w_delta,
        protection_p,
    )
    unproven = check.unproven(primary)
    bad = int((~check.witness_ok).sum())
    if not check.truth_balanced or bad or unproven.any():
        examples = ", ".join(
            f"cell {cell_id[p]} ({'|'.join(str(cells.column(k)[p]) for k in KEY_COLUMNS)}, n={n[p]})"
            for p in np.flatnonzero(unproven)[:5]
        )
        raise RuntimeError(
            "sdc_protection: the protection is not proven, nothing may be published:"
            f" truth balances: {check.truth_balanced}; witnesses that do not hold: {bad};"
            f" primary cells without a proof: {int(unproven.sum())}"
            + (f", e.g. {examples}" if examples else "")
        )
    log(
        f"sdc: every primary cell proven: {int(primary.sum())} primary, {int((status == 'secondary').sum())}"
        f" secondary, {int((status == 'visible').sum())} visible, {int((status == 'unpublished').sum())}"
        f" unpublished cells; {len(prot.w_start) - 1} witnesses ({prot.seconds:.1f} s)"
    )
    up_w = np.where(primary, prot.up_witness, -1)
    down_w = np.where(primary, prot.down_witness, -1)
    size = len(n)
    n_entries = len(prot.w_pos)
    w_id = np.repeat(np.arange(len(prot.w_start) - 1, dtype=np.int64), np.diff(prot.w_start))
    null_i = pa.nulls(n_entries, pa.int64())
    null_s = pa.nulls(n_entries, pa.string())
    cell_rows = pa.table(
        {
            "cell_id": pa.array(cell_id, pa.int64()),
            "status": pa.array(status.astype(str)),
            "up_witness": pa.array(np.where(up_w >= 0, up_w, 0), mask=up_w < 0),
            "down_witness": pa.array(np.where(down_w != -1, down_w, 0), mask=down_w == -1),
            "up_method": pa.array(_methods(prot, grid.class_of, grid.prov_of, up_w), pa.string()),
            "down_method": pa.array(_methods(prot, grid.class_of, grid.prov_of, down_w), pa.string()),
            "witness_id": pa.nulls(size, pa.int64()),
            "delta": pa.nulls(size, pa.float64()),
        }
    )
    witness_rows = pa.table(
        {
            "cell_id": pa.array(cell_id[prot.w_pos], pa.int64()),
            "status": null_s,
            "up_witness": null_i,
            "down_witness": null_i,
            "up_method": null_s,
            "down_method": null_s,
            "witness_id": pa.array(w_id),
            "delta": pa.array(prot.w_delta, pa.float64()),
        }
    )
    return pa.concat_tables([cell_rows, witness_rows])

"""Protect the published counts: the suppression pattern and a proof for every primary cell.

`protect()` takes the cells of the cube (keys, true count, whether the publication plan publishes
the cell) and returns each cell's status (visible, primary, secondary; unpublished cells are not
shown at all) and the witnesses that prove every primary cell's protection interval
(`mha.sdc.search`), each verified against the relations (`mha.sdc.verify`) before it is returned.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from mha.sdc.grid import KEY_COLUMNS, Grid, build_grid
from mha.sdc.prune import prune
from mha.sdc.search import NO_PROOF, TRUTH, run_search


@dataclass(frozen=True)
class Params:
    """Disclosure parameters (dbt vars `sdc_min_cell`, `sdc_round_base`, `sdc_protection_p`)."""

    min_cell: int = 10
    round_base: int = 5
    protection_p: int = 3

    def rounded(self, n: np.ndarray) -> np.ndarray:
        """The published value of a visible count: `base * floor((n + base // 2) / base)`."""
        b = self.round_base
        return b * ((np.asarray(n, dtype=np.int64) + b // 2) // b)

    def visible_bounds(self, value: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """What an attacker knows of a visible cell published as `value`."""
        b = self.round_base
        value = np.asarray(value, dtype=np.float64)
        return np.maximum(value - b // 2, self.min_cell), value + (b - 1 - b // 2)


@dataclass
class Protection:
    status: np.ndarray  # per cell position: 'visible', 'primary', 'secondary', 'unpublished'
    up_witness: np.ndarray  # per cell: witness id proving the up side; -1 none
    down_witness: np.ndarray  # per cell: witness id; -2 the truth (a zero count); -1 none
    w_start: np.ndarray  # witness i is entries w_start[i]:w_start[i+1]
    w_pos: np.ndarray
    w_delta: np.ndarray
    w_info: np.ndarray  # per witness: target, side, receiver, other (-1 path, -2 paths), variant
    seconds: float
    grid: Grid


def grid_tuples(grid: Grid):
    g = (
        grid.fam_base, grid.fam_subs, grid.unit_slots, grid.fam_unit, grid.pos_at,
        grid.fam_of, grid.area_of, grid.sub_of, grid.slot_of,
    )  # fmt: skip
    s = (
        grid.dim_cats, grid.unit_slot_base, grid.unit_slots, grid.slot_kind, grid.slot_parent,
        grid.slot_group, grid.unit_dim_start, grid.dim_list, grid.dim_cat_start, grid.slot_dim,
        grid.fam_unit, grid.fam_subs, grid.fam_diag, grid.fam_lookup, grid.fam_year, grid.fam_group,
    )  # fmt: skip
    order = np.argsort(grid.class_of, kind="stable")
    cls_start = np.r_[0, np.cumsum(np.bincount(grid.class_of))].astype(np.int64)
    a = (
        grid.path_start, grid.path, grid.gem_area, grid.gem_of_area, grid.members_start, grid.members,
        grid.class_of, grid.prov_of, cls_start, order.astype(np.int64), grid.area_level,
    )  # fmt: skip
    return g, s, a


def suppression_weight(n: np.ndarray, level: np.ndarray) -> np.ndarray:
    """Cost of suppressing a visible cell: more for larger counts and higher levels."""
    return 1.0 + np.log10(np.maximum(np.asarray(n, dtype=np.float64), 1.0)) + 0.5 * level


def protect(
    cells: pa.Table,
    area_paths: pa.Table,
    dimensions: pa.Table,
    params: Params | None = None,
    log=print,
    max_pairs: int = 400,
    clean_up: bool = True,
    clean_up_evals: int = 256,
) -> Protection:
    """`cells`: KEY_COLUMNS, `n`, `is_published`; one row per cell (positions = row order)."""
    started = time.perf_counter()
    params = params or Params()
    grid = build_grid(cells.select(list(KEY_COLUMNS)), area_paths, dimensions)
    n = np.asarray(cells.column("n").to_numpy(), dtype=np.int64)
    published = np.asarray(cells.column("is_published").to_numpy(zero_copy_only=False), dtype=bool)
    primary = published & (n < params.min_cell)
    sup = ~published | primary
    lo, hi = params.visible_bounds(params.rounded(n))
    level = grid.area_level[grid.area_of]
    weight = suppression_weight(n, level)
    secondary = np.zeros(len(n), dtype=bool)
    # gemeenten first (their moves stay inside a class of gemeenten), then the levels above
    targets = np.flatnonzero(primary)
    targets = targets[np.lexsort((targets, level[targets]))].astype(np.int64)
    g, s, a = grid_tuples(grid)
    up_w = np.full(len(n), NO_PROOF, np.int64)
    down_w = np.where(primary & (n <= 0), TRUTH, NO_PROOF).astype(np.int64)
    # the report years share no relation, so they are searched at the same time (one thread each)
    year_of = grid.fam_year[grid.fam_of[targets]]
    years = np.unique(year_of)
    stats = np.zeros((len(years), 8), np.int64)
    prune_stats = np.zeros((len(years), 8), np.int64)
    t0 = time.perf_counter()

    def search(i: int):
        in_year = targets[year_of == years[i]]
        found = run_search(
            g, s, a, n, sup, secondary, primary, lo, hi, weight, in_year,
            params.protection_p, max_pairs, stats[i], up_w, down_w,
        )  # fmt: skip
        if not clean_up:
            return found
        return prune(
            g, s, a, n, sup, secondary, primary, lo, hi, weight, in_year, params.protection_p,
            max_pairs, clean_up_evals, prune_stats[i], up_w, down_w, *found,
        )  # fmt: skip

    with ThreadPoolExecutor(max_workers=max(1, min(len(years), os.cpu_count() or 1))) as pool:
        parts = list(pool.map(search, range(len(years))))
    # number the witnesses of all years in year order
    w_start, w_pos, w_delta, w_info = [np.zeros(1, np.int64)], [], [], []
    offset_w = 0
    for i, (ws, wp, wd, wi) in enumerate(parts):
        in_year = grid.fam_year[grid.fam_of] == years[i]
        up_w[in_year & (up_w >= 0)] += offset_w
        down_w[in_year & (down_w >= 0)] += offset_w
        w_start.append(ws[1:] + w_start[-1][-1])
        w_pos.append(wp)
        w_delta.append(wd)
        w_info.append(wi)
        offset_w += len(ws) - 1
    w_start = np.concatenate(w_start)
    w_pos = np.concatenate(w_pos) if w_pos else np.zeros(0, np.int64)
    w_delta = np.concatenate(w_delta) if w_delta else np.zeros(0, np.float64)
    w_info = np.concatenate(w_info) if w_info else np.zeros((0, 5), np.int64)
    stats = stats.sum(axis=0)
    log(
        f"sdc: witness search {time.perf_counter() - t0:.1f} s: {len(w_start) - 1} witnesses,"
        f" {len(w_pos)} entries, {int(secondary.sum())} secondary cells; {stats[0]} candidates for"
        f" {stats[1]} searches, {stats[2]} with a cost, {stats[3]} without a witness"
    )
    if clean_up:
        ps = prune_stats.sum(axis=0)
        log(
            f"sdc: clean-up dropped {ps[0]} redundant witnesses and showed {ps[1]} cells again;"
            f" of {ps[2]} secondary cells tried ({ps[4]} searches, {ps[5]} exchanges) {ps[3]} shown"
            f" again, {ps[6]} suppressed by exchanges"
        )
    status = np.where(~published, "unpublished", np.where(primary, "primary", "visible")).astype(object)
    status[secondary] = "secondary"
    return Protection(
        status, up_w, down_w, w_start, w_pos, w_delta, w_info, time.perf_counter() - started, grid
    )


__all__ = ["NO_PROOF", "TRUTH", "Params", "Protection", "protect"]

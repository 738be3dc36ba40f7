"""The attacker's audit: how narrowly can a published table pin down each suppressed small count?

Model (SPEC section 7, research/sdc.md section 3): every relation is a row `sum(coef * x) = 0` over
its cells. A visible cell published as the rounded value `a` lies in
`[max(a - base//2, min_cell), a + base - 1 - base//2]` (for base 5: `[max(a-2, 10), a+2]`); a suppressed
cell lies in `[0, inf)`. For every primary cell the attacker solves `min x` and `max x`; the cell is
protected when `lo <= max(0, n - P)` and `hi >= n + P`.

Speed: the linear programme of a primary cell only needs the suppressed cells that are connected to
it through relations (a connected component). Visible cells that occur in one relation of the
component are folded into that row's range; visible cells that occur in two or more of its relations
stay variables (with their interval as bounds), so the component's programme is exact. One HiGHS
model is built per component and only the objective changes between solves.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import highspy
import numpy as np

VISIBLE, PRIMARY, SECONDARY = "visible", "primary", "secondary"
_TOL = 1e-6


@dataclass(frozen=True)
class AuditParams:
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
        lo = np.maximum(value - b // 2, self.min_cell)
        hi = value + (b - 1 - b // 2)
        return lo, hi


@dataclass
class AuditResult:
    """One row per audited primary cell (arrays in cell_id order) plus run figures."""

    cell_id: np.ndarray
    n: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    ok: np.ndarray
    component: np.ndarray
    n_components: int = 0
    n_lps: int = 0
    largest_component: int = 0
    seconds: float = 0.0
    params: AuditParams = field(default_factory=AuditParams)

    @property
    def failed(self) -> np.ndarray:
        """Cell ids of the primary cells that are not protected."""
        return self.cell_id[~self.ok]

    @property
    def passed(self) -> bool:
        return bool(self.ok.all())

    def narrowest(self) -> tuple[int, float, float, int] | None:
        """(cell_id, lo, hi, n) of the primary cell with the narrowest interval, or None."""
        if len(self.cell_id) == 0:
            return None
        width = self.hi - self.lo
        i = int(np.lexsort((self.cell_id, width))[0])
        return int(self.cell_id[i]), float(self.lo[i]), float(self.hi[i]), int(self.n[i])


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if ra < rb:
                self.parent[rb] = ra
            else:
                self.parent[ra] = rb


def _as_status(status) -> tuple[np.ndarray, np.ndarray]:
    status = np.asarray(status).astype(str)
    unknown = sorted(set(np.unique(status)) - {VISIBLE, PRIMARY, SECONDARY})
    if unknown:
        raise ValueError(f"sdc audit: unknown status values {unknown} (expected visible/primary/secondary)")
    return status != VISIBLE, status == PRIMARY


def attack(
    cell_id,
    n,
    status,
    rel_id,
    rel_cell_id,
    coefficient,
    params: AuditParams | None = None,
    value=None,
    only=None,
    ratios=(),
) -> AuditResult:
    """Solve min and max of every primary cell (or of the primary cells in `only`).

    `cell_id`, `n`, `status` describe the cells; `rel_id`, `rel_cell_id`, `coefficient` the relations
    (one row per member, `sum(coef * x) = 0`). `value` is the published value of visible cells
    (default: rounded `n`). `ratios` adds published derived figures as the attacker reads them:
    `(numerator_cell, denominator_cell, factor, shown, half_width)` means
    `shown - half_width <= factor * num / den <= shown + half_width`, two linear rows.
    """
    started = time.perf_counter()
    params = params or AuditParams()
    cell_id = np.asarray(cell_id, dtype=np.int64)
    n = np.asarray(n, dtype=np.int64)
    order = np.argsort(cell_id, kind="stable")
    cell_id, n = cell_id[order], n[order]
    suppressed, primary = (a[order] for a in _as_status(status))
    if len(cell_id) and np.any(np.diff(cell_id) == 0):
        dup = cell_id[1:][np.diff(cell_id) == 0][:5].tolist()
        raise ValueError(f"sdc audit: duplicate cell_id values, e.g. {dup}")
    if value is None:
        value = params.rounded(n)
    else:
        value = np.asarray(value, dtype=np.float64)[order]
        bad = ~suppressed & ~np.isfinite(value)
        if bad.any():
            raise ValueError(
                f"sdc audit: visible cells without a value, e.g. cell_id {cell_id[bad][:5].tolist()}"
            )
    vis_lo, vis_hi = params.visible_bounds(np.where(suppressed, 0, value))

    rel_id = np.asarray(rel_id, dtype=np.int64)
    rel_cell_id = np.asarray(rel_cell_id, dtype=np.int64)
    coefficient = np.asarray(coefficient, dtype=np.float64)
    row_bounds: dict[int, tuple[float, float]] = {}
    if len(ratios):
        extra_id = int(rel_id.max(initial=0)) + 1
        ids, cells, coefs = [rel_id], [rel_cell_id], [coefficient]
        for num, den, factor, shown, half in ratios:
            for edge, bounds in ((shown + half, (-np.inf, 0.0)), (shown - half, (0.0, np.inf))):
                ids.append(np.array([extra_id, extra_id]))
                cells.append(np.array([num, den]))
                coefs.append(np.array([factor, -edge]))
                row_bounds[extra_id] = bounds
                extra_id += 1
        rel_id, rel_cell_id, coefficient = (np.concatenate(a) for a in (ids, cells, coefs))
    pos = np.searchsorted(cell_id, rel_cell_id)
    pos_ok = pos < len(cell_id)
    pos_ok[pos_ok] = cell_id[pos[pos_ok]] == rel_cell_id[pos_ok]
    if not pos_ok.all():
        raise ValueError(
            "sdc audit: relations name cells that do not exist, e.g. cell_id"
            f" {rel_cell_id[~pos_ok][:5].tolist()}"
        )

    # Only relations with at least one suppressed member constrain a suppressed cell.
    member_supp = suppressed[pos]
    rel_touched = np.unique(rel_id[member_supp])
    keep = np.isin(rel_id, rel_touched)
    r_rel, r_pos, r_coef = rel_id[keep], pos[keep], coefficient[keep]
    srt = np.lexsort((r_pos, r_rel))
    r_rel, r_pos, r_coef = r_rel[srt], r_pos[srt], r_coef[srt]
    starts = np.flatnonzero(np.r_[True, r_rel[1:] != r_rel[:-1]]) if len(r_rel) else np.array([], int)
    ends = np.r_[starts[1:], len(r_rel)] if len(r_rel) else np.array([], int)

    # Connected components of suppressed cells (linked when they share a relation).
    uf = _UnionFind(len(cell_id))
    rel_anchor = np.empty(len(starts), dtype=np.int64)
    for k, (s, e) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        members = [p for p in r_pos[s:e].tolist() if suppressed[p]]
        rel_anchor[k] = members[0]
        for p in members[1:]:
            uf.union(members[0], p)

    targets = primary.copy()
    if only is not None:
        targets &= np.isin(cell_id, np.asarray(list(only), dtype=np.int64))
    target_pos = np.flatnonzero(targets)
    comp_of_target = {int(p): uf.find(int(p)) for p in target_pos}
    wanted = set(comp_of_target.values())

    rels_by_comp: dict[int, list[int]] = {}
    for k in range(len(starts)):
        root = uf.find(int(rel_anchor[k]))
        if root in wanted:
            rels_by_comp.setdefault(root, []).append(k)
    targets_by_comp: dict[int, list[int]] = {}
    for p, root in comp_of_target.items():
        targets_by_comp.setdefault(root, []).append(p)

    lo = np.full(len(target_pos), np.nan)
    hi = np.full(len(target_pos), np.nan)
    comp = np.zeros(len(target_pos), dtype=np.int64)
    where = {int(p): i for i, p in enumerate(target_pos)}
    n_lps = 0
    largest = 0
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("presolve", "off")
    inf = highspy.kHighsInf

    for root in sorted(targets_by_comp):
        rels = rels_by_comp.get(root, [])
        # Variables: the component's suppressed cells, plus visible cells shared by two of its rows.
        seen: dict[int, int] = {}
        for k in rels:
            for p in r_pos[starts[k] : ends[k]].tolist():
                seen[p] = seen.get(p, 0) + 1
        for p in targets_by_comp[root]:
            seen.setdefault(p, 1)
        var_cells = sorted(p for p, c in seen.items() if suppressed[p] or c >= 2)
        col = {p: j for j, p in enumerate(var_cells)}
        largest = max(largest, len(var_cells))
        lower = np.array([0.0 if suppressed[p] else vis_lo[p] for p in var_cells])
        upper = np.array([inf if suppressed[p] else vis_hi[p] for p in var_cells])
        row_lo, row_hi, row_start, row_idx, row_val = [], [], [], [], []
        for k in rels:
            const_lo = const_hi = 0.0
            base_lo, base_hi = row_bounds.get(int(r_rel[starts[k]]), (0.0, 0.0))
            row_start.append(len(row_idx))
            for p, c in zip(
                r_pos[starts[k] : ends[k]].tolist(), r_coef[starts[k] : ends[k]].tolist(), strict=True
            ):
                if p in col:
                    row_idx.append(col[p])
                    row_val.append(c)
                else:  # a visible cell in this row only: fold its interval into the row range
                    a, b = c * vis_lo[p], c * vis_hi[p]
                    const_lo += min(a, b)
                    const_hi += max(a, b)
            row_lo.append(max(base_lo - const_hi, -inf))
            row_hi.append(min(base_hi - const_lo, inf))
        h.clearModel()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("presolve", "off")
        ncol = len(var_cells)
        h.addCols(
            ncol, np.zeros(ncol), lower, upper, 0, np.zeros(0, np.int32), np.zeros(0, np.int32), np.zeros(0)
        )
        if rels:
            h.addRows(
                len(rels),
                np.array(row_lo),
                np.array(row_hi),
                len(row_idx),
                np.array(row_start, dtype=np.int32),
                np.array(row_idx, dtype=np.int32),
                np.array(row_val, dtype=np.float64),
            )
        for p in sorted(targets_by_comp[root]):
            j = col[p]
            h.changeColCost(j, 1.0)
            bounds = []
            for sense in (highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize):
                h.changeObjectiveSense(sense)
                h.run()
                n_lps += 1
                status = h.getModelStatus()
                if status == highspy.HighsModelStatus.kOptimal:
                    bounds.append(h.getInfo().objective_function_value)
                elif status == highspy.HighsModelStatus.kUnbounded and sense == highspy.ObjSense.kMaximize:
                    bounds.append(math.inf)
                else:
                    raise RuntimeError(
                        f"sdc audit: LP for cell_id {int(cell_id[p])} ended with"
                        f" {h.modelStatusToString(status)}"
                        " (the published values contradict the relations: check that every relation"
                        " balances on the true counts)"
                    )
            h.changeColCost(j, 0.0)
            i = where[p]
            lo[i], hi[i] = bounds
            comp[i] = int(cell_id[root])

    tn = n[target_pos]
    p_ = params.protection_p
    ok = (lo <= np.maximum(0, tn - p_) + _TOL) & (hi >= tn + p_ - _TOL)
    return AuditResult(
        cell_id=cell_id[target_pos],
        n=tn,
        lo=lo,
        hi=hi,
        ok=ok,
        component=comp,
        n_components=len(targets_by_comp),
        n_lps=n_lps,
        largest_component=largest,
        seconds=time.perf_counter() - started,
        params=params,
    )


def check_published(cell_id, n, status, value, params: AuditParams | None = None) -> list[str]:
    """The cell-by-cell rules, independent of the LP: what a visible or suppressed cell must look like.

    Returns one message per broken rule (empty when all hold), each naming up to five cell ids.
    """
    params = params or AuditParams()
    cell_id = np.asarray(cell_id, dtype=np.int64)
    n = np.asarray(n, dtype=np.float64)
    value = np.asarray(value, dtype=np.float64)
    suppressed, _ = _as_status(status)
    visible = ~suppressed
    half = params.round_base // 2
    rules = {
        f"visible count from a true count below {params.min_cell}": visible & ~(n >= params.min_cell),
        "visible count without a value": visible & ~np.isfinite(value),
        f"visible count not a multiple of {params.round_base}": visible
        & np.isfinite(value)
        & (np.mod(value, params.round_base) != 0),
        f"visible count more than {half} from the truth": visible & (np.abs(value - n) > half),
        "suppressed count with a value": suppressed & np.isfinite(value),
    }
    return [f"{name}: cell_id {cell_id[bad][:5].tolist()}" for name, bad in rules.items() if bad.any()]

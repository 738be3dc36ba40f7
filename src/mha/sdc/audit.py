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
    unaudited: np.ndarray | None = None
    n_components: int = 0
    n_lps: int = 0
    largest_component: int = 0
    seconds: float = 0.0
    params: AuditParams = field(default_factory=AuditParams)
    n_by_moves: int = 0
    moves_seconds: float = 0.0

    @property
    def failed(self) -> np.ndarray:
        """Cell ids of the primary cells that are not protected."""
        return self.cell_id[~self.ok]

    @property
    def passed(self) -> bool:
        """No audited primary cell fails (see `complete` for cells that were not audited)."""
        return bool(self.ok.all())

    @property
    def n_unaudited(self) -> int:
        return 0 if self.unaudited is None else int(self.unaudited.sum())

    @property
    def complete(self) -> bool:
        return self.n_unaudited == 0

    def narrowest(self) -> tuple[int, float, float, int] | None:
        """(cell_id, lo, hi, n) of the primary cell with the narrowest interval, or None."""
        if len(self.cell_id) == 0:
            return None
        width = self.hi - self.lo
        i = int(np.lexsort((self.cell_id, width))[0])
        return int(self.cell_id[i]), float(self.lo[i]), float(self.hi[i]), int(self.n[i])


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
    exact: bool = False,
    max_vars: int = 2000,
) -> AuditResult:
    """Solve min and max of every primary cell (or of the primary cells in `only`).

    `cell_id`, `n`, `status` describe the cells; `rel_id`, `rel_cell_id`, `coefficient` the relations
    (one row per member, `sum(coef * x) = 0`). `value` is the published value of visible cells
    (default: rounded `n`). `ratios` adds published
    derived figures as the attacker reads them:
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
    touched = np.zeros(int(rel_id.max(initial=0)) + 1, dtype=bool)
    touched[rel_id[suppressed[pos]]] = True
    keep = touched[rel_id]
    r_rel, r_pos, r_coef = rel_id[keep], pos[keep], coefficient[keep]
    comp_of_cell = _components(len(cell_id), r_rel, r_pos, suppressed)

    targets = primary.copy()
    if only is not None:
        targets &= np.isin(cell_id, np.asarray(list(only), dtype=np.int64))
    cert_up = np.zeros(len(cell_id), dtype=bool)
    cert_down = np.zeros(len(cell_id), dtype=bool)
    moves_seconds = 0.0
    by_moves = targets & cert_up & cert_down
    target_pos = np.flatnonzero(targets)
    # Components with more than `max_vars` suppressed cells are not solved (one LP would take
    # minutes): their primary cells are reported as unaudited, never as passed. They only occur when
    # nearly every cell is suppressed (tiny synthetic scales); `mha release` refuses real data with any.
    big = len(cell_id) + 1
    sup_pos = np.flatnonzero(suppressed)
    sc = comp_of_cell[sup_pos]
    labels, size_per_label = np.unique(sc, return_counts=True)
    size = np.zeros(len(cell_id), dtype=np.int64)
    size[labels] = size_per_label
    chunk_of = comp_of_cell.astype(np.int64)
    chunked = np.zeros(len(cell_id), dtype=bool)
    chunked[sup_pos] = size[sc] > max_vars

    lp_pos = target_pos[~by_moves[target_pos]]
    wanted_chunks = np.unique(chunk_of[lp_pos[~chunked[lp_pos]]])
    # (relation, chunk) pairs of the wanted chunks, then every member of those relations
    sup_e = suppressed[r_pos]
    flat = np.unique(chunk_of[r_pos[sup_e]] * (int(r_rel.max(initial=0)) + 1) + r_rel[sup_e])
    pair_key = np.stack(
        [flat // (int(r_rel.max(initial=0)) + 1), flat % (int(r_rel.max(initial=0)) + 1)], axis=1
    )
    pair_key = pair_key[np.isin(pair_key[:, 0], wanted_chunks)]
    order_r = np.argsort(r_rel, kind="stable")
    r_rel, r_pos, r_coef = r_rel[order_r], r_pos[order_r], r_coef[order_r]
    rs = np.searchsorted(r_rel, pair_key[:, 1], side="left")
    re_ = np.searchsorted(r_rel, pair_key[:, 1], side="right")
    lens = re_ - rs
    idx = np.repeat(rs - np.r_[0, np.cumsum(lens)[:-1]], lens) + np.arange(lens.sum())
    e_comp = np.repeat(pair_key[:, 0], lens)
    e_rel, e_pos, e_coef = r_rel[idx], r_pos[idx], r_coef[idx]
    inside = suppressed[e_pos] & (chunk_of[e_pos] == e_comp)
    key = e_comp * big + e_pos if len(e_comp) else e_comp
    _, inv, cnt = np.unique(key, return_inverse=True, return_counts=True)
    is_var = inside | (~suppressed[e_pos] & (cnt[inv] >= 2))
    const_lo = np.where(suppressed[e_pos], n[e_pos], vis_lo[e_pos]).astype(float)
    const_hi = np.where(suppressed[e_pos], n[e_pos], vis_hi[e_pos]).astype(float)
    fold_lo = np.where(e_coef > 0, e_coef * const_lo, e_coef * const_hi)
    fold_hi = np.where(e_coef > 0, e_coef * const_hi, e_coef * const_lo)
    order_e = np.lexsort((e_pos, e_rel, e_comp))
    e_comp, e_rel, e_pos, e_coef = e_comp[order_e], e_rel[order_e], e_pos[order_e], e_coef[order_e]
    is_var, fold_lo, fold_hi = is_var[order_e], fold_lo[order_e], fold_hi[order_e]
    comp_bounds = np.flatnonzero(np.r_[True, e_comp[1:] != e_comp[:-1], True]) if len(e_comp) else [0]

    lo = np.full(len(target_pos), np.nan)
    hi = np.full(len(target_pos), np.nan)
    comp = comp_of_cell[target_pos]
    where = {int(p): i for i, p in enumerate(target_pos)}
    p_ = params.protection_p
    moved = target_pos[by_moves[target_pos]]
    lo[[where[int(p)] for p in moved.tolist()]] = np.maximum(0, n[moved] - p_)
    hi[[where[int(p)] for p in moved.tolist()]] = n[moved] + p_
    targets_by_comp: dict[int, list[int]] = {}
    for p in lp_pos.tolist():
        targets_by_comp.setdefault(int(chunk_of[p]), []).append(p)
    solver = _Solver(n, suppressed, vis_lo, vis_hi, params, exact, cert_up, cert_down)
    largest = 0
    slices = {}
    for a, b in zip(comp_bounds[:-1], comp_bounds[1:], strict=True):
        slices[int(e_comp[a])] = (int(a), int(b))
    for c in sorted(targets_by_comp):
        if chunked[targets_by_comp[c][0]]:
            continue
        a, b = slices.get(c, (0, 0))
        size = solver.load(
            e_rel[a:b],
            e_pos[a:b],
            e_coef[a:b],
            is_var[a:b],
            fold_lo[a:b],
            fold_hi[a:b],
            targets_by_comp[c],
            (lambda r: row_bounds.get(r, (0.0, 0.0))) if row_bounds else None,
        )
        largest = max(largest, size)
        for p, (lo_p, hi_p) in solver.solve(targets_by_comp[c]).items():
            lo[where[p]], hi[where[p]] = lo_p, hi_p

    tn = n[target_pos]
    unaudited = chunked[target_pos] & ~by_moves[target_pos]
    ok = unaudited | ((lo <= np.maximum(0, tn - p_) + _TOL) & (hi >= tn + p_ - _TOL))
    return AuditResult(
        cell_id=cell_id[target_pos],
        n=tn,
        lo=lo,
        hi=hi,
        ok=ok,
        component=cell_id[comp] if len(comp) else comp,
        unaudited=unaudited,
        n_components=len(np.unique(comp)),
        n_lps=solver.n_lps,
        n_by_moves=int(by_moves[target_pos].sum()),
        moves_seconds=moves_seconds,
        largest_component=largest,
        seconds=time.perf_counter() - started,
        params=params,
    )


def _components(size: int, r_rel: np.ndarray, r_pos: np.ndarray, suppressed: np.ndarray) -> np.ndarray:
    """Label of the connected component of every cell (suppressed cells linked by shared relations):
    the smallest cell position in it. Min-label propagation, vectorised."""
    label = np.arange(size, dtype=np.int64)
    sup = suppressed[r_pos]
    rel, cell = r_rel[sup], r_pos[sup]
    if len(rel) == 0:
        return label
    n_rel = int(rel.max()) + 1
    while True:
        rel_min = np.full(n_rel, np.iinfo(np.int64).max)
        np.minimum.at(rel_min, rel, label[cell])
        new = label.copy()
        np.minimum.at(new, cell, rel_min[rel])
        new = new[new]  # pointer jumping speeds up long chains
        if np.array_equal(new, label):
            return label
        label = new


class _Solver:
    """One HiGHS model per component; only bounds and the objective change between solves.

    Default (certify) mode: a cell is protected as soon as a feasible point shows x >= n + P and one
    shows x <= max(0, n - P). Batch solves push every open target at once against those targets
    (the bounds are restricted to the truth's neighbourhood, so every point found is feasible for the
    attacker too); cells left open get their own solve, whose optimum is the exact bound when the
    cell fails. Exact mode solves min and max of every target without caps.
    """

    def __init__(
        self, n, suppressed, vis_lo, vis_hi, params: AuditParams, exact: bool, cert_up=None, cert_down=None
    ) -> None:
        self.n, self.suppressed, self.vis_lo, self.vis_hi = n, suppressed, vis_lo, vis_hi
        # sides already proven by a move certificate (mha.sdc.certify) need no LP
        self.certified = {1: cert_up, 0: cert_down}
        self.params, self.exact = params, exact
        self.n_lps = 0
        self.h = highspy.Highs()
        self.inf = highspy.kHighsInf

    def load(self, rel, pos, coef, is_var, fold_lo, fold_hi, targets, base_bounds) -> int:
        h, inf = self.h, self.inf
        var_cells = np.unique(np.r_[pos[is_var], np.asarray(targets, dtype=np.int64)])
        self.col = {int(p): j for j, p in enumerate(var_cells.tolist())}
        sup = self.suppressed[var_cells]
        self.lower = np.where(sup, 0.0, self.vis_lo[var_cells])
        self.upper = np.where(sup, inf, self.vis_hi[var_cells])
        h.clearModel()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("presolve", "on")
        ncol = len(var_cells)
        h.addCols(
            ncol, np.zeros(ncol), self.lower, self.upper, 0, np.zeros(0, np.int32), np.zeros(0, np.int32), []
        )
        if len(rel):
            starts = np.flatnonzero(np.r_[True, rel[1:] != rel[:-1]])
            row_ids = rel[starts]
            const_lo = np.add.reduceat(np.where(is_var, 0.0, fold_lo), starts)
            const_hi = np.add.reduceat(np.where(is_var, 0.0, fold_hi), starts)
            if base_bounds is None:
                base = np.zeros((len(row_ids), 2))
            else:
                base = np.array([base_bounds(int(r)) for r in row_ids.tolist()]).reshape(-1, 2)
            row_lo = np.maximum(base[:, 0] - const_hi, -inf)
            row_hi = np.minimum(base[:, 1] - const_lo, inf)
            # column index per variable entry; rows start where their variable entries start
            var_rel = rel[is_var]
            var_idx = np.searchsorted(var_cells, pos[is_var]).astype(np.int32)
            row_start = np.searchsorted(var_rel, row_ids).astype(np.int32)
            h.addRows(
                len(row_ids), row_lo, row_hi, len(var_idx), row_start, var_idx, coef[is_var].astype(float)
            )
        return ncol

    def _run(self, sense) -> tuple[bool, float, np.ndarray | None]:
        h = self.h
        h.changeObjectiveSense(sense)
        h.run()
        self.n_lps += 1
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kOptimal:
            return True, h.getInfo().objective_function_value, np.asarray(h.getSolution().col_value)
        if status == highspy.HighsModelStatus.kUnbounded:
            return True, math.inf, None
        raise RuntimeError(
            f"sdc audit: an LP ended with {h.modelStatusToString(status)} (the published values contradict"
            " the relations: check that every relation balances on the true counts)"
        )

    def _set_costs(self, cols, weights=1.0) -> None:
        ncol = len(self.lower)
        cost = np.zeros(ncol)
        cost[cols] = weights
        self.h.changeColsCost(ncol, np.arange(ncol, dtype=np.int32), cost)

    def _set_bounds(self, lower, upper) -> None:
        ncol = len(lower)
        self.h.changeColsBounds(ncol, np.arange(ncol, dtype=np.int32), lower, upper)

    def solve(self, targets: list[int]) -> dict[int, tuple[float, float]]:
        p_ = self.params.protection_p
        cols = {p: self.col[p] for p in targets}
        need_lo = {p: float(max(0, self.n[p] - p_)) for p in targets}
        need_hi = {p: float(self.n[p] + p_) for p in targets}
        result: dict[int, list[float]] = {p: [math.nan, math.nan] for p in targets}
        mini, maxi = highspy.ObjSense.kMinimize, highspy.ObjSense.kMaximize
        if self.exact:
            for p in sorted(targets):
                self._set_costs([cols[p]])
                result[p][0] = self._run(mini)[1]
                result[p][1] = self._run(maxi)[1]
            return {p: tuple(v) for p, v in result.items()}
        for side, sense in ((1, maxi), (0, mini)):
            lower, upper = self.lower.copy(), self.upper.copy()
            for p, j in cols.items():  # cap targets at their requirement: every point found is feasible
                if side == 1:
                    upper[j] = need_hi[p]
                else:
                    lower[j] = need_lo[p]
            self._set_bounds(lower, upper)
            open_ = np.array(sorted(targets), dtype=np.int64)
            known = self.certified[side]
            if known is not None and len(open_):
                for p in open_[known[open_]].tolist():
                    result[p][side] = need_hi[p] if side == 1 else need_lo[p]
                open_ = open_[~known[open_]]
            open_cols = np.array([cols[p] for p in open_.tolist()], dtype=np.int64)
            need = np.array([need_hi[p] if side == 1 else need_lo[p] for p in open_.tolist()])
            while len(open_):  # batch: push all open targets at once
                # distinct weights: where targets compete for the same slack, the optimum gives it
                # whole to the heaviest one instead of spreading it thinly over all of them
                self._set_costs(open_cols, 1.0 + np.arange(len(open_cols))[::-1] / max(len(open_cols), 1))
                _, _, x = self._run(sense)
                got = x[open_cols]
                done = got >= need - _TOL if side == 1 else got <= need + _TOL
                for p, v in zip(open_[done].tolist(), need[done].tolist(), strict=True):
                    result[p][side] = v
                if not done.any():
                    break
                open_, open_cols, need = open_[~done], open_cols[~done], need[~done]
            self._set_bounds(self.lower, self.upper)
            settled = np.zeros(len(open_), dtype=bool)
            for i, p in enumerate(open_.tolist()):  # alone, on the attacker's own bounds
                if settled[i]:
                    continue
                self._set_costs([cols[p]])
                _, result[p][side], x = self._run(sense)  # the optimum is the exact bound
                settled[i] = True
                if x is None:
                    continue
                # the optimum is also a feasible point: it certifies every other open target it reaches
                got = x[open_cols]
                reach = ~settled & (got >= need - _TOL if side == 1 else got <= need + _TOL)
                for q, v in zip(open_[reach].tolist(), need[reach].tolist(), strict=True):
                    result[q][side] = v
                settled |= reach
        return {p: tuple(v) for p, v in result.items()}


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

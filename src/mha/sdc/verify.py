"""The proof check: does every primary cell have a witness that holds, on both sides?

A witness `d` (cell -> delta) holds when the table `t + d` is one the attacker cannot rule out:
every relation still balances (`sum(coefficient * d) = 0` over each relation's cells) and every cell
it moves stays within what is published (a visible cell within its rounding interval, computed from
the *published* value; a suppressed or unpublished cell at or above zero). A holding witness proves
the up side of every primary cell it raises by at least P, and the down side of every primary cell it
brings to at most max(0, n - P). A zero count's down side is proven by the truth itself.

Nothing here trusts the search that made the witnesses: they are only checked.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

_TOL = 1e-6


@dataclass
class ProofCheck:
    witness_ok: np.ndarray  # per witness
    witness_balanced: np.ndarray
    witness_in_bounds: np.ndarray
    up: np.ndarray  # per cell position: up side proven (primary cells)
    down: np.ndarray
    truth_balanced: bool

    def unproven(self, primary: np.ndarray) -> np.ndarray:
        return primary & ~(self.up & self.down)


def truth_balances(n: np.ndarray, r_pos: np.ndarray, r_rel: np.ndarray, r_coef: np.ndarray) -> bool:
    if len(r_rel) == 0:
        return True
    sums = np.zeros(int(r_rel.max()) + 1)
    np.add.at(sums, r_rel, r_coef * n[r_pos])
    return bool(np.all(np.abs(sums) < _TOL))


@njit(cache=True)
def _unbalanced(w_start, w_pos, w_delta, rel_start, rel_of, rel_coef, n_rel):
    """Per witness: True when some relation it touches does not sum to zero. For each witness the
    sums per relation are kept in a scratch array and reset afterwards (no sorting)."""
    n_w = w_start.shape[0] - 1
    bad = np.zeros(n_w, np.bool_)
    sums = np.zeros(n_rel, np.float64)
    touched = np.empty(1 << 16, np.int64)
    for w in range(n_w):
        k = 0
        for e in range(w_start[w], w_start[w + 1]):
            p = w_pos[e]
            for q in range(rel_start[p], rel_start[p + 1]):
                r = rel_of[q]
                if sums[r] == 0.0:
                    if k >= touched.shape[0]:
                        grown = np.empty(2 * touched.shape[0], np.int64)
                        grown[:k] = touched[:k]
                        touched = grown
                    touched[k] = r
                    k += 1
                sums[r] += rel_coef[q] * w_delta[e]
                if sums[r] == 0.0:
                    sums[r] = 1e-300  # stays marked as touched
        for i in range(k):
            r = touched[i]
            if abs(sums[r]) > 1e-6:
                bad[w] = True
            sums[r] = 0.0
    return bad


def witnesses_balanced(
    w_start: np.ndarray,
    w_pos: np.ndarray,
    w_delta: np.ndarray,
    r_pos: np.ndarray,
    r_rel: np.ndarray,
    r_coef: np.ndarray,
) -> np.ndarray:
    """Per witness: every relation it touches still sums to zero."""
    size = int(max(int(np.max(w_pos, initial=-1)), int(np.max(r_pos, initial=-1)))) + 1
    order = np.argsort(r_pos, kind="stable")
    rel_start = np.r_[0, np.cumsum(np.bincount(r_pos, minlength=size))].astype(np.int64)
    n_rel = int(np.max(r_rel, initial=-1)) + 1
    bad = _unbalanced(
        np.asarray(w_start, np.int64), np.asarray(w_pos, np.int64), np.asarray(w_delta, np.float64),
        rel_start, np.asarray(r_rel, np.int64)[order], np.asarray(r_coef, np.float64)[order], max(n_rel, 1),
    )  # fmt: skip
    return ~bad


@njit(cache=True)
def _sides(n, primary, lower, upper, w_start, w_pos, w_delta, balanced, protection_p, tol):
    """Per witness whether every cell it moves stays within its bounds; per cell whether a holding
    witness proves its up side (raised by P) and its down side (at most max(0, n - P))."""
    n_w = w_start.shape[0] - 1
    in_bounds = np.ones(n_w, np.bool_)
    up = np.zeros(n.shape[0], np.bool_)
    down = np.zeros(n.shape[0], np.bool_)
    for w in range(n_w):
        for e in range(w_start[w], w_start[w + 1]):
            x = n[w_pos[e]] + w_delta[e]
            if x < lower[w_pos[e]] - tol or x > upper[w_pos[e]] + tol:
                in_bounds[w] = False
                break
        if not (in_bounds[w] and balanced[w]):
            continue
        for e in range(w_start[w], w_start[w + 1]):
            p = w_pos[e]
            if primary[p]:
                if w_delta[e] >= protection_p - tol:
                    up[p] = True
                if n[p] + w_delta[e] <= max(0.0, n[p] - protection_p) + tol:
                    down[p] = True
    return in_bounds, up, down


def check_proofs(
    n: np.ndarray,
    primary: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    r_pos: np.ndarray,
    r_rel: np.ndarray,
    r_coef: np.ndarray,
    w_start: np.ndarray,
    w_pos: np.ndarray,
    w_delta: np.ndarray,
    protection_p: int,
) -> ProofCheck:
    """`lower`/`upper`: what the attacker knows of each cell (a visible cell's rounding interval from
    its published value; 0 and inf for a suppressed or unpublished cell)."""
    n = np.asarray(n, dtype=np.float64)
    primary = np.asarray(primary, dtype=bool)
    lower = np.asarray(lower, dtype=np.float64)
    upper = np.asarray(upper, dtype=np.float64)
    w_start = np.asarray(w_start, dtype=np.int64)
    w_pos = np.asarray(w_pos, dtype=np.int64)
    w_delta = np.asarray(w_delta, dtype=np.float64)
    balanced = witnesses_balanced(w_start, w_pos, w_delta, r_pos, r_rel, r_coef)
    truth_ok = truth_balances(n, r_pos, r_rel, r_coef) and bool(
        np.all((n >= lower - _TOL) & (n <= upper + _TOL))
    )
    in_bounds, up, down = _sides(
        n, primary, lower, upper, w_start, w_pos, w_delta, balanced & truth_ok, float(protection_p), _TOL
    )
    ok = balanced & in_bounds & truth_ok
    down |= primary & (n <= 0) & truth_ok
    return ProofCheck(ok, balanced, in_bounds, up & primary, down & primary, truth_ok)

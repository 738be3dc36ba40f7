"""The clean-up pass: fewer secondary suppressions, every primary cell still proven.

The witness search (`mha.sdc.search`) goes through the primary cells once and suppresses a visible
cell whenever the cheapest witness it finds for a side needs it. A cell suppressed early may later
be needed only by witnesses whose sides other witnesses prove as well, or by witnesses that could be
replaced by ones that need nothing new. Per report year, after the search:

1. Redundant witnesses go: latest first, a witness that needs a secondary cell and whose every
   proven side is proven by another kept witness is dropped.
2. Secondary cells are shown again where they can be: for each secondary cell (costliest first,
   then the cells exchanges suppressed) the sides that only the witnesses needing it prove are
   searched again with the cell visible (at most `max_evals` candidates each), taking a witness that
   needs nothing new or else the one that needs the fewest new suppressions (an exchange). When every
   such side has a witness and the trial shows more cells (the cell and those only the old witnesses
   needed) than it suppresses, it is kept and the old witnesses are dropped; otherwise it is undone.

After each step a secondary cell that no kept witness needs is shown again. Nothing here is trusted:
`mha.sdc.verify` checks every kept witness and every primary cell's proof afterwards.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from mha.sdc.search import (
    INF,
    NO_PROOF,
    TRUTH,
    _grow,
    best_witness,
    needs_suppression,
    new_buffers,
    proves,
    store_witness,
)


@njit(cache=True)
def _apply(w, sign, W, n, lo, hi, primary, secondary, protection_p, cover, need_cnt):
    """Count witness w in (sign 1) or out (sign -1): the sides it proves, the cells it needs."""
    w_start, w_pos, w_delta = W[0], W[1], W[2]
    for e in range(w_start[w], w_start[w + 1]):
        p, delta = w_pos[e], w_delta[e]
        for side in range(2):
            if proves(n, primary, protection_p, p, delta, side):
                cover[side, p] += sign
        if secondary[p] and needs_suppression(n, lo, hi, p, delta):
            need_cnt[p] += sign


@njit(cache=True)
def _register(w, W, n, lo, hi, secondary, need_head, L, n_ne):
    """Add witness w to the lists of witnesses per needed cell: need_head[cell] is the latest entry,
    L = (next entry, witness, cell) per entry. Returns L (grown) and its new length."""
    w_start, w_pos, w_delta = W[0], W[1], W[2]
    need_next, need_w, need_cell = L
    for e in range(w_start[w], w_start[w + 1]):
        p = w_pos[e]
        if secondary[p] and needs_suppression(n, lo, hi, p, w_delta[e]):
            need_next = _grow(need_next, n_ne + 1)
            need_w = _grow(need_w, n_ne + 1)
            need_cell = _grow(need_cell, n_ne + 1)
            need_next[n_ne] = need_head[p]
            need_w[n_ne] = w
            need_cell[n_ne] = p
            need_head[p] = n_ne
            n_ne += 1
    return (need_next, need_w, need_cell), n_ne


@njit(cache=True)
def _release(w, W, n, lo, hi, sup, secondary, need_cnt):
    """Show again every secondary cell that dropped witness w needed and no kept witness needs."""
    shown = 0
    w_start, w_pos, w_delta = W[0], W[1], W[2]
    for e in range(w_start[w], w_start[w + 1]):
        p = w_pos[e]
        if secondary[p] and need_cnt[p] == 0 and needs_suppression(n, lo, hi, p, w_delta[e]):
            secondary[p] = False
            sup[p] = False
            shown += 1
    return shown


@njit(cache=True, nogil=True)
def prune(
    G, S, A, n, sup, secondary, primary, lo, hi, weight, targets, protection_p, max_pairs, max_evals,
    stats, up_w, down_w, w_start, w_pos, w_delta, w_info,
):  # fmt: skip
    """Clean up after `run_search` for one report year (the witnesses it returned, numbered from 0).

    Mutates `sup`, `secondary`, `up_w` and `down_w` at the year's cells and returns the kept witnesses
    in the layout of `run_search`. `stats`: [0] witnesses dropped as redundant, [1] cells shown after
    step 1, [2] cells tried in step 2, [3] cells shown in step 2, [4] searches in step 2, [5] of them
    giving an exchange, [6] cells suppressed by accepted exchanges."""
    size = n.shape[0]
    n_w = w_start.shape[0] - 1
    n_e = w_pos.shape[0]
    W = (w_start.copy(), w_pos.copy(), w_delta.copy(), w_info.copy())
    alive = np.ones(max(n_w, 1), np.bool_)
    cover = np.zeros((2, size), np.int32)
    need_cnt = np.zeros(size, np.int32)
    need_head = np.full(size, -1, np.int64)
    L = (np.empty(max(n_e, 1), np.int64), np.empty(max(n_e, 1), np.int64), np.empty(max(n_e, 1), np.int64))
    n_ne = 0
    for w in range(n_w):
        _apply(w, 1, W, n, lo, hi, primary, secondary, protection_p, cover, need_cnt)
        L, n_ne = _register(w, W, n, lo, hi, secondary, need_head, L, n_ne)
    # the year's secondary cells, costliest first (before step 1 shows any)
    cand = np.flatnonzero(need_head >= 0)
    cand = cand[np.argsort(-weight[cand], kind="mergesort")]

    # step 1: redundant witnesses, latest first
    for w in range(n_w - 1, -1, -1):
        needs_any = False
        redundant = True
        for e in range(W[0][w], W[0][w + 1]):
            p, delta = W[1][e], W[2][e]
            if secondary[p] and needs_suppression(n, lo, hi, p, delta):
                needs_any = True
            for side in range(2):
                if proves(n, primary, protection_p, p, delta, side) and cover[side, p] < 2:
                    redundant = False
        if needs_any and redundant:
            alive[w] = False
            _apply(w, -1, W, n, lo, hi, primary, secondary, protection_p, cover, need_cnt)
            stats[0] += 1
            stats[1] += _release(w, W, n, lo, hi, sup, secondary, need_cnt)

    # step 2: show secondary cells where zero-cost witnesses can replace those that need them
    B = new_buffers(size, max_pairs)
    search_stats = np.zeros(4, np.int64)
    old = np.empty(64, np.int64)
    added = np.empty(64, np.int64)
    seen = np.zeros(size, np.bool_)
    # an exchange counts cells: the fewest new suppressions, whatever their size
    flat = np.ones(size, np.float64)
    n_cand = cand.shape[0]
    ci = -1
    while ci + 1 < n_cand:
        ci += 1
        s = cand[ci]
        if not secondary[s]:
            continue
        stats[2] += 1
        k_old = 0
        e = need_head[s]
        while e >= 0:
            w = L[1][e]
            if alive[w]:
                old = _grow(old, k_old + 1)
                old[k_old] = w
                k_old += 1
            e = L[0][e]
        for i in range(k_old):
            alive[old[i]] = False
            _apply(old[i], -1, W, n, lo, hi, primary, secondary, protection_p, cover, need_cnt)
        sup[s] = False
        flat[s] = INF  # the trial may not suppress s again
        w0, e0, ne0 = n_w, n_e, n_ne
        n_added = 0
        ok = True
        for i in range(k_old):
            w = old[i]
            for q in range(W[0][w], W[0][w + 1]):
                p, delta = W[1][q], W[2][q]
                for side in range(2):
                    if not ok or not proves(n, primary, protection_p, p, delta, side) or cover[side, p] > 0:
                        continue
                    stats[4] += 1
                    # one search: a witness that needs nothing new ends it; otherwise the one
                    # that needs the fewest new cells (an exchange, kept only when the trial shows
                    # more cells than it suppresses)
                    cost, k = best_witness(
                        G, S, A, n, sup, lo, hi, flat, p, side, protection_p, INF,
                        max_evals, max_evals, B, search_stats,
                    )  # fmt: skip
                    if k > 0 and cost > 0:
                        stats[5] += 1
                    if k == 0:
                        ok = False
                        continue
                    for q2 in range(k):
                        p2 = B[4][q2]
                        if not sup[p2] and needs_suppression(n, lo, hi, p2, B[5][q2]):
                            sup[p2] = True
                            secondary[p2] = True
                            added = _grow(added, n_added + 1)
                            added[n_added] = p2
                            n_added += 1
                    W = store_witness(W, n_w, n_e, k, B[4], B[5], B[17])
                    alive = _grow(alive, n_w + 1)
                    alive[n_w] = True
                    _apply(n_w, 1, W, n, lo, hi, primary, secondary, protection_p, cover, need_cnt)
                    L, n_ne = _register(n_w, W, n, lo, hi, secondary, need_head, L, n_ne)
                    n_w += 1
                    n_e += k
        flat[s] = 1.0
        if ok and n_added > 0:
            # the cells the trial frees besides s: needed by the old witnesses only
            freed = 0
            for i in range(k_old):
                w = old[i]
                for q in range(W[0][w], W[0][w + 1]):
                    p = W[1][q]
                    if p != s and not seen[p] and secondary[p] and need_cnt[p] == 0:
                        seen[p] = True
                        freed += 1
            for i in range(k_old):
                w = old[i]
                for q in range(W[0][w], W[0][w + 1]):
                    seen[W[1][q]] = False
            ok = 1 + freed > n_added
        if ok:
            secondary[s] = False
            stats[3] += 1
            stats[6] += n_added
            # the cells an exchange suppressed are tried later in their turn
            cand = _grow(cand, n_cand + n_added)
            cand[n_cand : n_cand + n_added] = added[:n_added]
            n_cand += n_added
            for i in range(k_old):
                stats[3] += _release(old[i], W, n, lo, hi, sup, secondary, need_cnt)
            continue
        # undo: drop the new witnesses (their list entries are the latest, undone in reverse)
        for w in range(w0, n_w):
            _apply(w, -1, W, n, lo, hi, primary, secondary, protection_p, cover, need_cnt)
        for q in range(n_ne - 1, ne0 - 1, -1):
            need_head[L[2][q]] = L[0][q]
        n_w, n_e, n_ne = w0, e0, ne0
        for i in range(n_added):
            sup[added[i]] = False
            secondary[added[i]] = False
        for i in range(k_old):
            alive[old[i]] = True
            _apply(old[i], 1, W, n, lo, hi, primary, secondary, protection_p, cover, need_cnt)
        sup[s] = True

    # the kept witnesses, renumbered; each primary side gets the first kept witness proving it
    for i in range(targets.shape[0]):
        c = targets[i]
        up_w[c] = NO_PROOF
        down_w[c] = TRUTH if n[c] <= 0 else NO_PROOF
    keep = np.flatnonzero(alive[:n_w])
    out_start = np.zeros(keep.shape[0] + 1, np.int64)
    for i in range(keep.shape[0]):
        w = keep[i]
        out_start[i + 1] = out_start[i] + W[0][w + 1] - W[0][w]
    out_pos = np.empty(out_start[-1], np.int64)
    out_delta = np.empty(out_start[-1], np.float64)
    out_info = np.empty((keep.shape[0], 5), np.int64)
    for i in range(keep.shape[0]):
        w = keep[i]
        a, b = W[0][w], W[0][w + 1]
        out_pos[out_start[i] : out_start[i + 1]] = W[1][a:b]
        out_delta[out_start[i] : out_start[i + 1]] = W[2][a:b]
        out_info[i] = W[3][w]
        for q in range(a, b):
            p, delta = W[1][q], W[2][q]
            if proves(n, primary, protection_p, p, delta, 0) and up_w[p] == NO_PROOF:
                up_w[p] = i
            if proves(n, primary, protection_p, p, delta, 1) and down_w[p] == NO_PROOF:
                down_w[p] = i
    return out_start, out_pos, out_delta, out_info

"""The witness search: for every primary cell, a table the attacker cannot tell from the truth in
which the cell is at least P higher (and one in which it is at most max(0, n - P)).

A witness is a direction `d` over the cells: the truth plus `d` must satisfy every relation and lie
within what is published (a visible cell inside its rounding interval, a suppressed or unpublished
cell at or above zero). The search builds `d` from the grid's three axes (`mha.sdc.grid`), as a sum of
terms `sign * path(g) (x) layer`:

- `path(g)`: gemeente g and every area above it (provincie, woondealregio's, Nederland). A sum of
  paths balances every area relation; a *transfer* `path(r) - path(d)` leaves the areas the two
  gemeenten share unchanged (nothing above a gemeente moves when both lie in the same provincie and
  woondealregio's).
- `layer`: amounts per (family, subgroup, slot) that balance the category, subgroup and overlap
  relations of a family: a *unit* (the family's total, the diagonal, and one category per dimension,
  in the subgroup layers and their total) or a *swap* (category k up, k' down, totals unchanged).

Every candidate is checked against the cells it touches: a gaining cell must be suppressed or have
room in its rounding interval; a losing cell must keep its value at or above zero (suppressed) or
inside its interval. Where a visible cell has no room, the candidate can still be used by suppressing
that cell (a secondary suppression); the search takes the candidate with the lowest cost of new
suppressions, so that cells are suppressed only where a proof needs them. A witness proves every
primary cell it moves far enough, not only the one it was built for.

The grid is only a guide: `mha.sdc.verify` checks every witness against the relations themselves.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from mha.sdc.grid import SLOT_CHILD, SLOT_OVERLAP, SLOT_OWN_CHILD, SLOT_OWN_TOTAL, SLOT_TOTAL

INF = 1e300
MAX_TERMS = 16
MAX_LAYER = 512
MAX_ENTRIES = 8192
NO_PROOF, TRUTH = -1, -2
# once a witness is found, how many more candidates may try to find a cheaper one
MAX_TRIES_AFTER_FIRST = 24


@njit(cache=True)
def _pos(g_fam_base, g_fam_subs, g_unit_slots, g_fam_unit, g_pos_at, f, a, s, j):
    if j < 0 or s < 0 or f < 0:
        return -1
    nj = g_unit_slots[g_fam_unit[f]]
    return g_pos_at[g_fam_base[f] + (a * g_fam_subs[f] + s) * nj + j]


@njit(cache=True)
def _mass(G, n, f, a, s, j):
    p = _pos(G[0], G[1], G[2], G[3], G[4], f, a, s, j)
    if p < 0:
        return -1
    return n[p]


@njit(cache=True)
def _push(lay_f, lay_s, lay_j, lay_a, m, f, s, j, amount):
    """Add `amount` to (f, s, j) in the layer buffer (merging repeats); returns the new length."""
    for i in range(m):
        if lay_f[i] == f and lay_s[i] == s and lay_j[i] == j:
            lay_a[i] += amount
            return m
    if m >= lay_f.shape[0]:
        return -1
    lay_f[m] = f
    lay_s[m] = s
    lay_j[m] = j
    lay_a[m] = amount
    return m + 1


@njit(cache=True)
def _fill_dim(G, S, n, f, mass_area, pref_area, s, cats_lo, cats_hi, beta, out_j, out_a):
    """Spread `beta` units over the categories cats[cats_lo:cats_hi] of one dimension in subgroup s:
    with a mass area, most units where that area has most (never more than it has); without one,
    all units in the category smallest at `pref_area` (most likely suppressed). Returns the number of
    (category, amount) pairs written, or -1 when the mass area does not hold `beta` units."""
    dim_cats = S[0]
    k = 0
    left = beta
    if mass_area < 0:
        best = -1
        best_n = 1 << 62
        for c in range(cats_lo, cats_hi):
            j = dim_cats[c]
            m = _mass(G, n, f, pref_area, s, j)
            if m >= 0 and m < best_n:
                best_n = m
                best = j
        if best < 0:
            return -1
        out_j[0] = best
        out_a[0] = beta
        return 1
    while left > 0:
        best = -1
        best_m = 0
        for c in range(cats_lo, cats_hi):
            j = dim_cats[c]
            m = _mass(G, n, f, mass_area, s, j)
            # what is already taken from this category
            for t in range(k):
                if out_j[t] == j:
                    m -= out_a[t]
            if m > best_m:
                best_m = m
                best = j
        if best < 0:
            return -1
        take = min(best_m, left)
        out_j[k] = best
        out_a[k] = take
        k += 1
        left -= take
    return k


@njit(cache=True)
def build_layer(
    G, S, n, f, s_t, j_t, beta, variant, kprime, mass_area, pref_area, lay_f, lay_s, lay_j, lay_a, scratch
):
    """The layer of a move for target slot j_t in subgroup s_t of family f, `beta` units.

    variant 0: unit (the parent of the target rises with it: the family's total for a category of a
    dimension without its own total, the own total otherwise); variant 1: swap with category kprime
    (the target's category rises, kprime falls, every total stays). Masses are taken from `mass_area`
    (-1: none needed). Returns the number of layer entries, or -1 when not possible."""
    unit_slot_base, unit_slots, slot_kind, slot_parent, slot_group = S[1], S[2], S[3], S[4], S[5]
    unit_dim_start, dim_list, dim_cat_start, slot_dim = S[6], S[7], S[8], S[9]
    fam_unit, fam_subs, fam_diag, fam_lookup, fam_year, fam_group = S[10], S[11], S[12], S[13], S[14], S[15]
    u = fam_unit[f]
    base = unit_slot_base[u]
    kind = slot_kind[base + j_t]
    m = 0
    tmp_j, tmp_a, sub_ids, sub_amt = scratch[0], scratch[1], scratch[2], scratch[3]

    if kind == SLOT_OVERLAP and j_t == fam_diag[f]:
        # the diagonal equals the family's total: a unit of the family moves both
        for jj in range(unit_slots[u]):
            if slot_kind[base + jj] == SLOT_TOTAL:
                j_t = jj
        kind = SLOT_TOTAL
    if kind == SLOT_OVERLAP:
        # persons in both groups: (A, B) and (B, A) move together; 'twee_of_meer' alone
        if variant != 0:
            return -1
        m = _push(lay_f, lay_s, lay_j, lay_a, m, f, 0, j_t, beta)
        other = slot_group[base + j_t]
        if other >= 0:
            fb = fam_lookup[fam_year[f], u, other]
            if fb < 0:
                return -1
            # the slot (overlap, own group of f) in family fb
            jb = -1
            for jj in range(unit_slots[u]):
                if slot_kind[base + jj] == SLOT_OVERLAP and slot_group[base + jj] == fam_group[f]:
                    jb = jj
            if jb < 0:
                return -1
            m = _push(lay_f, lay_s, lay_j, lay_a, m, fb, 0, jb, beta)
        return m

    # the subgroup layers: the target's own, or (at the total) spread by mass
    n_sub = fam_subs[f]
    n_layers = 0
    # a slot without cells in the subgroup layers (e.g. an own total kept only for the whole group)
    # has no subgroup relation: its move stays in the total layer
    if n_sub > 1 and _mass(G, n, f, 0, 1, j_t if variant == 0 else kprime) < 0:
        n_sub = 1
    if n_sub <= 1:
        sub_ids[0] = 0
        sub_amt[0] = beta
        n_layers = 1
    elif s_t > 0:
        sub_ids[0] = s_t
        sub_amt[0] = beta
        n_layers = 1
    else:
        slot_for_mass = j_t
        if variant == 1:
            slot_for_mass = kprime
        left = beta
        if mass_area < 0:
            sub_ids[0] = 1
            sub_amt[0] = beta
            n_layers = 1
        else:
            while left > 0:
                best = -1
                best_m = 0
                for sg in range(1, n_sub):
                    mm = _mass(G, n, f, mass_area, sg, slot_for_mass)
                    for t in range(n_layers):
                        if sub_ids[t] == sg:
                            mm -= sub_amt[t]
                    if mm > best_m:
                        best_m = mm
                        best = sg
                if best < 0:
                    return -1
                take = min(best_m, left)
                sub_ids[n_layers] = best
                sub_amt[n_layers] = take
                n_layers += 1
                left -= take

    if variant == 1:
        # swap within the target's dimension: k up, k' down, in the subgroup layer(s) and the total
        for t in range(n_layers):
            sg = sub_ids[t]
            m = _push(lay_f, lay_s, lay_j, lay_a, m, f, sg, j_t, sub_amt[t])
            m = _push(lay_f, lay_s, lay_j, lay_a, m, f, sg, kprime, -sub_amt[t])
            if sg != 0:
                m = _push(lay_f, lay_s, lay_j, lay_a, m, f, 0, j_t, sub_amt[t])
                m = _push(lay_f, lay_s, lay_j, lay_a, m, f, 0, kprime, -sub_amt[t])
            if m < 0:
                return -1
        return m

    # unit
    if kind == SLOT_OWN_CHILD or kind == SLOT_OWN_TOTAL:
        d = slot_dim[base + j_t]
        parent = j_t if kind == SLOT_OWN_TOTAL else slot_parent[base + j_t]
        lo, hi = dim_cat_start[u, d, 0], dim_cat_start[u, d, 1]
        for t in range(n_layers):
            sg = sub_ids[t]
            layers_here = 1 if sg == 0 else 2
            if kind == SLOT_OWN_CHILD:
                k = 1
                tmp_j[0] = j_t
                tmp_a[0] = sub_amt[t]
            else:
                k = _fill_dim(G, S, n, f, mass_area, pref_area, sg, lo, hi, sub_amt[t], tmp_j, tmp_a)
                if k < 0:
                    return -1
            for rep in range(layers_here):
                s_here = sg if rep == 0 else 0
                m = _push(lay_f, lay_s, lay_j, lay_a, m, f, s_here, parent, sub_amt[t])
                for q in range(k):
                    m = _push(lay_f, lay_s, lay_j, lay_a, m, f, s_here, tmp_j[q], tmp_a[q])
                if m < 0:
                    return -1
        return m

    # a unit of the family: its total, the diagonal, one category (or a spread) in every dimension
    total = -1
    for jj in range(unit_slots[u]):
        if slot_kind[base + jj] == SLOT_TOTAL:
            total = jj
    if total < 0:
        return -1
    d_t = slot_dim[base + j_t] if kind == SLOT_CHILD else -1
    for t in range(n_layers):
        sg = sub_ids[t]
        layers_here = 1 if sg == 0 else 2
        for rep in range(layers_here):
            s_here = sg if rep == 0 else 0
            m = _push(lay_f, lay_s, lay_j, lay_a, m, f, s_here, total, sub_amt[t])
            if s_here == 0 and fam_diag[f] >= 0:
                m = _push(lay_f, lay_s, lay_j, lay_a, m, f, 0, fam_diag[f], sub_amt[t])
            if m < 0:
                return -1
        for di in range(unit_dim_start[u], unit_dim_start[u + 1]):
            d = dim_list[di]
            lo, hi = dim_cat_start[u, d, 0], dim_cat_start[u, d, 1]
            if d == d_t:
                k = 1
                tmp_j[0] = j_t
                tmp_a[0] = sub_amt[t]
            else:
                # only the dimensions present in this subgroup layer
                if _mass(G, n, f, 0, sg, S[0][lo]) < 0:
                    continue
                k = _fill_dim(G, S, n, f, mass_area, pref_area, sg, lo, hi, sub_amt[t], tmp_j, tmp_a)
                if k < 0:
                    return -1
            for rep in range(layers_here):
                s_here = sg if rep == 0 else 0
                for q in range(k):
                    m = _push(lay_f, lay_s, lay_j, lay_a, m, f, s_here, tmp_j[q], tmp_a[q])
                if m < 0:
                    return -1
    return m


@njit(cache=True)
def evaluate(
    G,
    A,
    n,
    sup,
    lo,
    hi,
    weight,
    best_cost,
    term_g,
    term_sign,
    term_ls,
    term_le,
    n_terms,
    lay_f,
    lay_s,
    lay_j,
    lay_a,
    acc,
    touched,
    out_pos,
    out_delta,
):
    """Cost of the move (sum of weights of visible cells it needs suppressed), INF when a suppressed
    cell would fall below zero, or when the cost reaches `best_cost`. On success the merged entries are
    in out_pos/out_delta; returns (cost, number of entries)."""
    path_start, path = A[0], A[1]
    nt = 0
    overflow = False
    for t in range(n_terms):
        g = term_g[t]
        sign = term_sign[t]
        for pi in range(path_start[g], path_start[g + 1]):
            a = path[pi]
            for li in range(term_ls[t], term_le[t]):
                p = _pos(G[0], G[1], G[2], G[3], G[4], lay_f[li], a, lay_s[li], lay_j[li])
                if p < 0:
                    continue
                if acc[p] == 0.0:
                    if nt >= touched.shape[0]:
                        overflow = True
                        break
                    touched[nt] = p
                    nt += 1
                acc[p] += sign * lay_a[li]
                if acc[p] == 0.0:
                    acc[p] = 1e-300  # keep it marked as touched; read as zero below
    cost = 0.0
    k = 0
    for i in range(nt):
        p = touched[i]
        delta = acc[p]
        acc[p] = 0.0
        if overflow or cost >= best_cost:
            continue
        if abs(delta) < 1e-9:
            continue
        if sup[p]:
            if n[p] + delta < -1e-9:
                cost = INF
        elif delta > 0:
            if hi[p] - n[p] < delta - 1e-9:
                cost += weight[p]
        else:
            if n[p] - lo[p] < -delta - 1e-9:
                if n[p] + delta < -1e-9:
                    cost = INF
                else:
                    cost += weight[p]
        out_pos[k] = p
        out_delta[k] = delta
        k += 1
    if overflow:
        return INF, 0
    return cost, k


@njit(cache=True)
def _grow(arr, need):
    if need <= arr.shape[0]:
        return arr
    new = np.empty(max(need, 2 * arr.shape[0]), arr.dtype)
    new[: arr.shape[0]] = arr
    return new


@njit(cache=True)
def _area_pairs(A, a, level, side_up, f, s_t, j_t, alpha, G, n, pairs_r, pairs_d, max_pairs):
    """Candidate (receiver, other) gemeente pairs for a target in area a: other >= 0 a transfer
    path(receiver) - path(other), -1 the receiver's path alone, -2 every gemeente below a that holds
    units (losing side of a down move), split by mass."""
    path_start, path, gem_area, gem_of_area = A[0], A[1], A[2], A[3]
    members_start, members, class_of, prov_of = A[4], A[5], A[6], A[7]
    cls_start, cls_members = A[8], A[9]
    n_gem = gem_area.shape[0]
    k = 0
    if level == 0:
        g = gem_of_area[a]
        c = class_of[g]
        for i in range(cls_start[c], cls_start[c + 1]):
            d = cls_members[i]
            if d != g and k < max_pairs:
                pairs_r[k] = g
                pairs_d[k] = d
                k += 1
        pa = prov_of[g]
        for i in range(members_start[pa], members_start[pa + 1]):
            d = members[i]
            if class_of[d] != c and k < max_pairs:
                pairs_r[k] = g
                pairs_d[k] = d
                k += 1
        if k < max_pairs:
            pairs_r[k] = g
            pairs_d[k] = -1
            k += 1
        # beyond this point (gemeenten of other provincies) only when nothing nearer holds
        near = k
        for d in range(n_gem):
            if prov_of[d] != pa and k < max_pairs:
                pairs_r[k] = g
                pairs_d[k] = d
                k += 1
        return k, near
    # above gemeente level: receivers below a (for a down move only those holding alpha units), and
    # for each a few donors outside a: for a woondealregio in the receiver's provincie (the provincie
    # then does not move), for a provincie in the receiver's woondealregio's, then anywhere
    area_level = A[10]
    inside = np.zeros(n_gem, np.bool_)
    for i in range(members_start[a], members_start[a + 1]):
        inside[members[i]] = True
    n_recv = 0
    for i in range(members_start[a], members_start[a + 1]):
        r = members[i]
        if n_recv >= 16 or k >= max_pairs - 1:
            break
        if not side_up:
            m = _mass(G, n, f, gem_area[r], s_t, j_t)
            if m < alpha:
                continue
        n_recv += 1
        donors = 0
        for pi in range(path_start[r], path_start[r + 1]):
            up_area = path[pi]
            if area_level[up_area] == 0 or up_area == a or area_level[up_area] == 3:
                continue
            for q in range(members_start[up_area], members_start[up_area + 1]):
                d = members[q]
                if inside[d] or donors >= 6 or k >= max_pairs - 1:
                    continue
                pairs_r[k] = r
                pairs_d[k] = d
                k += 1
                donors += 1
        step = max(1, n_gem // 7)
        for d0 in range(0, n_gem, step):
            d = (d0 + r) % n_gem
            if inside[d] or donors >= 8 or k >= max_pairs - 1:
                continue
            pairs_r[k] = r
            pairs_d[k] = d
            k += 1
            donors += 1
        if k < max_pairs - 1:
            pairs_r[k] = r
            pairs_d[k] = -1
            k += 1
    if not side_up and k < max_pairs:
        pairs_r[k] = -1
        pairs_d[k] = -2
        k += 1
    return k, k


@njit(cache=True)
def new_buffers(size, max_pairs):
    """Scratch space of one search thread (`best_witness`, `commit`)."""
    return (
        np.zeros(size, np.float64),  # 0 acc
        np.empty(MAX_ENTRIES, np.int64),  # 1 touched
        np.empty(MAX_ENTRIES, np.int64),  # 2 cand_pos
        np.empty(MAX_ENTRIES, np.float64),  # 3 cand_delta
        np.empty(MAX_ENTRIES, np.int64),  # 4 best_pos
        np.empty(MAX_ENTRIES, np.float64),  # 5 best_delta
        np.empty(MAX_LAYER * MAX_TERMS, np.int64),  # 6 lay_f
        np.empty(MAX_LAYER * MAX_TERMS, np.int64),  # 7 lay_s
        np.empty(MAX_LAYER * MAX_TERMS, np.int64),  # 8 lay_j
        np.empty(MAX_LAYER * MAX_TERMS, np.int64),  # 9 lay_a
        np.empty(MAX_TERMS, np.int64),  # 10 term_g
        np.empty(MAX_TERMS, np.int64),  # 11 term_sign
        np.empty(MAX_TERMS, np.int64),  # 12 term_ls
        np.empty(MAX_TERMS, np.int64),  # 13 term_le
        np.empty(max_pairs, np.int64),  # 14 pairs_r
        np.empty(max_pairs, np.int64),  # 15 pairs_d
        np.empty(64, np.int64),  # 16 kprimes
        np.zeros(5, np.int64),  # 17 best_info: target, side, receiver, other, variant
        np.empty(64, np.int64),  # 18.. scratch of build_layer
        np.empty(64, np.int64),
        np.empty(16, np.int64),
        np.empty(16, np.int64),
    )


@njit(cache=True)
def best_witness(
    G, S, A, n, sup, lo, hi, weight, c, side, protection_p, cost_cap, max_evals, max_tries, B, stats
):
    """The cheapest witness found for one side (0 up, 1 down) of primary cell c: its cost (the weight
    of the visible cells it needs suppressed; `cost_cap` or more means none found) and its number of
    entries, left in B[4] (positions) and B[5] (deltas) with its description in B[17]. At most
    `max_evals` candidates are evaluated (-1: no limit), and at most `max_tries` after the first
    witness found."""
    fam_of, area_of, sub_of, slot_of = G[5], G[6], G[7], G[8]
    area_level, gem_area = A[10], A[2]
    unit_slot_base, slot_kind, slot_dim, dim_cat_start, fam_unit = S[1], S[3], S[9], S[8], S[10]
    dim_cats = S[0]
    acc, touched, cand_pos, cand_delta, best_pos, best_delta = B[0], B[1], B[2], B[3], B[4], B[5]
    lay_f, lay_s, lay_j, lay_a = B[6], B[7], B[8], B[9]
    term_g, term_sign, term_ls, term_le = B[10], B[11], B[12], B[13]
    pairs_r, pairs_d, kprimes, best_info = B[14], B[15], B[16], B[17]
    scratch = (B[18], B[19], B[20], B[21])
    max_pairs = pairs_r.shape[0]
    top_area = A[1][A[0][1] - 1]  # the highest area above the first gemeente: Nederland
    f, a, s_t, j_t = fam_of[c], area_of[c], sub_of[c], slot_of[c]
    u = fam_unit[f]
    kind = slot_kind[unit_slot_base[u] + j_t]
    level = area_level[a]
    n_kp = 0
    if kind == SLOT_CHILD or kind == SLOT_OWN_CHILD:
        d = slot_dim[unit_slot_base[u] + j_t]
        for q in range(dim_cat_start[u, d, 0], dim_cat_start[u, d, 1]):
            if dim_cats[q] != j_t and n_kp < 64:
                kprimes[n_kp] = dim_cats[q]
                n_kp += 1
    side_up = side == 0
    alpha = protection_p if side_up else min(n[c], protection_p)
    n_pairs, near = _area_pairs(A, a, level, side_up, f, s_t, j_t, alpha, G, n, pairs_r, pairs_d, max_pairs)
    best_cost = cost_cap
    best_k = 0
    found = False
    tries_after_first = 0
    evals = 0
    for pi in range(n_pairs):
        if pi >= near and found:
            break
        if max_evals >= 0 and evals >= max_evals:
            break
        r, d = pairs_r[pi], pairs_d[pi]
        # the losing gemeente must hold alpha units of the target slot
        if side_up and d >= 0 and _mass(G, n, f, gem_area[d], s_t, j_t) < alpha:
            continue
        if (not side_up) and r >= 0 and _mass(G, n, f, gem_area[r], s_t, j_t) < alpha:
            continue
        for variant_i in range(1 + n_kp):
            variant = 0 if variant_i == 0 else 1
            kp = -1 if variant_i == 0 else kprimes[variant_i - 1]
            nt = 0
            m = 0
            ok = True
            if d == -2:
                # down: every gemeente below a that holds units of the target slot gives some
                left = alpha
                A_ms, A_m = A[4], A[5]
                for i in range(A_ms[a], A_ms[a + 1]):
                    if left <= 0:
                        break
                    rr = A_m[i]
                    have = _mass(G, n, f, gem_area[rr], s_t, j_t)
                    if have <= 0:
                        continue
                    take = min(have, left)
                    if nt >= MAX_TERMS:
                        ok = False
                        break
                    got = build_layer(
                        G, S, n, f, s_t, j_t, take, variant, kp, gem_area[rr], gem_area[rr],
                        lay_f[m:], lay_s[m:], lay_j[m:], lay_a[m:], scratch,
                    )  # fmt: skip
                    if got < 0:
                        ok = False
                        break
                    term_g[nt] = rr
                    term_sign[nt] = -1
                    term_ls[nt] = m
                    term_le[nt] = m + got
                    m += got
                    nt += 1
                    left -= take
                if left > 0:
                    ok = False
            else:
                if side_up:
                    mass_area = gem_area[d] if d >= 0 else -1
                    if variant == 1:
                        mass_area = gem_area[r]
                else:
                    mass_area = gem_area[r]
                pref = gem_area[r] if d >= 0 else top_area
                got = build_layer(
                    G, S, n, f, s_t, j_t, alpha, variant, kp, mass_area, pref,
                    lay_f, lay_s, lay_j, lay_a, scratch,
                )  # fmt: skip
                if got < 0:
                    ok = False
                else:
                    term_g[0] = r
                    term_sign[0] = 1 if side_up else -1
                    term_ls[0] = 0
                    term_le[0] = got
                    nt = 1
                    if d >= 0:
                        term_g[1] = d
                        term_sign[1] = -term_sign[0]
                        term_ls[1] = 0
                        term_le[1] = got
                        nt = 2
            if not ok or nt == 0:
                continue
            stats[0] += 1
            evals += 1
            cost, k = evaluate(
                G, A, n, sup, lo, hi, weight, best_cost, term_g, term_sign, term_ls, term_le, nt,
                lay_f, lay_s, lay_j, lay_a, acc, touched, cand_pos, cand_delta,
            )  # fmt: skip
            if cost < best_cost:
                # the target itself must move far enough
                moved = 0.0
                for q in range(k):
                    if cand_pos[q] == c:
                        moved = cand_delta[q]
                if (side_up and moved >= protection_p) or ((not side_up) and moved <= -alpha):
                    found = True
                    best_cost = cost
                    best_k = k
                    best_info[0] = c
                    best_info[1] = side
                    best_info[2] = r
                    best_info[3] = d
                    best_info[4] = variant_i if variant_i == 0 else kp + 1
                    best_pos[:k] = cand_pos[:k]
                    best_delta[:k] = cand_delta[:k]
            if found:
                tries_after_first += 1
            if (found and best_cost == 0.0) or tries_after_first > max_tries:
                break
            if max_evals >= 0 and evals >= max_evals:
                break
        if (found and best_cost == 0.0) or tries_after_first > max_tries:
            break
    stats[1] += 1
    if found and best_cost > 0:
        stats[2] += 1
    if not found:
        stats[3] += 1
        return cost_cap, 0
    return best_cost, best_k


@njit(cache=True)
def needs_suppression(n, lo, hi, p, delta):
    """Does moving visible cell p by delta leave its rounding interval?"""
    return (delta > 0 and hi[p] - n[p] < delta - 1e-9) or (delta < 0 and n[p] - lo[p] < -delta - 1e-9)


@njit(cache=True)
def proves(n, primary, protection_p, p, delta, side):
    """Does moving cell p by delta prove its side (0 up, 1 down)? A zero count's down side needs none."""
    if not primary[p]:
        return False
    if side == 0:
        return delta >= protection_p - 1e-9
    return n[p] > 0 and n[p] + delta <= max(0, n[p] - protection_p) + 1e-9


@njit(cache=True)
def store_witness(W, n_w, n_e, best_k, best_pos, best_delta, best_info):
    """Append the witness in best_pos/best_delta to W = (w_start, w_pos, w_delta, w_info)."""
    w_start, w_pos, w_delta, w_info = W
    w_start = _grow(w_start, n_w + 2)
    if n_w + 1 >= w_info.shape[0]:
        grown = np.zeros((2 * w_info.shape[0], 5), np.int64)
        grown[: w_info.shape[0]] = w_info
        w_info = grown
    w_info[n_w] = best_info
    w_pos = _grow(w_pos, n_e + best_k)
    w_delta = _grow(w_delta, n_e + best_k)
    w_pos[n_e : n_e + best_k] = best_pos[:best_k]
    w_delta[n_e : n_e + best_k] = best_delta[:best_k]
    w_start[n_w] = n_e
    w_start[n_w + 1] = n_e + best_k
    return (w_start, w_pos, w_delta, w_info)


@njit(cache=True)
def empty_witnesses():
    return (np.zeros(1024, np.int64), np.empty(1 << 20, np.int64), np.empty(1 << 20, np.float64),
            np.zeros((1024, 5), np.int64))  # fmt: skip


@njit(cache=True, nogil=True)
def run_search(
    G, S, A, n, sup, secondary, primary, lo, hi, weight, targets, protection_p, max_pairs, stats, up_w, down_w
):
    """Find witnesses for the up and down side of every target (primary cell positions, in order).

    Mutates `sup` and `secondary` (cells suppressed so that a witness holds) and `up_w`, `down_w` (per
    cell the witness proving each side: -1 none, -2 for a down side the truth proves), only at the
    cells of the targets' report year, so that the years can be searched at the same time. Returns
    (w_start, w_pos, w_delta, w_info): the witnesses as ranges of (position, delta), numbered from 0."""
    B = new_buffers(n.shape[0], max_pairs)
    best_pos, best_delta, best_info = B[4], B[5], B[17]
    W = empty_witnesses()
    n_w = 0
    n_e = 0
    for ti in range(targets.shape[0]):
        if ti % 100000 == 0:
            print("sdc search: target", ti, "of", targets.shape[0], "witnesses", n_w)
        c = targets[ti]
        for side in range(2):
            if side == 0 and up_w[c] != NO_PROOF:
                continue
            if side == 1 and down_w[c] != NO_PROOF:
                continue
            cost, best_k = best_witness(
                G, S, A, n, sup, lo, hi, weight, c, side, protection_p, INF, -1,
                MAX_TRIES_AFTER_FIRST, B, stats,
            )  # fmt: skip
            if cost >= INF:
                continue
            # commit: suppress what the witness needs, store it, mark every side it proves
            for q in range(best_k):
                p = best_pos[q]
                if not sup[p] and needs_suppression(n, lo, hi, p, best_delta[q]):
                    sup[p] = True
                    secondary[p] = True
            W = store_witness(W, n_w, n_e, best_k, best_pos, best_delta, best_info)
            for q in range(best_k):
                p = best_pos[q]
                if proves(n, primary, protection_p, p, best_delta[q], 0) and up_w[p] == NO_PROOF:
                    up_w[p] = n_w
                if proves(n, primary, protection_p, p, best_delta[q], 1) and down_w[p] == NO_PROOF:
                    down_w[p] = n_w
            n_e += best_k
            n_w += 1
    w_start, w_pos, w_delta, w_info = W
    return (
        w_start[: n_w + 1].copy(),
        w_pos[:n_e].copy(),
        w_delta[:n_e].copy(),
        w_info[:n_w].copy(),
    )

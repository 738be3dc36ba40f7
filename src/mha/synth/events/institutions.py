"""Events of institutions: detention, residential care and nursing homes (entering and leaving), and
permit holders who leave the COA location for a dwelling (taakstelling)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from mha.synth import params
from mha.synth.dynamics import PERMIT_PREFS, YEAR_DAYS, tenure_choice
from mha.synth.state import (
    CHILD,
    CORPORATION,
    DETAINED,
    HEAD,
    IN_CARE,
    IN_COA,
    NO_ADDRESS,
    NURSING,
    OTHER,
    OWNER,
    PARTNER,
    PRIVATE,
)
from mha.synth.util import match_within, normal_quantile, spread_uniforms, take_whole, weighted_pick

if TYPE_CHECKING:
    from mha.synth.world import ChunkWorld

RELEASE_PATH_NAMES = ("family", "shelter", "no_address", "private_rent", "corporation")
MO = int(np.flatnonzero(params.CARE_KINDS == "MO")[0])


def leave_institutions(world: ChunkWorld, d0: int, d1: int) -> None:
    """Scheduled ends of detention, care, a stay without a fixed address and COA stays."""
    e, P = world.engine, world.state.persons
    idx = world.c_A[~world.c_normal]
    st = P.state[idx]
    ending = (st == DETAINED) | (st == IN_CARE) | (st == NO_ADDRESS)
    due = idx[ending & (P.state_until[idx] >= 0) & (P.state_until[idx] + 1 <= d1)]
    if len(due):
        release(world, due, np.maximum(P.state_until[due] + 1, d0 + 1).astype(np.int32))
    # permit holders in COA whose waiting time is over: the family moves in together
    heads = idx[
        (st == IN_COA) & (P.permit_day[idx] >= 0) & (P.state_until[idx] + 1 <= d1) & (P.family[idx] == idx)
    ]
    rejected = idx[(st == IN_COA) & (P.permit_day[idx] < 0) & (P.state_until[idx] + 1 <= d1)]
    if len(rejected):  # asylum refused: leaves the country
        days = np.maximum(P.state_until[rejected] + 1, d0 + 1).astype(np.int32)
        world.mark(rejected)
        e.exit_persons(rejected, days, died=False)
    # family members who follow a permit holder (nareizigers) join that household
    members = idx[(st == IN_COA) & (P.family[idx] >= 0)]
    joined = reunite(world, members, heads[P.reunites[heads]], d0)
    heads = heads[~np.isin(heads, joined)]
    if len(heads) == 0:
        return
    pref = tenure_choice(world.rng, np.tile(PERMIT_PREFS, (len(heads), 1)))
    objs = e.find_dwellings(P.g[heads], pref, np.zeros(len(heads)))
    ok = objs >= 0
    heads, objs = heads[ok], objs[ok]
    if len(heads) == 0:
        return
    days = np.maximum(P.state_until[heads] + 1, d0 + 1).astype(np.int32)
    obj_of = np.full(P.n, -1, dtype=np.int64)
    day_of = np.zeros(P.n, dtype=np.int32)
    obj_of[heads], day_of[heads] = objs, days
    fam = P.family[idx]
    members = idx[(st == IN_COA) & (fam >= 0)]
    members = members[obj_of[P.family[members]] >= 0]
    mdays = day_of[P.family[members]]
    e._end_state_spells(members, mdays)
    e.close_household(members, mdays)
    e.close_address(members, mdays)
    world.state.households.exists[P.hh[members][P.hh[members] >= 0]] = False
    new = e.new_households(P.g[heads], objs)
    e._grow_busy()
    hh_of = np.full(P.n, -1, dtype=np.int64)
    hh_of[heads] = new
    P.hh[members] = hh_of[P.family[members]]
    e.joined(members)
    is_head = members == P.family[members]
    adult = (mdays - P.birth[members]) / YEAR_DAYS >= 18
    P.role[members] = np.where(is_head, HEAD, np.where(adult, PARTNER, CHILD))
    # at most one partner: further adults are other members
    part = members[(P.role[members] == PARTNER)]
    if len(part):
        _, first = np.unique(P.hh[part], return_index=True)
        extra = np.ones(len(part), dtype=bool)
        extra[first] = False
        P.role[part[extra]] = 3
    world.state.households.married[new] = True
    e.open_address(members, obj_of[P.family[members]], mdays)
    e.recompose(new, days)
    world.mark(members)


def reunite(world: ChunkWorld, coa_members: np.ndarray, heads: np.ndarray, d0: int) -> np.ndarray:
    """Families who follow a permit holder leave the COA for the household of a permit holder in their
    gemeente (the first adult as partner where there is none, children as children). Returns the heads
    of the families that found one; the others look for a dwelling of their own."""
    e, P, H = world.engine, world.state.persons, world.state.households
    if len(heads) == 0:
        return heads
    hosts_p = world.c_A[(world.c_role == HEAD) & world.c_normal & (world.c_hh >= 0)]
    hosts_p = hosts_p[(P.permit_ground[hosts_p] == 1) & (P.permit_day[hosts_p] >= 0)]
    hosts = P.hh[hosts_p]
    free = ~H.institutional[hosts] & (H.obj[hosts] >= 0) & ~e.busy_hh[hosts]
    hosts_p, hosts = hosts_p[free], hosts[free]
    rng = world.rng
    ia, ib = match_within(
        rng, world.state.G, P.g[heads], rng.random(len(heads)), P.g[hosts_p], rng.random(len(hosts))
    )
    if len(ia) == 0:
        return heads[:0]
    heads, hosts = heads[ia], hosts[ib].astype(np.int64)
    host_of = np.full(P.n, -1, dtype=np.int64)
    host_of[heads] = hosts
    members = coa_members[host_of[P.family[coa_members]] >= 0]
    hh = host_of[P.family[members]]
    day = np.maximum(P.state_until[P.family[members]] + 1, d0 + 1).astype(np.int32)
    adult = (day - P.birth[members]) / YEAR_DAYS >= 18
    present = e.members_of(np.unique(hh))
    has_partner = np.isin(hh, P.hh[present[P.role[present] == PARTNER]])
    first_adult = adult & (members == P.family[members])
    role = np.where(adult, np.where(first_adult & ~has_partner, PARTNER, OTHER), CHILD)
    e._end_state_spells(members, day)
    world.mark(members)
    e.join_households(members, hh, day, role)
    e.busy_hh[hosts] = True
    world.count("reunited_persons", len(members))
    return heads


def release(world: ChunkWorld, persons: np.ndarray, days: np.ndarray) -> None:
    """Housing paths of persons who leave detention, care or a stay without a fixed address.

    In this order: back to the dwelling kept for them; back to the household they left (if it still
    lives at a dwelling; for detention with `params.RETURN_HOME`, for care by kind); else one path drawn
    from the leaving state's shares (`params.RELEASE_PATHS`): in with family or friends (another private
    household of the gemeente), a shelter (maatschappelijke opvang, a care stay), no fixed address (a
    postal address at an institution for some months, then a path again), a privately rented or a
    newly let corporation dwelling. Who finds no dwelling has no fixed address for a while.
    """
    e, P, H, OB = world.engine, world.state.persons, world.state.households, world.state.objects
    rng = world.rng
    state = P.state[persons].copy()
    care_kind = P.care_kind[persons].copy()
    P.released_day[persons[state == DETAINED]] = days[state == DETAINED]
    e._end_state_spells(persons, days)
    world.mark(persons)
    left = np.ones(len(persons), dtype=bool)
    # 1. the dwelling kept for them
    kept = P.home_obj[persons]
    back = left & (kept >= 0) & (OB.end_day[np.maximum(kept, 0)] < 0)
    if back.any():
        p = persons[back]
        OB.held[kept[back]] = False
        e.start_own_household(p, kept[back], days[back])
        left &= ~back
        world.count("released_to_kept_dwelling", int(back.sum()))
    OB.held[kept[(kept >= 0) & left]] = False  # kept, but demolished meanwhile
    P.home_obj[persons] = -1
    # 2. the household they left, if it still lives at a dwelling and has no event yet in this quarter
    home = P.home_hh[persons]
    ok = left & (home >= 0)
    ok[ok] = H.exists[home[ok]] & ~H.institutional[home[ok]] & (H.obj[home[ok]] >= 0)
    ok[ok] = ~e.busy_hh[home[ok]]
    chance = np.where(state == DETAINED, params.RETURN_HOME["detention"], 0.0)
    for k, code in enumerate(params.CARE_KINDS):
        chance = np.where((state == IN_CARE) & (care_kind == k), params.RETURN_HOME[code], chance)
    ok &= rng.random(len(persons)) < chance
    if ok.any():
        sel = np.flatnonzero(ok)
        _, first = np.unique(home[sel], return_index=True)  # one returning member per household
        sel = sel[first]
        p, hh = persons[sel], home[sel].astype(np.int64)
        role = P.home_role[p]
        # a partner whose place was taken meanwhile returns as another member
        members = e.members_of(hh)
        taken = np.isin(hh, P.hh[members[P.role[members] == PARTNER]])
        role = np.where((role < 0) | ((role == PARTNER) & taken), OTHER, role)
        e.join_households(p, hh, days[sel], role)
        e.busy_hh[hh] = True
        left[sel] = False
        world.count("released_to_household", len(sel))
    P.home_hh[persons], P.home_role[persons] = -1, -1
    # 3. one path by the leaving state's shares
    rest = np.flatnonzero(left)
    if len(rest) == 0:
        return
    kind = np.where(state[rest] == DETAINED, 0, np.where(state[rest] == IN_CARE, 1, 2))
    shares = np.array([params.RELEASE_PATHS[k] for k in ("detention", "care", "no_address")])[kind]
    path = (rng.random(len(rest))[:, None] > np.cumsum(shares, axis=1)).sum(axis=1)
    path = np.minimum(path, len(RELEASE_PATH_NAMES) - 1)
    p_of = persons[rest]
    g = P.g[p_of]
    # family or friends: another private household of the gemeente at a dwelling, free this quarter
    fam = np.flatnonzero(path == 0)
    if len(fam):
        hosts_p = world.c_A[(world.c_role == HEAD) & world.c_normal & (world.c_hh >= 0)]
        hosts_p = hosts_p[rng.random(len(hosts_p)) < 50 * len(fam) / max(len(hosts_p), 1)]  # a sample will do
        hosts = P.hh[hosts_p]
        free = H.exists[hosts] & ~H.institutional[hosts] & (H.obj[hosts] >= 0) & ~e.busy_hh[hosts]
        hosts_p, hosts = hosts_p[free], hosts[free]
        ia, ib = match_within(
            rng, world.state.G, g[fam], rng.random(len(fam)), P.g[hosts_p], rng.random(len(hosts))
        )
        hh = hosts[ib].astype(np.int64)
        ia, hh = ia[np.unique(hh, return_index=True)[1]], np.unique(hh)
        chosen = fam[ia]
        e.join_households(p_of[chosen], hh, days[rest[chosen]], OTHER)
        e.busy_hh[hh] = True
        path[fam] = 2  # no host found: no fixed address for a while
        path[chosen] = -1
        world.count("released_to_family", len(chosen))
    # a privately rented or a newly let corporation dwelling
    seek = np.flatnonzero((path == 3) | (path == 4))
    if len(seek):
        pref = np.where(path[seek] == 3, PRIVATE, CORPORATION)
        objs = e.find_dwellings(g[seek], pref, P.w[p_of[seek]].astype(float))
        # the preferred sector only: who finds no dwelling there has no fixed address for a while
        found = (objs >= 0) & (OB.tenure[np.maximum(objs, 0)] == pref)
        unwanted = objs[(objs >= 0) & ~found]
        e.pool = np.union1d(e.pool, unwanted)  # back to the market
        done = seek[found]
        e.start_own_household(p_of[done], objs[found], days[rest[done]])
        path[seek[~found]] = 2
        path[done] = -1
        world.count("released_to_rented_dwelling", len(done))
    # a shelter (a care stay of kind MO) or no fixed address (a postal address at an institution)
    for code, state_new in ((1, IN_CARE), (2, NO_ADDRESS)):
        sel = np.flatnonzero(path == code)
        if len(sel) == 0:
            continue
        p = p_of[sel]
        objs = world.pick(world.care_of_g, g[sel])
        e.start_own_household(p, objs, days[rest[sel]], institutional=True)
        median = params.CARE_MEDIAN_DAYS[MO] if state_new == IN_CARE else params.NO_ADDRESS_MEDIAN_DAYS
        dur = (np.exp(rng.normal(np.log(median), 0.6, len(sel))) + 14).astype(np.int32)
        P.state[p], P.state_from[p], P.state_until[p], P.state_obj[p] = (
            state_new,
            days[rest[sel]],
            days[rest[sel]] + dur,
            objs,
        )
        if state_new == IN_CARE:
            P.care_kind[p] = MO
        world.count("released_to_shelter" if state_new == IN_CARE else "released_without_address", len(sel))


def remember_home(world: ChunkWorld, persons: np.ndarray, stay_days: np.ndarray, state: int) -> None:
    """Before persons enter detention or care: the household they will return to, or the dwelling kept
    for them when they lived alone (`params.KEEP_DWELLING`: by the stay's length; owners keep theirs)."""
    P, H, OB = world.state.persons, world.state.households, world.state.objects
    hh = P.hh[persons]
    alone = P.hh_size[persons] <= 1
    P.home_hh[persons] = np.where(alone, -1, hh)
    P.home_role[persons] = np.where(alone, -1, P.role[persons])
    obj = H.obj[hh]
    rules = params.KEEP_DWELLING["detention" if state == DETAINED else "care"]
    chance = np.zeros(len(persons))
    for max_days, share in reversed(rules):
        chance = np.where(stay_days <= max_days, share, chance)
    chance = np.where(OB.tenure[obj] == OWNER, params.KEEP_DWELLING["owner"], chance)
    keep = alone & (obj >= 0) & (world.rng.random(len(persons)) < chance)
    P.home_obj[persons] = np.where(keep, obj, -1)
    OB.held[obj[keep]] = True


def enter_institutions(world: ChunkWorld, year: int, d0: int, d1: int) -> None:
    e, P, H = world.engine, world.state.persons, world.state.households
    rng = world.rng
    sel = world.c_normal & (world.c_hh >= 0)
    sel[sel] = ~H.institutional[world.c_hh[sel]]
    normal = world.c_A[sel]
    age = world.c_age[sel]
    # detention (mostly young men, aged 18-59): the expected number per gemeente (the sum of the
    # persons' probabilities) is realised with a balance, the persons drawn in proportion to their rates
    band = (age >= 18) & (age < 60)
    cand, cage = normal[band], age[band]
    rate = params.DETENTION_RATE * np.exp(1.25 * P.risk[cand]) * np.where(P.sex[cand] == 1, 1.0, 0.1)
    rate *= world.city_factor[P.g[cand]]  # more detention among inhabitants of the big cities
    rate *= np.interp(cage, [18, 25, 35, 50, 60], [1.2, 1.3, 1.0, 0.5, 0.2])
    # more often among persons of low earning power and tenants (about the mean rate kept)
    slope = params.DETENTION_EARNING_SLOPE
    rate *= np.exp(-slope * P.w[cand] - slope**2 / 2)
    tenure = world.state.objects.tenure[H.obj[P.hh[cand]]]
    rate *= np.array(params.DETENTION_TENURE_FACTOR)[tenure]
    # recidivism: after a release, a higher chance of a new detention for two years
    recent = (P.released_day[cand] >= 0) & (P.released_day[cand] > d0 - 2 * YEAR_DAYS)
    rate = np.where(recent, np.maximum(rate, params.RECIDIVISM_RATE), rate)
    step_rate = rate / 4 + 3 * rate**2 / 32  # 1 - (1 - rate)^(1/4) to second order (rates below 0.2)
    expected = np.bincount(P.g[cand], weights=step_rate, minlength=world.state.G)
    counts = take_whole(world.quota["detention"], expected)
    # a pre-sample of four times the expected persons (in proportion to their chances), then the planned
    # number drawn evenly from it: the same distribution, without sorting every candidate
    pre = rng.random(len(cand)) < 4 * step_rate
    short = np.bincount(P.g[cand[pre]], minlength=world.state.G) < counts
    pre |= short[P.g[cand]]  # (rare) too few pre-sampled: every candidate of that gemeente
    weight = np.where(short[P.g[cand[pre]]], step_rate[pre], 1.0)
    cand_pre = cand[pre]
    det = world.one_per_household(world.free(cand_pre[weighted_pick(rng, P.g[cand_pre], weight, counts)]))
    # residential care (types by age): one uniform draw per person, kinds as adjacent intervals
    u = rng.random(len(normal))
    step_rates = params.per_step(params.CARE_ENTRY_RATE)
    low = np.flatnonzero(u < step_rates.sum())
    lu, la = u[low], age[low]
    kinds = np.full(len(low), -1)
    cum = np.zeros(len(low))
    for k, code in enumerate(params.CARE_KINDS):
        r = step_rates[k] * np.where(code == "JZ", (la >= 13) & (la < 18), (la >= 18) & (la < 70))
        kinds = np.where((kinds < 0) & (lu >= cum) & (lu < cum + r), k, kinds)
        cum = cum + r
    entering = normal[low[kinds >= 0]]
    care_kind = np.full(P.n, -1)
    care_kind[entering] = kinds[kinds >= 0]
    care = world.free(entering)
    # nursing homes (from 78)
    old = age >= 78
    nurse = world.draw(normal[old], np.interp(age[old], [78, 82, 86, 90, 95], [0.0, 0.012, 0.03, 0.06, 0.1]))
    taken = np.zeros(H.n, dtype=bool)  # one event per household: at most one member enters
    groups = []
    for sel in (det, care, nurse):
        sel = world.one_per_household(sel[~taken[P.hh[sel]]])
        taken[P.hh[sel]] = True
        groups.append(sel)
    det, care_sel, nurse = groups
    if len(det) and len(world.prison_objs):
        days = e.event_days(len(det), d0, d1)
        objs = world.prison_objs[
            rng.choice(len(world.prison_objs), len(det), p=world.prison_w / world.prison_w.sum())
        ]
        # lengths: log-normal (median DETENTION_MEDIAN_DAYS), evenly spread within each gemeente
        u = spread_uniforms(world.detention_phase, world.detention_used, P.g[det])
        z = normal_quantile(u)
        dur = np.exp(np.log(params.DETENTION_MEDIAN_DAYS) + params.DETENTION_SIGMA * z)
        dur = np.clip(dur, 3, 5 * 365).astype(np.int32)
        world.mark(det)
        remember_home(world, det, dur, DETAINED)
        e.start_own_household(det, objs, days, institutional=True)
        P.state[det], P.state_from[det], P.state_until[det], P.state_obj[det] = (
            DETAINED,
            days,
            days + dur,
            objs,
        )
    if len(care_sel):
        days = e.event_days(len(care_sel), d0, d1)
        objs = world.pick(world.care_of_g, P.g[care_sel])
        k = care_kind[care_sel]
        dur = np.exp(rng.normal(np.log(params.CARE_MEDIAN_DAYS[k]), 0.8)).astype(np.int32) + 7
        world.mark(care_sel)
        remember_home(world, care_sel, dur, IN_CARE)
        e.start_own_household(care_sel, objs, days, institutional=True)
        P.state[care_sel], P.state_from[care_sel], P.state_until[care_sel] = IN_CARE, days, days + dur
        P.state_obj[care_sel], P.care_kind[care_sel] = objs, k
    if len(nurse):
        days = e.event_days(len(nurse), d0, d1)
        objs = world.pick(world.nursing_of_g, P.g[nurse])
        world.mark(nurse)
        e.start_own_household(nurse, objs, days, institutional=True)
        P.state[nurse] = NURSING

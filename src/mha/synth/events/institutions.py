"""Events of institutions: detention, residential care and nursing homes (entering and leaving), and
permit holders who leave the COA location for a dwelling (taakstelling)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from mha.synth import params
from mha.synth.dynamics import PERMIT_PREFS, RELEASE_PREFS, YEAR_DAYS, tenure_choice
from mha.synth.state import CHILD, DETAINED, HEAD, IN_CARE, IN_COA, NURSING, PARTNER

if TYPE_CHECKING:
    from mha.synth.world import ChunkWorld


def leave_institutions(world: ChunkWorld, d0: int, d1: int) -> None:
    """Scheduled ends of detention, care and COA stays: the person moves into a dwelling."""
    e, P = world.engine, world.state.persons
    idx = world.c_A[~world.c_normal]
    st = P.state[idx]
    due = idx[
        ((st == DETAINED) | (st == IN_CARE)) & (P.state_until[idx] >= 0) & (P.state_until[idx] + 1 <= d1)
    ]
    if len(due):
        days = np.maximum(P.state_until[due] + 1, d0 + 1).astype(np.int32)
        pref = tenure_choice(world.rng, np.tile(RELEASE_PREFS, (len(due), 1)))
        objs = e.find_dwellings(P.g[due], pref, P.w[due].astype(float))
        ok = objs >= 0
        if ok.any():
            p = due[ok]
            e._end_state_spells(p, days[ok])
            e.start_own_household(p, objs[ok], days[ok])
            world.mark(p)
    # permit holders in COA whose waiting time is over: the family moves in together
    heads = idx[
        (st == IN_COA) & (P.permit_day[idx] >= 0) & (P.state_until[idx] + 1 <= d1) & (P.family[idx] == idx)
    ]
    rejected = idx[(st == IN_COA) & (P.permit_day[idx] < 0) & (P.state_until[idx] + 1 <= d1)]
    if len(rejected):  # asylum refused: leaves the country
        days = np.maximum(P.state_until[rejected] + 1, d0 + 1).astype(np.int32)
        world.mark(rejected)
        e.exit_persons(rejected, days, died=False)
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


def enter_institutions(world: ChunkWorld, year: int, d0: int, d1: int) -> None:
    e, P, H = world.engine, world.state.persons, world.state.households
    rng = world.rng
    sel = world.c_normal & (world.c_hh >= 0)
    sel[sel] = ~H.institutional[world.c_hh[sel]]
    normal = world.c_A[sel]
    age = world.c_age[sel]
    # detention (mostly young men, aged 18-59)
    band = (age >= 18) & (age < 60)
    cand, cage = normal[band], age[band]
    rate = 0.0029 * np.exp(1.25 * P.risk[cand]) * np.where(P.sex[cand] == 1, 1.0, 0.1)
    rate *= world.city_factor[P.g[cand]]  # more detention among inhabitants of the big cities
    rate *= np.interp(cage, [18, 25, 35, 50, 60], [1.2, 1.3, 1.0, 0.5, 0.2])
    det = world.one_per_household(world.draw(cand, rate))
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
        dur = np.clip(np.exp(rng.normal(np.log(48), 1.15, len(det))), 3, 5 * 365).astype(np.int32)
        world.mark(det)
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
        e.start_own_household(care_sel, objs, days, institutional=True)
        P.state[care_sel], P.state_from[care_sel], P.state_until[care_sel] = IN_CARE, days, days + dur
        P.state_obj[care_sel], P.care_kind[care_sel] = objs, k
    if len(nurse):
        days = e.event_days(len(nurse), d0, d1)
        objs = world.pick(world.nursing_of_g, P.g[nurse])
        world.mark(nurse)
        e.start_own_household(nurse, objs, days, institutional=True)
        P.state[nurse] = NURSING

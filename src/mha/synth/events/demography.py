"""Events of persons and households: deaths, emigration, births, leaving the parental home, unions and
separations. Each event is a function of the chunk's world and the quarter (first and last day)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from mha.synth import params
from mha.synth.dynamics import LEAVER_PREFS, SEPARATION_PREFS, tenure_choice, with_access
from mha.synth.state import CHILD, HEAD, NURSING, PARTNER
from mha.synth.util import match_within

if TYPE_CHECKING:
    from mha.synth.world import ChunkWorld


def deaths(world: ChunkWorld, d0: int, d1: int) -> None:
    e = world.engine
    rate = params.death_rate(world.c_age, world.c_sex) * np.where(world.c_state == NURSING, 2.5, 1.0)
    dying = world.one_per_household(world.draw(world.c_A, rate))
    if len(dying) == 0:
        return
    days = e.event_days(len(dying), d0, d1)
    world.mark(dying)
    world.count("deaths", len(dying))
    hh = e.exit_persons(dying, days, died=True)
    ok = hh >= 0
    e.recompose(hh[ok], days[ok])


def emigration(world: ChunkWorld, d0: int, d1: int) -> None:
    e, P, H = world.engine, world.state.persons, world.state.households
    sel = (world.c_role == HEAD) & world.c_normal
    heads = world.c_A[sel]
    age = world.c_age[sel]
    recent = (P.settle_day[heads] >= 0) & (P.settle_day[heads] > d0 - 5 * 365)
    recent &= P.permit_ground[heads] != 1  # refugees with a permit rarely leave again
    rate = np.where(recent, 0.06, np.interp(age, [18, 25, 32, 45, 70], [0.003, 0.009, 0.006, 0.0025, 0.0015]))
    rate = rate + world.extra_emigration[world.c_g[sel]] * 1.5
    leaving = world.draw(heads, rate)
    if len(leaving) == 0:
        return
    hh = P.hh[leaving].astype(np.int64)
    members = e.members_of(hh)
    hh_days = e.event_days(len(hh), d0, d1)
    order = np.argsort(hh)
    member_days = hh_days[order][np.searchsorted(hh[order], P.hh[members])]
    world.mark(members)
    world.count("emigrant_households", len(hh))
    world.count("emigrants", len(members))
    e.exit_persons(members, member_days, died=False)
    H.exists[hh] = False


def emigration_rate(world: ChunkWorld, heads: np.ndarray, d: int) -> np.ndarray:
    P = world.state.persons
    age = world.engine.age(heads, d)
    recent = (P.settle_day[heads] >= 0) & (P.settle_day[heads] > d - 5 * 365)
    base = np.interp(age, [18, 25, 32, 45, 70], [0.012, 0.03, 0.02, 0.009, 0.005])
    rate = np.where(recent, 0.14, base)
    return rate + world.extra_emigration[P.g[heads]] * 1.5


def births(world: ChunkWorld, d0: int, d1: int) -> None:
    e, P = world.engine, world.state.persons
    role = world.c_role
    sel = (world.c_sex == 2) & ((role == HEAD) | (role == PARTNER)) & world.c_normal
    sel &= (world.c_age > 14) & (world.c_age < 50)
    women = world.c_A[sel]
    rate = params.fertility_rate(world.c_age[sel]) * np.where(world.c_typhh[sel] == 1, 0.12, 1.0)
    mothers = world.one_per_household(world.draw(women, rate))
    if len(mothers) == 0:
        return
    days = e.event_days(len(mothers), d0, d1)
    n = len(mothers)
    track = world.rng.choice(4, size=n, p=params.TRACK_PROBS).astype(np.int8)
    kids = e.new_persons(
        P.g[mothers],
        birth=days,
        sex=np.where(world.rng.random(n) < 0.512, 1, 2).astype(np.int8),
        origin=P.origin[mothers],
        generation=np.where(P.generation[mothers] >= 1, 2, 0).astype(np.int8),
        w=world.rng.normal(0, 1, n).astype(np.float32),
        risk=world.rng.normal(0, 1, n).astype(np.float32),
        track=track,
        study_start=(params.TRACK_START[track] + world.rng.normal(0, 0.5, n)).astype(np.float32),
        study_years=(params.TRACK_YEARS[track] * np.exp(world.rng.normal(0, 0.25, n))).astype(np.float32),
    )
    P.hh[kids] = P.hh[mothers]
    e.joined(kids)
    P.role[kids] = CHILD
    e.open_address(kids, P.obj[mothers], days)
    world.mark(np.r_[mothers, kids])
    e.recompose(P.hh[mothers], days)


def leave_home(world: ChunkWorld, d0: int, d1: int) -> None:
    e, P = world.engine, world.state.persons
    sel = (world.c_role == CHILD) & world.c_normal & (world.c_age >= 17.5)
    kids = world.c_A[sel]
    age = world.c_age[sel]
    studying = (
        (P.track[kids] >= 2)
        & (age >= P.study_start[kids])
        & (age < P.study_start[kids] + P.study_years[kids])
    )
    g = world.c_g[sel]
    # hbo/wo students who start this quarter may move to a student city in another gemeente
    start_in = P.study_start[kids] - age
    starting = (P.track[kids] >= 2) & (start_in >= 0) & (start_in < 0.25)
    away = starting & (world.rng.random(len(kids)) < world.student_out[g])
    if away.any():
        gone = world.free(kids[away])
        if len(gone):
            days = e.event_days(len(gone), d0, d1)
            world.mark(gone)
            world.count("student_departures", len(gone))
            hh = e.exit_persons(gone, days, died=False)
            e.recompose(hh, days)
        kids, age, g, studying = kids[~away], age[~away], g[~away], studying[~away]
    rate = params.leave_home_rate(age) * np.where(studying, 1.3 * world.student_city[g], 1.0)
    rate = rate * world.leave_mult[g]
    leavers = world.one_per_household(world.draw(kids, rate))
    if len(leavers) == 0:
        return
    pref = tenure_choice(world.rng, np.tile(with_access(LEAVER_PREFS, world.access), (len(leavers), 1)))
    objs = e.find_dwellings(P.g[leavers], pref, P.w[leavers].astype(float))
    ok = objs >= 0
    leavers, objs = leavers[ok], objs[ok]
    days = e.event_days(len(leavers), d0, d1)
    world.mark(leavers)
    world.count("leave_home", len(leavers))
    e.start_own_household(leavers, objs, days)


def unions(world: ChunkWorld, d0: int, d1: int) -> None:
    e, P, H = world.engine, world.state.persons, world.state.households
    typ = world.c_typhh
    sel = ((typ == 1) | (typ == 6)) & (world.c_role == HEAD) & world.c_normal & (world.c_age >= 17)
    singles = world.c_A[sel]
    age = world.c_age[sel]
    rate = np.interp(age, [19, 24, 30, 40, 55, 70], [0.05, 0.20, 0.22, 0.14, 0.07, 0.02])
    rate = rate * world.union_mult[world.c_g[sel]]
    cand = world.draw(singles, rate)
    men, women = cand[P.sex[cand] == 1], cand[P.sex[cand] == 2]
    ia, ib = match_within(
        world.rng, world.state.G, P.g[men], e.age(men, d0) - 2, P.g[women], e.age(women, d0)
    )
    a, b = men[ia], women[ib]
    # the partner who moves must live alone (a single parent's children stay with that parent)
    alone_a, alone_b = P.typhh[a] == 1, P.typhh[b] == 1
    keep = alone_a | alone_b
    a, b, alone_a, alone_b = a[keep], b[keep], alone_a[keep], alone_b[keep]
    swap = np.where(alone_a & alone_b, world.rng.random(len(a)) < 0.5, alone_a)
    stay, move = np.where(swap, b, a), np.where(swap, a, b)
    if len(stay) == 0:
        return
    days = e.event_days(len(stay), d0, d1)
    world.mark(np.r_[stay, move])
    world.count("unions", len(stay))
    old = P.hh[move].copy()
    e.close_household(move, days)
    e.close_address(move, days)
    H.exists[old] = False
    P.hh[move] = P.hh[stay]
    e.joined(move)
    P.role[move] = PARTNER
    H.married[P.hh[stay]] = world.rng.random(len(stay)) < 0.25
    e.open_address(move, H.obj[P.hh[stay]], days)
    e.recompose(P.hh[stay], days)


def separations(world: ChunkWorld, d0: int, d1: int) -> None:
    e, P = world.engine, world.state.persons
    sel = (world.c_role == PARTNER) & world.c_normal
    partners = world.c_A[sel]
    age = world.c_age[sel]
    rate = np.interp(age, [20, 30, 45, 60, 75], [0.035, 0.025, 0.015, 0.007, 0.002])
    leaving = world.draw(partners, rate)
    if len(leaving) == 0:
        return
    pref = tenure_choice(world.rng, np.tile(with_access(SEPARATION_PREFS, world.access), (len(leaving), 1)))
    objs = e.find_dwellings(P.g[leaving], pref, P.w[leaving].astype(float))
    ok = objs >= 0
    leaving, objs = leaving[ok], objs[ok]
    days = e.event_days(len(leaving), d0, d1)
    world.mark(leaving)
    world.count("separations", len(leaving))
    e.start_own_household(leaving, objs, days)

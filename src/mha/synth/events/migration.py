"""Events of people who arrive: regular and EU labour immigrants, students who move to a student city,
permit holders who move on to a big city, and asylum seekers who arrive at a COA location."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from mha.synth import params
from mha.synth.dynamics import (
    IMMIGRANT_PREFS,
    LABOUR_PREFS,
    PERMIT_MOVER_PREFS,
    STUDENT_PREFS,
    YEAR_DAYS,
    tenure_choice,
    with_access,
)
from mha.synth.state import CHILD, HEAD, IN_COA, PARTNER
from mha.synth.util import SILVER, normal_quantile, positions, spread_uniforms, stochastic_round, take_units

if TYPE_CHECKING:
    from mha.synth.world import ChunkWorld

NL = int(params.country_index(np.array(["NL"]))[0])


def asylum_sizes(rng: np.random.Generator, n: int) -> np.ndarray:
    """Families of asylum seekers: 1 person (72%), 2 (10%), 3-5 (18%); mean 1.64."""
    u = rng.random(n)
    return np.where(u < 0.72, 1, np.where(u < 0.82, 2, 3 + rng.integers(0, 3, n)))


def permit_mover_sizes(rng: np.random.Generator, n: int) -> np.ndarray:
    """Households of permit holders who move on: 1 person (60%), 2 (12%), 3-5 (28%); mean 1.96."""
    u = rng.random(n)
    return np.where(u < 0.6, 1, np.where(u < 0.72, 2, 3 + rng.integers(0, 3, n)))


def immigration(world: ChunkWorld, year: int, d0: int, d1: int) -> None:
    """Regular and EU labour immigrants arrive as households into empty dwellings."""
    e, P = world.engine, world.state.persons
    rng = world.rng
    for labour in (False, True):
        persons_q = (world.labour_year if labour else world.immigrants_year) / 4.0
        unit_size = 1.25 if labour else 1.55
        n_units = stochastic_round(rng, persons_q / unit_size + world.backlog[int(labour)])
        if n_units.sum() == 0:
            continue
        g = np.repeat(np.arange(world.state.G), n_units).astype(np.int32)
        prefs = with_access(LABOUR_PREFS if labour else IMMIGRANT_PREFS, world.access)
        pref = tenure_choice(rng, np.tile(prefs, (len(g), 1)))
        objs = e.find_dwellings(g, pref, rng.normal(0, 1, len(g)))
        ok = objs >= 0
        # who found no dwelling tries again next quarter
        world.backlog[int(labour)] = np.bincount(g[~ok], minlength=world.state.G).astype(float)
        g, objs = g[ok], objs[ok]
        if len(g) == 0:
            continue
        u = rng.random(len(g))
        size = np.where(
            u < (0.82 if labour else 0.62), 1, np.where(u < 0.9, 2, 2 + rng.integers(1, 4, len(g)))
        )
        days = e.event_days(len(g), d0, d1)
        hh = e.new_households(g, objs)
        world.count("immigrant_households", len(hh))
        e._grow_busy()
        unit = np.repeat(np.arange(len(g)), size)
        pos = positions(size)
        n = len(unit)
        adult_age = np.clip(rng.normal(31 if labour else 30, 8, n), 18, 70)
        kid_age = rng.random(n) * 14
        age = np.where(pos < 2, adult_age, kid_age)
        birth = (days[unit] - age * YEAR_DAYS).astype(np.int32)
        if labour:
            w_ = params.LABOUR_NATIONALITY_WEIGHTS / params.LABOUR_NATIONALITY_WEIGHTS.sum()
            nat_u = params.country_index(params.LABOUR_NATIONALITIES[rng.choice(len(w_), len(g), p=w_)])
        else:
            w_ = params.OTHER_IMMIGRANT_WEIGHTS / params.OTHER_IMMIGRANT_WEIGHTS.sum()
            nat_u = params.country_index(
                params.OTHER_IMMIGRANT_NATIONALITIES[rng.choice(len(w_), len(g), p=w_)]
            )
        returning = (~labour) & (rng.random(len(g)) < 0.25)  # Dutch returning emigrants
        nat = np.where(returning[unit], -1, nat_u[unit]).astype(np.int16)
        origin = np.where(returning[unit], NL, nat_u[unit]).astype(np.int16)
        sex = np.where(
            pos == 0,
            np.where(rng.random(n) < 0.6, 1, 2),
            np.where(pos == 1, 3 - np.where(rng.random(n) < 0.6, 1, 2), rng.integers(1, 3, n)),
        ).astype(np.int8)
        persons = e.new_persons(
            g[unit],
            birth=birth,
            sex=sex,
            origin=origin,
            generation=np.where(returning[unit], 0, 1).astype(np.int8),
            settle_day=days[unit],
            nationality=nat,
            labour=labour & (pos < 2),
            w=rng.normal(0.2, 1, n).astype(np.float32),
            risk=rng.normal(0, 1, n).astype(np.float32),
            track=0,
            permit_ground=np.where(
                returning[unit] | np.isin(params.COUNTRIES[nat_u[unit]], params.LABOUR_NATIONALITIES),
                0,
                np.where(pos < 2, 3, 2),
            ).astype(np.int8),
        )
        nonwest = P.permit_ground[persons] > 0
        P.permit_day[persons[nonwest]] = days[unit][nonwest] + rng.integers(0, 60, nonwest.sum())
        P.hh[persons] = hh[unit]
        e.joined(persons)
        P.role[persons] = np.where(pos == 0, HEAD, np.where(pos == 1, PARTNER, CHILD))
        world.state.households.married[hh] = size >= 3
        e.open_address(persons, objs[unit], days[unit])
        world.mark(persons)
        e.recompose(hh, days)


def student_arrivals(world: ChunkWorld, q: int, d0: int, d1: int) -> None:
    """hbo/wo students who move into a student city: from elsewhere in the country (Dutch) or from
    abroad (international degree students); each starts a one-person household in a small dwelling."""
    e, P = world.engine, world.state.persons
    rng = world.rng
    n_g = stochastic_round(rng, world.student_in * params.STUDENT_ARRIVAL_QUARTERS[q] + world.student_backlog)
    if n_g.sum() == 0:
        return
    g = np.repeat(np.arange(world.state.G), n_g).astype(np.int32)
    pref = tenure_choice(rng, np.tile(STUDENT_PREFS, (len(g), 1)))
    objs = e.find_dwellings(g, pref, rng.normal(-1.5, 0.5, len(g)))
    ok = objs >= 0
    # who found no room tries again next quarter
    world.student_backlog = np.bincount(g[~ok], minlength=world.state.G).astype(float)
    g, objs = g[ok], objs[ok]
    n = len(g)
    if n == 0:
        return
    days = e.event_days(n, d0, d1)
    track = np.where(rng.random(n) < 0.5, 2, 3).astype(np.int8)
    later = rng.random(n) < 0.25  # masters and students who change city later
    age = np.where(later, 19 + rng.random(n) * 5, np.clip(rng.normal(18.5, 0.6, n), 17.6, 21))
    start = np.where(
        later, np.clip(rng.normal(18.3, 0.5, n), 17.5, age - 0.5), age - rng.random(n) * 0.2
    ).astype(np.float32)
    years = params.TRACK_YEARS[track] * np.exp(rng.normal(0, 0.25, n))
    years = np.where(later, np.maximum(years, age - start + 0.8 + rng.random(n) * 1.5), years)
    domestic = rng.random(n) < world.student_domestic[g]
    w_ = params.INTERNATIONAL_STUDENT_WEIGHTS / params.INTERNATIONAL_STUDENT_WEIGHTS.sum()
    nat_i = params.country_index(params.INTERNATIONAL_STUDENT_NATIONALITIES[rng.choice(len(w_), n, p=w_)])
    migrant = rng.random(n) < 0.2  # Dutch students with a migration background (second generation)
    w_m = params.MIGRANT_ORIGIN_WEIGHTS / params.MIGRANT_ORIGIN_WEIGHTS.sum()
    origin_m = params.country_index(params.ORIGINS[rng.choice(len(params.ORIGINS), n, p=w_m)])
    origin = np.where(domestic, np.where(migrant, origin_m, NL), nat_i).astype(np.int16)
    non_eu = ~domestic & ~np.isin(
        params.COUNTRIES[nat_i], np.r_[params.LABOUR_NATIONALITIES, ["DE", "BE", "FR", "GB"]]
    )
    persons = e.new_persons(
        g,
        birth=(days - age * YEAR_DAYS).astype(np.int32),
        sex=np.where(rng.random(n) < 0.5, 1, 2).astype(np.int8),
        origin=origin,
        generation=np.where(domestic, np.where(migrant, 2, 0), 1).astype(np.int8),
        settle_day=np.where(domestic, -1, days).astype(np.int32),
        nationality=np.where(domestic, -1, nat_i).astype(np.int16),
        permit_ground=np.where(non_eu, 4, 0).astype(np.int8),
        w=rng.normal(0.3, 1, n).astype(np.float32),
        risk=rng.normal(-0.5, 1, n).astype(np.float32),
        track=track,
        study_start=start,
        study_years=years.astype(np.float32),
    )
    P.permit_day[persons[non_eu]] = days[non_eu] + rng.integers(0, 30, non_eu.sum())
    world.count("student_arrivals", n)
    e.start_own_household(persons, objs, days)
    world.mark(persons)


def permit_moves(world: ChunkWorld, year: int, d0: int, d1: int) -> None:
    """Secondary migration of permit holders: households leave for a big city 1-5 years after the
    permit (an exit here) and arrive there (an entry in that gemeente's chunk), as planned.

    Departures: each gemeente's planned persons of the quarter, drawn among the households whose
    head got an asylum permit `PERMIT_MOVE_YEARS` ago. Arrivals: new households of permit holders
    (permit 1 + exponential years ago, no COA stay here) in a dwelling; who finds none tries again.
    """
    e, P, H = world.engine, world.state.persons, world.state.households
    rng = world.rng
    G = world.state.G
    lo, hi = params.PERMIT_MOVE_YEARS
    sel = (world.c_role == HEAD) & world.c_normal & (world.c_hh >= 0)
    heads = world.c_A[sel]
    pday = P.permit_day[heads]
    ok = (P.permit_ground[heads] == 1) & (pday >= d0 - hi * YEAR_DAYS) & (pday <= d0 - lo * YEAR_DAYS)
    heads = heads[ok]
    heads = heads[~H.institutional[P.hh[heads]]]
    size = np.maximum(P.hh_size[heads], 1)
    stock = np.bincount(P.g[heads], weights=size, minlength=G)
    wanted = world.permit_out[year] * world.scale / 4.0
    prob = np.where(stock > 0, np.minimum(wanted / np.maximum(stock, 1), 0.5), 0.0)
    leaving = world.free(heads[rng.random(len(heads)) < prob[P.g[heads]]])
    if len(leaving):
        hh = P.hh[leaving].astype(np.int64)
        members = e.members_of(hh)
        hh_days = e.event_days(len(hh), d0, d1)
        order = np.argsort(hh)
        member_days = hh_days[order][np.searchsorted(hh[order], P.hh[members])]
        world.mark(members)
        world.count("permit_departures", len(members))
        e.exit_persons(members, member_days, died=False)
        H.exists[hh] = False
    # arrivals: the planned persons of the quarter (balanced per gemeente) as households of 1 (60%),
    # 2 (12%) or 3-5 persons; a household that finds no dwelling gives its persons back to try again
    balance = world.quota["permit_movers"]
    g, size = take_units(rng, balance, world.permit_in[year] * world.scale / 4.0, permit_mover_sizes)
    if len(g) == 0:
        return
    w_head = rng.normal(-0.6, 0.8, len(g))
    pref = tenure_choice(rng, np.tile(PERMIT_MOVER_PREFS, (len(g), 1)))
    objs = e.find_dwellings(g, pref, w_head)
    found = objs >= 0
    balance += np.bincount(g[~found], weights=size[~found], minlength=G)
    g, objs, w_head, size = g[found], objs[found], w_head[found], size[found]
    if len(g) == 0:
        return
    m = len(g)
    days = e.event_days(m, d0, d1)
    since = lo + rng.exponential(params.PERMIT_MOVE_MEAN_YEARS, m)
    permit = (days - np.minimum(since, hi - 0.05) * YEAR_DAYS).astype(np.int32)
    settle = (permit - rng.integers(60, 400, m)).astype(np.int32)
    hh = e.new_households(g, objs)
    e._grow_busy()
    unit = np.repeat(np.arange(m), size)
    pos = positions(size)
    n = len(unit)
    age = np.where(pos < 2, np.clip(rng.normal(31, 8, n), 19, 65), rng.random(n) * 16)
    birth = (days[unit] - age * YEAR_DAYS).astype(np.int32)
    w_ = params.ASYLUM_ORIGIN_WEIGHTS / params.ASYLUM_ORIGIN_WEIGHTS.sum()
    codes = params.ASYLUM_ORIGINS[rng.choice(len(w_), m, p=w_)]
    nat_u = params.country_index(np.where(np.isin(codes, params.COUNTRIES), codes, "SY"))
    head_sex = np.where(rng.random(m) < 0.75, 1, 2)[unit]
    sex = np.where(pos == 0, head_sex, np.where(pos == 1, 3 - head_sex, rng.integers(1, 3, n)))
    born_here = birth > settle[unit]
    persons = e.new_persons(
        g[unit],
        birth=birth,
        sex=sex.astype(np.int8),
        origin=nat_u[unit],
        generation=np.where(born_here, 2, 1).astype(np.int8),
        settle_day=np.where(born_here, -1, settle[unit]).astype(np.int32),
        nationality=np.where(born_here, -1, nat_u[unit]).astype(np.int16),
        w=(w_head[unit] + rng.normal(0, 0.3, n)).astype(np.float32),
        risk=rng.normal(0, 1, n).astype(np.float32),
        track=0,
        permit_ground=np.where(born_here, 0, 1).astype(np.int8),
    )
    arrived = persons[~born_here]
    P.permit_day[arrived] = permit[unit][~born_here]
    P.hh[persons] = hh[unit]
    e.joined(persons)
    P.role[persons] = np.where(pos == 0, HEAD, np.where(pos == 1, PARTNER, CHILD))
    H.married[hh] = size >= 2
    e.open_address(persons, objs[unit], days[unit])
    world.mark(persons)
    world.count("permit_arrivals", n)
    e.recompose(hh, days)


def asylum_arrivals(world: ChunkWorld, year: int, d0: int, d1: int) -> None:
    """Asylum seekers arrive at a COA location; most get a permit, then a dwelling (taakstelling)."""
    e, P = world.engine, world.state.persons
    rng = world.rng
    if len(world.coa_objs) == 0:
        return
    # the planned persons of the quarter, balanced per gemeente, in families of 1-5 persons: those who
    # will get a permit and those who will not are planned apart (ASYLUM_GRANTED of the persons)
    # (ASYLUM_GRANTED of the persons); of those who get one, ASYLUM_REUNITED are family members who follow
    # a permit holder (nareizigers) and join that household
    expected = world.asylum_year / 4.0
    granted_q = expected * params.ASYLUM_GRANTED
    g_yes, size_yes = take_units(
        rng, world.quota["asylum_granted"], granted_q * (1 - params.ASYLUM_REUNITED), asylum_sizes
    )
    g_fam, size_fam = take_units(
        rng, world.quota["asylum_reunited"], granted_q * params.ASYLUM_REUNITED, permit_mover_sizes
    )
    g_no, size_no = take_units(
        rng, world.quota["asylum_refused"], expected * (1 - params.ASYLUM_GRANTED), asylum_sizes
    )
    g, size = np.r_[g_yes, g_fam, g_no], np.r_[size_yes, size_fam, size_no]
    granted = np.r_[np.ones(len(g_yes) + len(g_fam), dtype=bool), np.zeros(len(g_no), dtype=bool)]
    reunited = np.r_[
        np.zeros(len(g_yes), dtype=bool), np.ones(len(g_fam), dtype=bool), np.zeros(len(g_no), dtype=bool)
    ]
    if len(g) == 0:
        return
    days = e.event_days(len(g), d0, d1)
    # COA locations by weight, spread evenly over the families (the largest, Ter Apel, gets its share at
    # any scale)
    u = spread_uniforms(world.coa_phase, world.coa_used, np.zeros(len(g), dtype=np.int64))
    cum = np.cumsum(world.coa_w) / world.coa_w.sum()
    coa = world.coa_objs[np.minimum(np.searchsorted(cum, u), len(cum) - 1)]
    unit = np.repeat(np.arange(len(g)), size)
    pos = positions(size)
    n = len(unit)
    age = np.where(pos < 2, np.clip(rng.normal(28, 8, n), 18, 65), rng.random(n) * 16)
    w_ = params.ASYLUM_ORIGIN_WEIGHTS / params.ASYLUM_ORIGIN_WEIGHTS.sum()
    codes = params.ASYLUM_ORIGINS[rng.choice(len(w_), len(g), p=w_)]
    known = np.isin(codes, params.COUNTRIES)
    codes = np.where(known, codes, "SY")
    nat_u = params.country_index(codes)
    sex = np.where(
        pos == 0, np.where(rng.random(n) < 0.75, 1, 2), np.where(pos == 1, 2, rng.integers(1, 3, n))
    ).astype(np.int8)
    # the time to the permit and then to a dwelling: log-normal, evenly spread within each gemeente (so
    # that the share housed within the year does not vary with a small gemeente's few families)
    u_permit = spread_uniforms(world.asylum_phase[0], world.asylum_used[0], g)
    u_wait = spread_uniforms(world.asylum_phase[1], world.asylum_used[1], g, step=SILVER)
    permit_delay = (20 + np.exp(np.log(150) + 0.65 * normal_quantile(u_permit))).astype(np.int32)
    wait = np.exp(np.log(170 if year < 2022 else 260) + 0.6 * normal_quantile(u_wait)).astype(np.int32)
    # family members who follow have their permit on arrival and stay briefly
    permit_delay = np.where(reunited, rng.integers(1, 30, len(g)), permit_delay).astype(np.int32)
    wait = np.where(reunited, rng.integers(14, 90, len(g)), wait).astype(np.int32)
    persons = e.new_persons(
        g[unit],
        birth=(days[unit] - age * YEAR_DAYS).astype(np.int32),
        sex=sex,
        origin=nat_u[unit],
        generation=1,
        settle_day=days[unit],
        nationality=nat_u[unit],
        w=rng.normal(-0.8, 0.8, n).astype(np.float32),
        risk=rng.normal(0, 1, n).astype(np.float32),
        track=0,
    )
    first = persons[np.r_[0, np.cumsum(size)[:-1]]]
    P.family[persons] = first[unit]
    P.reunites[persons] = reunited[unit]
    gr = granted[unit]
    P.permit_day[persons[gr]] = days[unit][gr] + permit_delay[unit][gr]
    P.permit_ground[persons[gr]] = 1
    P.state_until[persons] = np.where(
        gr, days[unit] + permit_delay[unit] + wait[unit], days[unit] + 200 + rng.integers(0, 300, n)
    )
    e.start_own_household(persons, coa[unit], days[unit], institutional=True)
    P.state[persons] = IN_COA
    P.state_from[persons] = days[unit]
    P.state_obj[persons] = coa[unit]
    world.mark(persons)

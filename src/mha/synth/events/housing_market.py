"""Events of the housing market and the dwelling stock: households that move, new dwellings and
demolition, and the rare dated tenure changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from mha.synth import params
from mha.synth.dynamics import TENURE_PREFS, tenure_choice, with_access
from mha.synth.housing import add_dwellings, draw_rents
from mha.synth.state import CORPORATION, HEAD, OWNER, PRIVATE
from mha.synth.util import stochastic_round

if TYPE_CHECKING:
    from mha.synth.world import ChunkWorld


def moves(world: ChunkWorld, d0: int, d1: int) -> None:
    e, P, H, OB = world.engine, world.state.persons, world.state.households, world.state.objects
    sel = (world.c_role == HEAD) & world.c_normal & (world.c_hh >= 0)
    heads = world.c_A[sel]
    hh = world.c_hh[sel]
    age = world.c_age[sel]
    hh_ok = (H.obj[hh] >= 0) & ~H.institutional[hh]
    heads, hh, age = heads[hh_ok], hh[hh_ok], age[hh_ok]
    tenure = OB.tenure[H.obj[hh]]
    # corporation tenants move less (turnover of corporation dwellings about 7% a year)
    base = np.select([tenure == OWNER, tenure == CORPORATION], [0.042, 0.015 * world.access], 0.15)
    rate = base * np.interp(age, [18, 25, 30, 40, 60, 75, 90], [2.2, 2.0, 1.5, 1.0, 0.7, 0.45, 0.4])
    movers = world.draw(heads, rate)
    if len(movers) == 0:
        return
    mh = P.hh[movers]
    cur = OB.tenure[H.obj[mh]]
    probs = np.array([TENURE_PREFS[int(t)] for t in range(3)])[cur]
    pref = tenure_choice(world.rng, with_access(probs, world.access))
    objs = e.find_dwellings(P.g[movers], pref, P.w[movers].astype(float))
    ok = objs >= 0
    mh, objs = mh[ok], objs[ok]
    days = e.event_days(len(mh), d0, d1)
    members = e.members_of(mh)
    world.mark(members)
    world.count("moves", len(mh))
    e.move_households(mh, objs, days)


def construction(world: ChunkWorld, d0: int, d1: int) -> None:
    n = stochastic_round(world.rng, world.new_dwellings_year / 4.0)
    if n.sum() == 0:
        return
    g = np.repeat(np.arange(world.state.G), n).astype(np.int32)
    start = world.engine.event_days(len(g), d0, d1)
    idx = add_dwellings(
        world.state, world.rng, world.cal, g, start, private_liberalised=params.PRIVATE_LIBERALISED["new"]
    )
    world.state.objects.gg[idx] = world.gidx[g]
    # a few empty old dwellings are demolished
    pool = world.engine.pool
    gone = pool[world.rng.random(len(pool)) < params.per_step(0.0012) * 8]
    OB = world.state.objects
    OB.end_day[gone] = world.engine.event_days(len(gone), d0, d1)
    world.engine.pool = np.setdiff1d(pool, gone)


def tenure_changes(world: ChunkWorld, d0: int, d1: int) -> None:
    """Rare and dated: corporations sell dwellings, private landlords sell or buy."""
    OB = world.state.objects
    rng = world.rng
    res = np.flatnonzero((OB.view("kind") <= 2) & ~OB.view("foreign") & (OB.view("end_day") < 0))
    t = OB.tenure[res]
    rate = np.select([t == CORPORATION, t == PRIVATE], [0.004, 0.004], 0.002)
    change = res[rng.random(len(res)) < params.per_step(rate)]
    if len(change) == 0:
        return
    old = OB.tenure[change].copy()
    new = np.where(old == OWNER, PRIVATE, OWNER).astype(np.int8)
    OB.old_tenure[change] = old
    OB.tenure[change] = new
    OB.tenure_change_day[change] = world.engine.event_days(len(change), d0, d1)
    rented = change[new == PRIVATE]
    rents, liberalised = draw_rents(
        rng, OB.tenure[rented], OB.area[rented], world.state.rent_limit, params.PRIVATE_LIBERALISED["new"]
    )
    OB.rent_2017[rented], OB.liberalised[rented] = rents, liberalised


# --- snapshots ---------------------------------------------------------------------------------

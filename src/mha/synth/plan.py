"""The plans of the simulation: what is decided for the whole country before any chunk runs (prisons and
COA locations, the flows between gemeenten) and, per chunk, each year's numbers (immigrants needed to
follow each gemeente's population, new dwellings, the household controller).

Chunks are simulated independently, so a move between gemeenten is a departure in one chunk and an
arrival in another; `national_plan` computes both from the whole country's reference, the same for every
chunking.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from mha.synth import params
from mha.synth.dynamics import YEAR_DAYS
from mha.synth.events.demography import emigration_rate
from mha.synth.reference import SIM_YEARS
from mha.synth.state import CARAVAN, CHILD, HEAD, IN_COA, NORMAL, PARTNER
from mha.synth.util import day

if TYPE_CHECKING:
    from mha.synth.world import ChunkWorld


@dataclass
class Institutions:
    """Prisons and COA locations of the whole country: (global gemeente index, local number, weight)."""

    coa: np.ndarray  # shape (k, 3)
    prisons: np.ndarray


def institution_plan(reference, scale: float) -> Institutions:
    """Prisons and COA locations (global gemeente index, reserved local number, weight)."""
    names = reference.gemeenten["name"].to_numpy()

    def rows(places: dict[str, float], per_weight: float) -> np.ndarray:
        out = []
        for name, weight in places.items():
            hits = np.flatnonzero(names == name)
            if not len(hits):
                continue
            k = max(1, int(round(weight * per_weight)))
            for j in range(k):
                out.append((int(hits[0]), j, weight / k))
        return np.array(out, dtype=float).reshape(-1, 3)

    coa = rows(params.COA_PLACES, 0.5 if scale >= 0.05 else 0.0)
    prisons = rows(params.PRISON_PLACES, 0.0)
    # prisons after the COA numbers of the same gemeente
    for i in range(len(prisons)):
        same = coa[coa[:, 0] == prisons[i, 0]]
        prisons[i, 1] += len(same)
    return Institutions(coa=coa.astype(np.int64) if False else coa, prisons=prisons)


def national_plan(gem: pd.DataFrame, members: np.ndarray) -> dict:
    """Flows between gemeenten from the whole country's reference, for the gemeenten `members`.

    Students: the expected national number of hbo/wo starters who leave their gemeente (one-year
    cohort = inhabitants x 15-24 share / 10, at home about 90%), plus international students, arrive in
    the student cities in proportion to inhabitants x (weight - 1). EU labour migrants: in proportion to
    inhabitants x `LABOUR_HOTSPOTS` weight. Permit holders: the share of the
    national asylum arrivals housed in each gemeente (inhabitants x `permit_city_factor`), and the
    `PERMIT_MOVERS` who move on later: leaving in proportion to that share x `permit_departure_weight`,
    arriving in proportion to inhabitants x `permit_pull` (persons per year at scale 1).
    """
    names = gem["name"].tolist()
    weight = np.array([params.STUDENT_CITIES.get(n, 1.0) for n in names])
    out = params.student_departure(weight)
    pop = gem[f"pop_{SIM_YEARS[0]}"].to_numpy()
    cohort = pop * gem["p_15_24"].to_numpy() / 10.0
    departures = float((cohort * params.TRACK_PROBS[2:].sum() * 0.9 * out).sum())
    pull = gem["pop_2022"].to_numpy() * np.clip(weight - 1.0, 0, None)
    total = departures + params.INTERNATIONAL_STUDENTS
    arrivals = total * pull / max(pull.sum(), 1.0)
    factor = params.permit_city_factor(gem["pop_2022"].to_numpy())
    leave = params.permit_departure_weight(gem["pop_2022"].to_numpy())
    pull = gem["pop_2022"].to_numpy() * params.permit_pull(gem["pop_2022"].to_numpy())
    hotspot = np.array([params.LABOUR_HOTSPOTS.get(n, params.LABOUR_ELSEWHERE) for n in names])
    asylum, permit_out, permit_in, labour = {}, {}, {}, {}
    for year in SIM_YEARS:
        w = gem[f"pop_{year}"].to_numpy() * hotspot
        labour[year] = (w / w.sum())[members]
        w = gem[f"pop_{year}"].to_numpy() * factor
        asylum[year] = (w / w.sum())[members]
        movers = params.PERMIT_MOVERS[year]
        permit_out[year] = (movers * w * leave / (w * leave).sum())[members]
        permit_in[year] = (movers * pull / pull.sum())[members]
    return {
        "student_out": out[members],
        "student_in": arrivals[members],
        "student_domestic": np.full(len(members), departures / total),
        "asylum_share": asylum,
        "permit_out": permit_out,
        "permit_in": permit_in,
        "labour_share": labour,
    }


def plan_year(world: ChunkWorld, year: int) -> None:
    """Yearly numbers: immigrants needed to follow each gemeente's population, new dwellings."""
    s, P = world.state, world.state.persons
    alive = P.view("alive")
    g = P.view("g")
    target = world.cal[f"pop_{year + 1}"].to_numpy() * world.scale
    # COA residents: every chunk places its asylum seekers in every COA location of the country
    # (most are foreign objects of another chunk), so a COA gemeente's real population is its own
    # residents plus the whole country's COA residents there: this chunk's residents of the location
    # divided by the chunk's share of the arrivals, grown with this year's arrivals (the plan aims at
    # the population at the end of the year, and COA occupancy follows the arrivals).
    in_coa = alive & (P.view("state") == IN_COA)
    pop_now = np.bincount(g[alive & ~in_coa], minlength=s.G).astype(float)
    chunk_share = float(world.asylum_share[year].sum())
    if chunk_share > 0:
        arrivals = params.ASYLUM_ARRIVALS
        growth = arrivals[year] / arrivals.get(year - 1, arrivals[year])
        obj = P.view("state_obj")[in_coa]
        here = ~s.objects.view("foreign")[obj]
        np.add.at(pop_now, s.objects.g[obj[here]], growth / chunk_share)
    d = day(f"{year}-07-01")
    idx = np.flatnonzero(alive)
    age = (d - P.birth[idx]) / YEAR_DAYS
    deaths = np.bincount(g[idx], weights=params.death_rate(age, P.sex[idx]), minlength=s.G)
    women = idx[(P.sex[idx] == 2) & np.isin(P.role[idx], (HEAD, PARTNER))]
    births = np.bincount(
        g[women],
        weights=params.fertility_rate((d - P.birth[women]) / YEAR_DAYS)
        * np.where(P.typhh[women] == 1, 0.15, 1.0),
        minlength=s.G,
    )
    heads = idx[(P.role[idx] == HEAD) & (P.state[idx] == NORMAL)]
    world.extra_emigration = np.zeros(s.G)
    emig = np.bincount(
        g[heads], weights=emigration_rate(world, heads, d) * np.maximum(P.hh_size[heads], 1), minlength=s.G
    )
    asylum = params.ASYLUM_ARRIVALS[year] * world.scale * world.asylum_share[year] * 0.55
    # housed share reaching dwellings
    # students: departures of hbo/wo starters living at home, arrivals in the student cities
    kids = idx[(P.role[idx] == CHILD) & (P.track[idx] >= 2)]
    start_in = P.study_start[kids] - (d - 0.5 * YEAR_DAYS - P.birth[kids]) / YEAR_DAYS
    starting = kids[(start_in >= 0) & (start_in < 1)]
    departures = np.bincount(P.g[starting], weights=world.student_out[P.g[starting]], minlength=s.G)
    need = target - pop_now - births + deaths + 0.65 * emig - asylum + departures - world.student_in
    need += (world.permit_out[year] - world.permit_in[year]) * world.scale
    labour = params.LABOUR_IMMIGRANTS[year] * world.scale * world.labour_share[year]
    world.extra_emigration = np.clip(-need, 0, None) / np.maximum(pop_now, 1)
    # keep the number of households near the calibration (households per inhabitant)
    H = s.households
    priv = H.view("exists") & ~H.view("institutional")
    hh_now = np.bincount(H.g[: H.n][priv], minlength=s.G)
    per_person = world.cal["households_per_person"].to_numpy() * params.HOUSEHOLD_TARGET_FACTOR
    ratio = hh_now / np.maximum(per_person * pop_now, 1)
    world.union_mult = np.clip(1 + 20 * (ratio - 1), 0.3, 6.0)
    world.leave_mult = np.clip(1 - 6 * (ratio - 1), 0.4, 1.6)
    need = np.clip(need, 0, None)
    world.labour_year = np.minimum(labour, need * 0.7)
    world.immigrants_year = need - world.labour_year
    world.asylum_year = params.ASYLUM_ARRIVALS[year] * world.scale * world.asylum_share[year]
    # dwellings: keep about 3% more dwellings than households, at least 0.5% new per year
    OB = s.objects
    res = (OB.view("kind") <= CARAVAN + 1) & ~OB.view("foreign") & (OB.view("end_day") < 0)
    stock = np.bincount(OB.g[: OB.n][res], minlength=s.G)
    hh = np.bincount(
        s.households.g[: s.households.n][s.households.view("exists") & ~s.households.view("institutional")],
        minlength=s.G,
    )
    growth = target / np.maximum(pop_now, 1)
    ratio = np.maximum(
        world.cal["dwellings_per_person"] / world.cal["households_per_person"], 1.035
    ).to_numpy()
    wanted = hh * growth * ratio - stock
    world.new_dwellings_year = np.maximum(wanted, stock * 0.005)


# --- one quarter ----------------------------------------------------------------------------------------

"""One chunk of gemeenten simulated from 1 January 2017 to 31 December 2023, quarter by quarter.

`ChunkWorld` holds the chunk's state, its random generator and the plans; `step` runs one quarter's
events in a fixed order (the events themselves are in `mha.synth.events`). Events select candidates on
values cached at the start of the quarter (`cache_step`), draw (`draw`), and keep only persons whose
household has had no event yet in the quarter (`free`, `mark`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mha.synth import params
from mha.synth.dynamics import YEAR_DAYS, Engine
from mha.synth.events import demography, housing_market, institutions, migration
from mha.synth.housing import add_institutions
from mha.synth.plan import Institutions, national_plan, plan_year
from mha.synth.population import build_initial
from mha.synth.reference import SIM_YEARS
from mha.synth.state import CARE_HOME, COA, NORMAL, NURSING_HOME, PRISON, ChunkState
from mha.synth.util import day, unique

# planned flows realised with a balance per gemeente, so that they do not drift with the scale
QUOTAS = ("asylum_granted", "asylum_reunited", "asylum_refused", "permit_movers", "detention")


@dataclass
class ChunkResult:
    state: ChunkState
    snapshots: dict[int, dict] = field(default_factory=dict)  # file year -> arrays
    enrolment_snapshots: dict[int, dict] = field(default_factory=dict)  # study year -> arrays
    summary: dict[int, dict] = field(default_factory=dict)  # report year -> counts


class ChunkWorld:
    def __init__(
        self,
        cal: pd.DataFrame,
        gidx: np.ndarray,
        scale: float,
        rng: np.random.Generator,
        places: Institutions,
        plan: dict | None = None,
    ):
        self.cal = cal.reset_index(drop=True)
        self.gidx = gidx
        self.scale = scale
        self.rng = rng
        self.state = ChunkState(len(cal))
        self.engine = Engine(self.state, rng)
        self.inst = places  # prisons and COA locations of the whole country
        self.result = ChunkResult(self.state)
        names = self.cal["name"].tolist()
        self.student_city = np.array([params.STUDENT_CITIES.get(n, 1.0) for n in names])
        self.city_factor = params.detention_city_factor(self.cal["pop_2022"].to_numpy())
        # national plan for the flows between gemeenten (chunk-independent), see `national_plan`
        plan = plan if plan is not None else national_plan(cal, np.arange(len(cal)))
        self.student_out = plan["student_out"]
        self.student_in = plan["student_in"] * scale  # arrivals per year
        self.student_domestic = plan["student_domestic"]  # share of the arrivals from the Netherlands
        self.asylum_share = plan["asylum_share"]  # year -> share of the national asylum arrivals housed
        self.permit_out = plan["permit_out"]  # year -> permit holders who move on, leaving (persons/year)
        self.permit_in = plan["permit_in"]  # year -> and arriving here (persons per year at scale 1)
        self.labour_share = plan["labour_share"]  # year -> share of the national EU labour migrants

    # --- setup -------------------------------------------------------------------------------------------
    def setup(self) -> None:
        s, rng = self.state, self.rng
        # rents on 1 January of the first simulated year are drawn against the liberalisatiegrens then:
        # the seed's first year (2018: EUR 710.68, unchanged since 2016)
        s.rent_limit = float(self.limits["liberalisatiegrens"].iloc[0])
        # reserve the local numbers of this chunk's prisons and COA locations, add all of them
        local_of = {int(g): i for i, g in enumerate(self.gidx)}
        for table, kind in ((self.inst.coa, COA), (self.inst.prisons, PRISON)):
            for gg, number, _w in table:
                mine = int(gg) in local_of
                g_local = local_of.get(int(gg), 0)
                idx = add_institutions(
                    s, rng, np.array([g_local]), kind, foreign=not mine, numbers=np.array([number])
                )
                s.objects.gg[idx] = gg
                if mine:
                    s.next_object[g_local] = max(s.next_object[g_local], number + 1)
        reserved = s.objects.n
        start_pop = self.cal[f"pop_{SIM_YEARS[0]}"].to_numpy()
        care_g = np.repeat(np.arange(s.G), np.maximum(1, np.round(start_pop * self.scale / 6000)).astype(int))
        add_institutions(s, rng, care_g, CARE_HOME)
        build_initial(self.engine, self.cal, self.scale)
        OB = s.objects
        own = np.arange(OB.n) >= reserved
        OB.gg[: OB.n][own] = self.gidx[OB.g[: OB.n][own]]
        self.coa_objs = np.flatnonzero(OB.view("kind") == COA)
        self.prison_objs = np.flatnonzero(OB.view("kind") == PRISON)
        w = {(int(a), int(b)): float(c) for a, b, c in self.inst.coa}
        self.coa_w = np.array([w[(int(OB.gg[o]), int(OB.number[o]))] for o in self.coa_objs])
        w = {(int(a), int(b)): float(c) for a, b, c in self.inst.prisons}
        self.prison_w = np.array([w[(int(OB.gg[o]), int(OB.number[o]))] for o in self.prison_objs])
        kinds = OB.view("kind")
        self.care_of_g = self._first_of_kind(kinds, CARE_HOME)
        self.nursing_of_g = self._first_of_kind(kinds, NURSING_HOME)
        self.backlog = [np.zeros(s.G), np.zeros(s.G)]
        self.student_backlog = np.zeros(s.G)
        # balances of the planned flows (mha.synth.util.take_units), each starting at a random fraction
        self.quota = {name: rng.random(s.G) for name in QUOTAS}
        # detention lengths: an evenly spread sequence per gemeente (mha.synth.util.spread_uniforms)
        self.detention_phase, self.detention_used = rng.random(s.G), np.zeros(s.G, dtype=np.int64)
        self.coa_phase, self.coa_used = rng.random(1), np.zeros(1, dtype=np.int64)  # COA locations, likewise
        # asylum seekers' time to the permit and to a dwelling, likewise per gemeente
        self.asylum_phase = rng.random((2, s.G))
        self.asylum_used = np.zeros((2, s.G), dtype=np.int64)
        self.events: dict[str, int] = {}
        self.prev_obj = self.state.persons.view("obj").copy()
        self.prev_alive = self.state.persons.view("alive").copy()

    def _first_of_kind(self, kinds: np.ndarray, kind: int) -> list[np.ndarray]:
        OB = self.state.objects
        objs = np.flatnonzero((kinds == kind) & ~OB.view("foreign"))
        return [objs[OB.g[objs] == g] for g in range(self.state.G)]

    def pick(self, per_g: list[np.ndarray], g: np.ndarray) -> np.ndarray:
        out = np.empty(len(g), dtype=np.int64)
        for gi in unique(g):
            sel = g == gi
            out[sel] = per_g[gi][self.rng.integers(0, len(per_g[gi]), sel.sum())]
        return out

    # --- the run ----------------------------------------------------------------------------------------
    def run(self) -> ChunkResult:
        self.setup()
        for year in SIM_YEARS:
            plan_year(self, year)
            for q in range(4):
                d0 = day(f"{year}-{3 * q + 1:02d}-01")
                d1 = day(f"{year + 1}-01-01") - 1 if q == 3 else day(f"{year}-{3 * q + 4:02d}-01") - 1
                self.step(year, q, d0, d1)
                if q == 2:
                    self.enrolment_snapshot(year, d1)
            self.year_end(year)
        return self.result

    def step(self, year: int, q: int, d0: int, d1: int) -> None:
        """One quarter: the events in a fixed order (each household takes part in at most one)."""
        e = self.engine
        self.access = params.CORPORATION_ACCESS[year]
        e._grow_busy()
        e.busy_hh[:] = False
        e.busy_p[:] = False
        e.refresh_pool(d0)
        self.cache_step(d0)
        institutions.leave_institutions(self, d0, d1)
        demography.deaths(self, d0, d1)
        demography.emigration(self, d0, d1)
        demography.births(self, d0, d1)
        migration.student_arrivals(self, q, d0, d1)  # before the housing market (rooms are let first)
        migration.permit_moves(self, year, d0, d1)
        demography.leave_home(self, d0, d1)
        demography.unions(self, d0, d1)
        demography.separations(self, d0, d1)
        housing_market.moves(self, d0, d1)
        migration.immigration(self, year, d0, d1)
        migration.asylum_arrivals(self, year, d0, d1)
        institutions.enter_institutions(self, year, d0, d1)
        housing_market.construction(self, d0, d1)
        housing_market.tenure_changes(self, d0, d1)

    def cache_step(self, d0: int) -> None:
        """Persons alive at the start of the step and the attributes the events select on.

        Events select candidates on these cached values, draw, and then keep only the drawn persons
        that are still free (`free`): a person or household changed by an earlier event of the step is
        busy, so stale cached values never lead to a second event in the same step.
        """
        P = self.state.persons
        A = np.flatnonzero(P.view("alive"))
        self.c_A = A
        self.c_role = P.role[A]
        self.c_state = P.state[A]
        self.c_sex = P.sex[A]
        self.c_g = P.g[A]
        self.c_hh = P.hh[A]
        self.c_typhh = P.typhh[A]
        self.c_age = (d0 - P.birth[A]) / YEAR_DAYS
        self.c_normal = self.c_state == NORMAL
        self.engine.index_members(A)

    def free(self, persons: np.ndarray) -> np.ndarray:
        """Persons still alive whose household has no event yet in this step."""
        e, P = self.engine, self.state.persons
        hh = P.hh[persons]
        ok = P.alive[persons] & ~e.busy_p[persons] & ((hh < 0) | ~e.busy_hh[np.maximum(hh, 0)])
        return persons[ok]

    def one_per_household(self, persons: np.ndarray) -> np.ndarray:
        P = self.state.persons
        hh = P.hh[persons]
        _, first = np.unique(hh, return_index=True)
        keep = np.zeros(len(persons), dtype=bool)
        keep[first] = True
        keep |= hh < 0
        return persons[keep]

    def count(self, name: str, n: int) -> None:
        self.events[name] = self.events.get(name, 0) + int(n)

    def mark(self, persons: np.ndarray) -> None:
        e, P = self.engine, self.state.persons
        e._grow_busy()
        e.busy_p[persons] = True
        hh = P.hh[persons]
        e.busy_hh[hh[hh >= 0]] = True

    def draw(self, persons: np.ndarray, rate_per_year: np.ndarray) -> np.ndarray:
        """Persons with an event in this quarter, given yearly probabilities (then only the free ones).

        u < 1 - (1 - r)^(1/4)  is the same as  r > 1 - (1 - u)^4 (no power of the rates needed).
        """
        v = 1.0 - self.rng.random(len(persons))
        v *= v
        v *= v
        return self.free(persons[np.asarray(rate_per_year) > 1.0 - v])

    def alive_idx(self) -> np.ndarray:
        return np.flatnonzero(self.state.persons.view("alive"))

    # --- snapshots ---------------------------------------------------------------------------------
    def enrolment_snapshot(self, year: int, d1: int) -> None:
        idx = self.alive_idx()
        self.result.enrolment_snapshots[year] = {"p": idx}

    def year_end(self, year: int) -> None:
        """State on 31 December (= 1 January of the next file year): tables and summary counts."""
        from mha.synth.snapshot import take_snapshot

        take_snapshot(self, year)
        P = self.state.persons
        self.prev_obj = P.view("obj").copy()
        self.prev_alive = P.view("alive").copy()

"""Simulate one chunk of gemeenten from 1 January 2017 to 31 December 2023, quarter by quarter."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from mha.synth import params
from mha.synth.dynamics import (
    IMMIGRANT_PREFS,
    LABOUR_PREFS,
    LEAVER_PREFS,
    PERMIT_MOVER_PREFS,
    PERMIT_PREFS,
    RELEASE_PREFS,
    SEPARATION_PREFS,
    STUDENT_PREFS,
    TENURE_PREFS,
    YEAR_DAYS,
    Engine,
    tenure_choice,
)
from mha.synth.housing import add_dwellings, add_institutions
from mha.synth.population import build_initial
from mha.synth.state import (
    CARAVAN,
    CARE_HOME,
    CHILD,
    COA,
    CORPORATION,
    DETAINED,
    HEAD,
    IN_CARE,
    IN_COA,
    INSTITUTIONAL,
    NORMAL,
    NURSING,
    NURSING_HOME,
    OWNER,
    PARTNER,
    PRISON,
    PRIVATE,
    ChunkState,
)
from mha.synth.util import day, positions, stochastic_round, unique

SIM_YEARS = tuple(range(2017, 2024))
NL = int(params.country_index(np.array(["NL"]))[0])


@dataclass
class Institutions:
    """Prisons and COA locations of the whole country: (global gemeente index, local number, weight)."""

    coa: np.ndarray  # shape (k, 3)
    prisons: np.ndarray


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
        institutions: Institutions,
        national_share: float,
        plan: dict | None = None,
    ):
        self.cal = cal.reset_index(drop=True)
        self.gidx = gidx
        self.scale = scale
        self.rng = rng
        self.state = ChunkState(len(cal))
        self.engine = Engine(self.state, rng)
        self.inst = institutions
        self.national_share = national_share
        self.result = ChunkResult(self.state)
        names = self.cal["name"].tolist()
        self.student_city = np.array([params.STUDENT_CITIES.get(n, 1.0) for n in names])
        self.labour_weight = np.array([params.LABOUR_HOTSPOTS.get(n, 0.25) for n in names])
        self.city_factor = np.clip((self.cal["pop_2022"].to_numpy() / 150_000) ** 0.3, 0.8, 1.6)
        # national plan for the flows between gemeenten (chunk-independent), see `national_plan`
        plan = plan if plan is not None else national_plan(cal, np.arange(len(cal)))
        self.student_out = plan["student_out"]
        self.student_in = plan["student_in"] * scale  # arrivals per year
        self.student_domestic = plan["student_domestic"]  # share of the arrivals from the Netherlands
        self.asylum_share = plan["asylum_share"]  # year -> share of the national asylum arrivals housed
        self.permit_out = plan["permit_out"]  # year -> permit holders who move on, leaving (persons/year)
        self.permit_in = plan["permit_in"]  # year -> and arriving here (persons per year at scale 1)

    # --- setup -------------------------------------------------------------------------------------------
    def setup(self) -> None:
        s, rng = self.state, self.rng
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
        care_g = np.repeat(
            np.arange(s.G),
            np.maximum(1, np.round(self.cal["pop_2017"].to_numpy() * self.scale / 6000)).astype(int),
        )
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
        self.permit_backlog = np.zeros(s.G)
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
            self.plan_year(year)
            for q in range(4):
                d0 = day(f"{year}-{3 * q + 1:02d}-01")
                d1 = day(f"{year + 1}-01-01") - 1 if q == 3 else day(f"{year}-{3 * q + 4:02d}-01") - 1
                self.step(year, q, d0, d1)
                if q == 2:
                    self.enrolment_snapshot(year, d1)
            self.year_end(year)
        return self.result

    def plan_year(self, year: int) -> None:
        """Yearly numbers: immigrants needed to follow each gemeente's population, new dwellings."""
        s, P = self.state, self.state.persons
        alive = P.view("alive")
        g = P.view("g")
        target = self.cal[f"pop_{year + 1}"].to_numpy() * self.scale
        # COA residents: every chunk places its asylum seekers in every COA location of the country
        # (most are foreign objects of another chunk), so a COA gemeente's real population is its own
        # residents plus the whole country's COA residents there: this chunk's residents of the location
        # divided by the chunk's share of the arrivals, grown with this year's arrivals (the plan aims at
        # the population at the end of the year, and COA occupancy follows the arrivals).
        in_coa = alive & (P.view("state") == IN_COA)
        pop_now = np.bincount(g[alive & ~in_coa], minlength=s.G).astype(float)
        chunk_share = float(self.asylum_share[year].sum())
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
        self.extra_emigration = np.zeros(s.G)
        emig = np.bincount(
            g[heads], weights=self.emigration_rate(heads, d) * np.maximum(P.hh_size[heads], 1), minlength=s.G
        )
        asylum = params.ASYLUM_ARRIVALS[year] * self.scale * self.asylum_share[year] * 0.55
        # housed share reaching dwellings
        # students: departures of hbo/wo starters living at home, arrivals in the student cities
        kids = idx[(P.role[idx] == CHILD) & (P.track[idx] >= 2)]
        start_in = P.study_start[kids] - (d - 0.5 * YEAR_DAYS - P.birth[kids]) / YEAR_DAYS
        starting = kids[(start_in >= 0) & (start_in < 1)]
        departures = np.bincount(P.g[starting], weights=self.student_out[P.g[starting]], minlength=s.G)
        need = target - pop_now - births + deaths + 0.65 * emig - asylum + departures - self.student_in
        need += (self.permit_out[year] - self.permit_in[year]) * self.scale
        labour = (
            params.LABOUR_IMMIGRANTS[year]
            * self.scale
            * self.national_share
            * self.labour_weight
            * pop_now
            / max((self.labour_weight * pop_now).sum(), 1)
        )
        self.extra_emigration = np.clip(-need, 0, None) / np.maximum(pop_now, 1)
        # keep the number of households near the calibration (households per inhabitant)
        H = s.households
        priv = H.view("exists") & ~H.view("institutional")
        hh_now = np.bincount(H.g[: H.n][priv], minlength=s.G)
        per_person = self.cal["households_per_person"].to_numpy() * params.HOUSEHOLD_TARGET_FACTOR
        ratio = hh_now / np.maximum(per_person * pop_now, 1)
        self.union_mult = np.clip(1 + 20 * (ratio - 1), 0.3, 6.0)
        self.leave_mult = np.clip(1 - 6 * (ratio - 1), 0.4, 1.6)
        need = np.clip(need, 0, None)
        self.labour_year = np.minimum(labour, need * 0.7)
        self.immigrants_year = need - self.labour_year
        self.asylum_year = params.ASYLUM_ARRIVALS[year] * self.scale * self.asylum_share[year]
        # dwellings: keep about 3% more dwellings than households, at least 0.5% new per year
        OB = s.objects
        res = (OB.view("kind") <= CARAVAN + 1) & ~OB.view("foreign") & (OB.view("end_day") < 0)
        stock = np.bincount(OB.g[: OB.n][res], minlength=s.G)
        hh = np.bincount(
            s.households.g[: s.households.n][
                s.households.view("exists") & ~s.households.view("institutional")
            ],
            minlength=s.G,
        )
        growth = target / np.maximum(pop_now, 1)
        ratio = np.maximum(
            self.cal["dwellings_per_person"] / self.cal["households_per_person"], 1.035
        ).to_numpy()
        wanted = hh * growth * ratio - stock
        self.new_dwellings_year = np.maximum(wanted, stock * 0.005)

    # --- one quarter ----------------------------------------------------------------------------------------
    def step(self, year: int, q: int, d0: int, d1: int) -> None:
        e = self.engine
        e._grow_busy()
        e.busy_hh[:] = False
        e.busy_p[:] = False
        e.refresh_pool(d0)
        self.cache_step(d0)
        self.leave_institutions(d0, d1)
        self.deaths(d0, d1)
        self.emigration(d0, d1)
        self.births(d0, d1)
        self.student_arrivals(q, d0, d1)  # before the housing market of the step (rooms are let first)
        self.permit_moves(year, d0, d1)
        self.leave_home(d0, d1)
        self.unions(d0, d1)
        self.separations(d0, d1)
        self.moves(d0, d1)
        self.immigration(year, d0, d1)
        self.asylum_arrivals(year, d0, d1)
        self.enter_institutions(year, d0, d1)
        self.construction(d0, d1)
        self.tenure_changes(d0, d1)

    def cache_step(self, d0: int) -> None:
        """Persons alive at the start of the step and the attributes the events select on.

        Events select candidates on these cached values, draw, and then keep only the drawn persons
        that are still free (`_free`): a person or household changed by an earlier event of the step is
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

    def _free(self, persons: np.ndarray) -> np.ndarray:
        """Persons still alive whose household has no event yet in this step."""
        e, P = self.engine, self.state.persons
        hh = P.hh[persons]
        ok = P.alive[persons] & ~e.busy_p[persons] & ((hh < 0) | ~e.busy_hh[np.maximum(hh, 0)])
        return persons[ok]

    def _one_per_household(self, persons: np.ndarray) -> np.ndarray:
        P = self.state.persons
        hh = P.hh[persons]
        _, first = np.unique(hh, return_index=True)
        keep = np.zeros(len(persons), dtype=bool)
        keep[first] = True
        keep |= hh < 0
        return persons[keep]

    def count(self, name: str, n: int) -> None:
        self.events[name] = self.events.get(name, 0) + int(n)

    def _mark(self, persons: np.ndarray) -> None:
        e, P = self.engine, self.state.persons
        e._grow_busy()
        e.busy_p[persons] = True
        hh = P.hh[persons]
        e.busy_hh[hh[hh >= 0]] = True

    def _draw(self, persons: np.ndarray, rate_per_year: np.ndarray) -> np.ndarray:
        """Persons with an event in this quarter, given yearly probabilities (then only the free ones).

        u < 1 - (1 - r)^(1/4)  is the same as  r > 1 - (1 - u)^4 (no power of the rates needed).
        """
        v = 1.0 - self.rng.random(len(persons))
        v *= v
        v *= v
        return self._free(persons[np.asarray(rate_per_year) > 1.0 - v])

    def alive_idx(self) -> np.ndarray:
        return np.flatnonzero(self.state.persons.view("alive"))

    # --- events -----------------------------------------------------------------------------------------
    def leave_institutions(self, d0: int, d1: int) -> None:
        """Scheduled ends of detention, care and COA stays: the person moves into a dwelling."""
        e, P = self.engine, self.state.persons
        idx = self.c_A[~self.c_normal]
        st = P.state[idx]
        due = idx[
            ((st == DETAINED) | (st == IN_CARE)) & (P.state_until[idx] >= 0) & (P.state_until[idx] + 1 <= d1)
        ]
        if len(due):
            days = np.maximum(P.state_until[due] + 1, d0 + 1).astype(np.int32)
            pref = tenure_choice(self.rng, np.tile(RELEASE_PREFS, (len(due), 1)))
            objs = e.find_dwellings(P.g[due], pref, P.w[due].astype(float))
            ok = objs >= 0
            if ok.any():
                p = due[ok]
                e._end_state_spells(p, days[ok])
                e.start_own_household(p, objs[ok], days[ok])
                self._mark(p)
        # permit holders in COA whose waiting time is over: the family moves in together
        heads = idx[
            (st == IN_COA)
            & (P.permit_day[idx] >= 0)
            & (P.state_until[idx] + 1 <= d1)
            & (P.family[idx] == idx)
        ]
        rejected = idx[(st == IN_COA) & (P.permit_day[idx] < 0) & (P.state_until[idx] + 1 <= d1)]
        if len(rejected):  # asylum refused: leaves the country
            days = np.maximum(P.state_until[rejected] + 1, d0 + 1).astype(np.int32)
            self._mark(rejected)
            e.exit_persons(rejected, days, died=False)
        if len(heads) == 0:
            return
        pref = tenure_choice(self.rng, np.tile(PERMIT_PREFS, (len(heads), 1)))
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
        self.state.households.exists[P.hh[members][P.hh[members] >= 0]] = False
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
        self.state.households.married[new] = True
        e.open_address(members, obj_of[P.family[members]], mdays)
        e.recompose(new, days)
        self._mark(members)

    def deaths(self, d0: int, d1: int) -> None:
        e = self.engine
        rate = params.death_rate(self.c_age, self.c_sex) * np.where(self.c_state == NURSING, 2.5, 1.0)
        dying = self._one_per_household(self._draw(self.c_A, rate))
        if len(dying) == 0:
            return
        days = e.event_days(len(dying), d0, d1)
        self._mark(dying)
        self.count("deaths", len(dying))
        hh = e.exit_persons(dying, days, died=True)
        ok = hh >= 0
        e.recompose(hh[ok], days[ok])

    def emigration(self, d0: int, d1: int) -> None:
        e, P, H = self.engine, self.state.persons, self.state.households
        sel = (self.c_role == HEAD) & self.c_normal
        heads = self.c_A[sel]
        age = self.c_age[sel]
        recent = (P.settle_day[heads] >= 0) & (P.settle_day[heads] > d0 - 5 * 365)
        recent &= P.permit_ground[heads] != 1  # refugees with a permit rarely leave again
        rate = np.where(
            recent, 0.06, np.interp(age, [18, 25, 32, 45, 70], [0.003, 0.009, 0.006, 0.0025, 0.0015])
        )
        rate = rate + self.extra_emigration[self.c_g[sel]] * 1.5
        leaving = self._draw(heads, rate)
        if len(leaving) == 0:
            return
        hh = P.hh[leaving].astype(np.int64)
        members = e.members_of(hh)
        hh_days = e.event_days(len(hh), d0, d1)
        order = np.argsort(hh)
        member_days = hh_days[order][np.searchsorted(hh[order], P.hh[members])]
        self._mark(members)
        self.count("emigrant_households", len(hh))
        self.count("emigrants", len(members))
        e.exit_persons(members, member_days, died=False)
        H.exists[hh] = False

    def emigration_rate(self, heads: np.ndarray, d: int) -> np.ndarray:
        P = self.state.persons
        age = self.engine.age(heads, d)
        recent = (P.settle_day[heads] >= 0) & (P.settle_day[heads] > d - 5 * 365)
        base = np.interp(age, [18, 25, 32, 45, 70], [0.012, 0.03, 0.02, 0.009, 0.005])
        rate = np.where(recent, 0.14, base)
        return rate + self.extra_emigration[P.g[heads]] * 1.5

    def births(self, d0: int, d1: int) -> None:
        e, P = self.engine, self.state.persons
        role = self.c_role
        sel = (self.c_sex == 2) & ((role == HEAD) | (role == PARTNER)) & self.c_normal
        sel &= (self.c_age > 14) & (self.c_age < 50)
        women = self.c_A[sel]
        rate = params.fertility_rate(self.c_age[sel]) * np.where(self.c_typhh[sel] == 1, 0.12, 1.0)
        mothers = self._one_per_household(self._draw(women, rate))
        if len(mothers) == 0:
            return
        days = e.event_days(len(mothers), d0, d1)
        n = len(mothers)
        track = self.rng.choice(4, size=n, p=params.TRACK_PROBS).astype(np.int8)
        kids = e.new_persons(
            P.g[mothers],
            birth=days,
            sex=np.where(self.rng.random(n) < 0.512, 1, 2).astype(np.int8),
            origin=P.origin[mothers],
            generation=np.where(P.generation[mothers] >= 1, 2, 0).astype(np.int8),
            w=self.rng.normal(0, 1, n).astype(np.float32),
            risk=self.rng.normal(0, 1, n).astype(np.float32),
            track=track,
            study_start=(params.TRACK_START[track] + self.rng.normal(0, 0.5, n)).astype(np.float32),
            study_years=(params.TRACK_YEARS[track] * np.exp(self.rng.normal(0, 0.25, n))).astype(np.float32),
        )
        P.hh[kids] = P.hh[mothers]
        e.joined(kids)
        P.role[kids] = CHILD
        e.open_address(kids, P.obj[mothers], days)
        self._mark(np.r_[mothers, kids])
        e.recompose(P.hh[mothers], days)

    def leave_home(self, d0: int, d1: int) -> None:
        e, P = self.engine, self.state.persons
        sel = (self.c_role == CHILD) & self.c_normal & (self.c_age >= 17.5)
        kids = self.c_A[sel]
        age = self.c_age[sel]
        studying = (
            (P.track[kids] >= 2)
            & (age >= P.study_start[kids])
            & (age < P.study_start[kids] + P.study_years[kids])
        )
        g = self.c_g[sel]
        # hbo/wo students who start this quarter may move to a student city in another gemeente
        start_in = P.study_start[kids] - age
        starting = (P.track[kids] >= 2) & (start_in >= 0) & (start_in < 0.25)
        away = starting & (self.rng.random(len(kids)) < self.student_out[g])
        if away.any():
            gone = self._free(kids[away])
            if len(gone):
                days = e.event_days(len(gone), d0, d1)
                self._mark(gone)
                self.count("student_departures", len(gone))
                hh = e.exit_persons(gone, days, died=False)
                e.recompose(hh, days)
            kids, age, g, studying = kids[~away], age[~away], g[~away], studying[~away]
        rate = params.leave_home_rate(age) * np.where(studying, 1.3 * self.student_city[g], 1.0)
        rate = rate * self.leave_mult[g]
        leavers = self._one_per_household(self._draw(kids, rate))
        if len(leavers) == 0:
            return
        pref = tenure_choice(self.rng, np.tile(LEAVER_PREFS, (len(leavers), 1)))
        objs = e.find_dwellings(P.g[leavers], pref, P.w[leavers].astype(float))
        ok = objs >= 0
        leavers, objs = leavers[ok], objs[ok]
        days = e.event_days(len(leavers), d0, d1)
        self._mark(leavers)
        self.count("leave_home", len(leavers))
        e.start_own_household(leavers, objs, days)

    def unions(self, d0: int, d1: int) -> None:
        e, P, H = self.engine, self.state.persons, self.state.households
        typ = self.c_typhh
        sel = ((typ == 1) | (typ == 6)) & (self.c_role == HEAD) & self.c_normal & (self.c_age >= 17)
        singles = self.c_A[sel]
        age = self.c_age[sel]
        rate = np.interp(age, [19, 24, 30, 40, 55, 70], [0.05, 0.20, 0.22, 0.14, 0.07, 0.02])
        rate = rate * self.union_mult[self.c_g[sel]]
        cand = self._draw(singles, rate)
        men, women = cand[P.sex[cand] == 1], cand[P.sex[cand] == 2]
        from mha.synth.util import match_within

        ia, ib = match_within(
            self.rng, self.state.G, P.g[men], e.age(men, d0) - 2, P.g[women], e.age(women, d0)
        )
        a, b = men[ia], women[ib]
        # the partner who moves must live alone (a single parent's children stay with that parent)
        alone_a, alone_b = P.typhh[a] == 1, P.typhh[b] == 1
        keep = alone_a | alone_b
        a, b, alone_a, alone_b = a[keep], b[keep], alone_a[keep], alone_b[keep]
        swap = np.where(alone_a & alone_b, self.rng.random(len(a)) < 0.5, alone_a)
        stay, move = np.where(swap, b, a), np.where(swap, a, b)
        if len(stay) == 0:
            return
        days = e.event_days(len(stay), d0, d1)
        self._mark(np.r_[stay, move])
        self.count("unions", len(stay))
        old = P.hh[move].copy()
        e.close_household(move, days)
        e.close_address(move, days)
        H.exists[old] = False
        P.hh[move] = P.hh[stay]
        e.joined(move)
        P.role[move] = PARTNER
        H.married[P.hh[stay]] = self.rng.random(len(stay)) < 0.25
        e.open_address(move, H.obj[P.hh[stay]], days)
        e.recompose(P.hh[stay], days)

    def separations(self, d0: int, d1: int) -> None:
        e, P = self.engine, self.state.persons
        sel = (self.c_role == PARTNER) & self.c_normal
        partners = self.c_A[sel]
        age = self.c_age[sel]
        rate = np.interp(age, [20, 30, 45, 60, 75], [0.035, 0.025, 0.015, 0.007, 0.002])
        leaving = self._draw(partners, rate)
        if len(leaving) == 0:
            return
        pref = tenure_choice(self.rng, np.tile(SEPARATION_PREFS, (len(leaving), 1)))
        objs = e.find_dwellings(P.g[leaving], pref, P.w[leaving].astype(float))
        ok = objs >= 0
        leaving, objs = leaving[ok], objs[ok]
        days = e.event_days(len(leaving), d0, d1)
        self._mark(leaving)
        self.count("separations", len(leaving))
        e.start_own_household(leaving, objs, days)

    def moves(self, d0: int, d1: int) -> None:
        e, P, H, OB = self.engine, self.state.persons, self.state.households, self.state.objects
        sel = (self.c_role == HEAD) & self.c_normal & (self.c_hh >= 0)
        heads = self.c_A[sel]
        hh = self.c_hh[sel]
        age = self.c_age[sel]
        hh_ok = (H.obj[hh] >= 0) & ~H.institutional[hh]
        heads, hh, age = heads[hh_ok], hh[hh_ok], age[hh_ok]
        tenure = OB.tenure[H.obj[hh]]
        # corporation tenants move less (turnover of corporation dwellings about 7% a year)
        base = np.select([tenure == OWNER, tenure == CORPORATION], [0.042, 0.015], 0.15)
        rate = base * np.interp(age, [18, 25, 30, 40, 60, 75, 90], [2.2, 2.0, 1.5, 1.0, 0.7, 0.45, 0.4])
        movers = self._draw(heads, rate)
        if len(movers) == 0:
            return
        mh = P.hh[movers]
        cur = OB.tenure[H.obj[mh]]
        probs = np.array([TENURE_PREFS[int(t)] for t in range(3)])[cur]
        pref = tenure_choice(self.rng, probs)
        objs = e.find_dwellings(P.g[movers], pref, P.w[movers].astype(float))
        ok = objs >= 0
        mh, objs = mh[ok], objs[ok]
        days = e.event_days(len(mh), d0, d1)
        members = e.members_of(mh)
        self._mark(members)
        self.count("moves", len(mh))
        e.move_households(mh, objs, days)

    def immigration(self, year: int, d0: int, d1: int) -> None:
        """Regular and EU labour immigrants arrive as households into empty dwellings."""
        e, P = self.engine, self.state.persons
        rng = self.rng
        for labour in (False, True):
            persons_q = (self.labour_year if labour else self.immigrants_year) / 4.0
            unit_size = 1.25 if labour else 1.55
            n_units = stochastic_round(rng, persons_q / unit_size + self.backlog[int(labour)])
            if n_units.sum() == 0:
                continue
            g = np.repeat(np.arange(self.state.G), n_units).astype(np.int32)
            pref = tenure_choice(rng, np.tile(LABOUR_PREFS if labour else IMMIGRANT_PREFS, (len(g), 1)))
            objs = e.find_dwellings(g, pref, rng.normal(0, 1, len(g)))
            ok = objs >= 0
            # who found no dwelling tries again next quarter
            self.backlog[int(labour)] = np.bincount(g[~ok], minlength=self.state.G).astype(float)
            g, objs = g[ok], objs[ok]
            if len(g) == 0:
                continue
            u = rng.random(len(g))
            size = np.where(
                u < (0.82 if labour else 0.62), 1, np.where(u < 0.9, 2, 2 + rng.integers(1, 4, len(g)))
            )
            days = e.event_days(len(g), d0, d1)
            hh = e.new_households(g, objs)
            self.count("immigrant_households", len(hh))
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
            self.state.households.married[hh] = size >= 3
            e.open_address(persons, objs[unit], days[unit])
            self._mark(persons)
            e.recompose(hh, days)

    def student_arrivals(self, q: int, d0: int, d1: int) -> None:
        """hbo/wo students who move into a student city: from elsewhere in the country (Dutch) or from
        abroad (international degree students); each starts a one-person household in a small dwelling."""
        e, P = self.engine, self.state.persons
        rng = self.rng
        n_g = stochastic_round(
            rng, self.student_in * params.STUDENT_ARRIVAL_QUARTERS[q] + self.student_backlog
        )
        if n_g.sum() == 0:
            return
        g = np.repeat(np.arange(self.state.G), n_g).astype(np.int32)
        pref = tenure_choice(rng, np.tile(STUDENT_PREFS, (len(g), 1)))
        objs = e.find_dwellings(g, pref, rng.normal(-1.5, 0.5, len(g)))
        ok = objs >= 0
        # who found no room tries again next quarter
        self.student_backlog = np.bincount(g[~ok], minlength=self.state.G).astype(float)
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
        domestic = rng.random(n) < self.student_domestic[g]
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
        self.count("student_arrivals", n)
        e.start_own_household(persons, objs, days)
        self._mark(persons)

    def permit_moves(self, year: int, d0: int, d1: int) -> None:
        """Secondary migration of permit holders: households leave for a big city 1-5 years after the
        permit (an exit here) and arrive there (an entry in that gemeente's chunk), as planned.

        Departures: each gemeente's planned persons of the quarter, drawn among the households whose
        head got an asylum permit `PERMIT_MOVE_YEARS` ago. Arrivals: new households of permit holders
        (permit 1 + exponential years ago, no COA stay here) in a dwelling; who finds none tries again.
        """
        e, P, H = self.engine, self.state.persons, self.state.households
        rng = self.rng
        G = self.state.G
        lo, hi = params.PERMIT_MOVE_YEARS
        sel = (self.c_role == HEAD) & self.c_normal & (self.c_hh >= 0)
        heads = self.c_A[sel]
        pday = P.permit_day[heads]
        ok = (P.permit_ground[heads] == 1) & (pday >= d0 - hi * YEAR_DAYS) & (pday <= d0 - lo * YEAR_DAYS)
        heads = heads[ok]
        heads = heads[~H.institutional[P.hh[heads]]]
        size = np.maximum(P.hh_size[heads], 1)
        stock = np.bincount(P.g[heads], weights=size, minlength=G)
        wanted = self.permit_out[year] * self.scale / 4.0
        prob = np.where(stock > 0, np.minimum(wanted / np.maximum(stock, 1), 0.5), 0.0)
        leaving = self._free(heads[rng.random(len(heads)) < prob[P.g[heads]]])
        if len(leaving):
            hh = P.hh[leaving].astype(np.int64)
            members = e.members_of(hh)
            hh_days = e.event_days(len(hh), d0, d1)
            order = np.argsort(hh)
            member_days = hh_days[order][np.searchsorted(hh[order], P.hh[members])]
            self._mark(members)
            self.count("permit_departures", len(members))
            e.exit_persons(members, member_days, died=False)
            H.exists[hh] = False
        # arrivals: households of 1 (60%), 2 (12%) or 3-5 persons (mean about 1.96)
        n_units = stochastic_round(rng, self.permit_in[year] * self.scale / 4.0 / 1.96 + self.permit_backlog)
        if n_units.sum() == 0:
            return
        g = np.repeat(np.arange(G), n_units).astype(np.int32)
        w_head = rng.normal(-0.6, 0.8, len(g))
        pref = tenure_choice(rng, np.tile(PERMIT_MOVER_PREFS, (len(g), 1)))
        objs = e.find_dwellings(g, pref, w_head)
        found = objs >= 0
        self.permit_backlog = np.bincount(g[~found], minlength=G).astype(float)
        g, objs, w_head = g[found], objs[found], w_head[found]
        if len(g) == 0:
            return
        m = len(g)
        u = rng.random(m)
        size = np.where(u < 0.6, 1, np.where(u < 0.72, 2, 3 + rng.integers(0, 3, m)))
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
        self._mark(persons)
        self.count("permit_arrivals", n)
        e.recompose(hh, days)

    def asylum_arrivals(self, year: int, d0: int, d1: int) -> None:
        """Asylum seekers arrive at a COA location; most get a permit, then a dwelling (taakstelling)."""
        e, P = self.engine, self.state.persons
        rng = self.rng
        if len(self.coa_objs) == 0:
            return
        n_units = stochastic_round(rng, self.asylum_year / 4.0 / 1.6)
        if n_units.sum() == 0:
            return
        g = np.repeat(np.arange(self.state.G), n_units).astype(np.int32)
        u = rng.random(len(g))
        size = np.where(u < 0.72, 1, np.where(u < 0.82, 2, 3 + rng.integers(0, 3, len(g))))
        days = e.event_days(len(g), d0, d1)
        coa = self.coa_objs[rng.choice(len(self.coa_objs), len(g), p=self.coa_w / self.coa_w.sum())]
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
        granted = rng.random(len(g)) < 0.72
        permit_delay = (rng.gamma(2.0, 95, len(g)) + 20).astype(np.int32)
        wait = (np.exp(rng.normal(np.log(170 if year < 2022 else 260), 0.6, len(g)))).astype(np.int32)
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
        self._mark(persons)

    def enter_institutions(self, year: int, d0: int, d1: int) -> None:
        e, P, H = self.engine, self.state.persons, self.state.households
        rng = self.rng
        sel = self.c_normal & (self.c_hh >= 0)
        sel[sel] = ~H.institutional[self.c_hh[sel]]
        normal = self.c_A[sel]
        age = self.c_age[sel]
        # detention (mostly young men, aged 18-59)
        band = (age >= 18) & (age < 60)
        cand, cage = normal[band], age[band]
        rate = 0.0029 * np.exp(1.25 * P.risk[cand]) * np.where(P.sex[cand] == 1, 1.0, 0.1)
        rate *= self.city_factor[P.g[cand]]  # more detention among inhabitants of the big cities
        rate *= np.interp(cage, [18, 25, 35, 50, 60], [1.2, 1.3, 1.0, 0.5, 0.2])
        det = self._one_per_household(self._draw(cand, rate))
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
        care = self._free(entering)
        # nursing homes (from 78)
        old = age >= 78
        nurse = self._draw(
            normal[old], np.interp(age[old], [78, 82, 86, 90, 95], [0.0, 0.012, 0.03, 0.06, 0.1])
        )
        taken = np.zeros(H.n, dtype=bool)  # one event per household: at most one member enters
        groups = []
        for sel in (det, care, nurse):
            sel = self._one_per_household(sel[~taken[P.hh[sel]]])
            taken[P.hh[sel]] = True
            groups.append(sel)
        det, care_sel, nurse = groups
        if len(det) and len(self.prison_objs):
            days = e.event_days(len(det), d0, d1)
            objs = self.prison_objs[
                rng.choice(len(self.prison_objs), len(det), p=self.prison_w / self.prison_w.sum())
            ]
            dur = np.clip(np.exp(rng.normal(np.log(48), 1.15, len(det))), 3, 5 * 365).astype(np.int32)
            self._mark(det)
            e.start_own_household(det, objs, days, institutional=True)
            P.state[det], P.state_from[det], P.state_until[det], P.state_obj[det] = (
                DETAINED,
                days,
                days + dur,
                objs,
            )
        if len(care_sel):
            days = e.event_days(len(care_sel), d0, d1)
            objs = self.pick(self.care_of_g, P.g[care_sel])
            k = care_kind[care_sel]
            dur = np.exp(rng.normal(np.log(params.CARE_MEDIAN_DAYS[k]), 0.8)).astype(np.int32) + 7
            self._mark(care_sel)
            e.start_own_household(care_sel, objs, days, institutional=True)
            P.state[care_sel], P.state_from[care_sel], P.state_until[care_sel] = IN_CARE, days, days + dur
            P.state_obj[care_sel], P.care_kind[care_sel] = objs, k
        if len(nurse):
            days = e.event_days(len(nurse), d0, d1)
            objs = self.pick(self.nursing_of_g, P.g[nurse])
            self._mark(nurse)
            e.start_own_household(nurse, objs, days, institutional=True)
            P.state[nurse] = NURSING
        _ = (INSTITUTIONAL, year)

    def construction(self, d0: int, d1: int) -> None:
        n = stochastic_round(self.rng, self.new_dwellings_year / 4.0)
        if n.sum() == 0:
            return
        g = np.repeat(np.arange(self.state.G), n).astype(np.int32)
        start = self.engine.event_days(len(g), d0, d1)
        idx = add_dwellings(self.state, self.rng, self.cal, g, start)
        self.state.objects.gg[idx] = self.gidx[g]
        # a few empty old dwellings are demolished
        pool = self.engine.pool
        gone = pool[self.rng.random(len(pool)) < params.per_step(0.0012) * 8]
        OB = self.state.objects
        OB.end_day[gone] = self.engine.event_days(len(gone), d0, d1)
        self.engine.pool = np.setdiff1d(pool, gone)

    def tenure_changes(self, d0: int, d1: int) -> None:
        """Rare and dated: corporations sell dwellings, private landlords sell or buy."""
        OB = self.state.objects
        rng = self.rng
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
        OB.tenure_change_day[change] = self.engine.event_days(len(change), d0, d1)
        rented = change[new == PRIVATE]
        OB.rent_2017[rented] = np.clip(850 * np.exp(rng.normal(0, 0.3, len(rented))), 350, 3000)

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


# --- the whole country -------------------------------------------------------------------------------------
CHUNK_PERSONS = 1_000_000


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


def chunks_of(reference, scale: float) -> list[np.ndarray]:
    pop = reference.gemeenten["pop_2017"].to_numpy() * scale
    limit = int(os.environ.get("MHA_GENERATE_CHUNK_PERSONS", CHUNK_PERSONS))
    chunks, current, size = [], [], 0.0
    for i, p in enumerate(pop):
        if current and size + p > limit:
            chunks.append(np.array(current))
            current, size = [], 0.0
        current.append(i)
        size += p
    if current:
        chunks.append(np.array(current))
    return chunks


def _add(total: dict, part: dict) -> None:
    for k, v in part.items():
        if isinstance(v, dict):
            _add(total.setdefault(k, {}), v)
        else:
            total[k] = total.get(k, 0) + v


def simulate_chunk(reference, scale: float, seed: int, inst: Institutions, members: np.ndarray) -> ChunkWorld:
    """Simulate one chunk of gemeenten; its random generator depends only on (seed, the chunk)."""
    gem = reference.gemeenten
    rng = np.random.default_rng([seed, int(members[0]), len(members)])
    cal = gem.iloc[members].reset_index(drop=True)
    share = cal["pop_2017"].sum() / gem["pop_2017"].sum()
    world = ChunkWorld(cal, members, scale, rng, inst, share, national_plan(gem, members))
    world.seed = seed
    world.all_names = gem["name"].to_numpy()
    world.leaves = reference.leaves
    world.run()
    return world


def national_plan(gem: pd.DataFrame, members: np.ndarray) -> dict:
    """Flows between gemeenten from the whole country's reference, for the gemeenten `members`.

    Students: the expected national number of hbo/wo starters who leave their gemeente (one-year
    cohort = inhabitants x 15-24 share / 10, at home about 90%), plus international students, arrive in
    the student cities in proportion to inhabitants x (weight - 1). Permit holders: the share of the
    national asylum arrivals housed in each gemeente (inhabitants x `permit_city_factor`), and the
    `PERMIT_MOVERS` who move on later: leaving in proportion to that share x `permit_departure_weight`,
    arriving in proportion to inhabitants x `permit_pull` (persons per year at scale 1).
    """
    names = gem["name"].tolist()
    weight = np.array([params.STUDENT_CITIES.get(n, 1.0) for n in names])
    out = params.student_departure(weight)
    pop = gem["pop_2017"].to_numpy()
    cohort = pop * gem["p_15_24"].to_numpy() / 10.0
    departures = float((cohort * params.TRACK_PROBS[2:].sum() * 0.9 * out).sum())
    pull = gem["pop_2022"].to_numpy() * np.clip(weight - 1.0, 0, None)
    total = departures + params.INTERNATIONAL_STUDENTS
    arrivals = total * pull / max(pull.sum(), 1.0)
    factor = params.permit_city_factor(gem["pop_2022"].to_numpy())
    leave = params.permit_departure_weight(gem["pop_2022"].to_numpy())
    pull = gem["pop_2022"].to_numpy() * params.permit_pull(gem["pop_2022"].to_numpy())
    asylum, permit_out, permit_in = {}, {}, {}
    for year in SIM_YEARS:
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
    }


def _tables_of(world) -> Iterator[tuple[tuple[str, int | None], pa.Table]]:
    from mha.synth.tables import chunk_tables, yearly_tables

    return itertools.chain(
        (((name, None), table) for name, table in chunk_tables(world)), yearly_tables(world)
    )


def _describe(world, members: np.ndarray) -> str:
    return (
        f"{len(members)} gemeenten, {world.state.persons.n:,} persons ever, {world.state.objects.n:,} objects"
    )


def _spool_chunk(job: tuple) -> dict:
    """In a worker process: simulate a chunk and spool its tables as Arrow IPC files for the writer."""
    reference, scale, seed, inst, members, spool = job
    world = simulate_chunk(reference, scale, seed, inst, members)
    files = []
    for (name, year), table in _tables_of(world):
        path = Path(spool) / f"{name}-{year}.arrow"
        with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as ipc:
            ipc.write_table(table)
        files.append((name, year, str(path)))
    return {"summary": world.result.summary, "files": files, "text": _describe(world, members)}


def workers_for(n_chunks: int) -> int:
    """Worker processes: MHA_GENERATE_WORKERS, else one per core (at most 2); none for a single chunk."""
    wanted = int(os.environ.get("MHA_GENERATE_WORKERS", min(2, os.cpu_count() or 1)))
    return max(1, min(wanted, n_chunks)) if n_chunks > 1 else 1


def run_all(reference, scale: float, seed: int, writer, progress=None) -> tuple[dict, dict]:
    """Simulate chunk after chunk and write the tables in chunk order.

    With several chunks, worker processes simulate chunks in parallel (each spools its tables as Arrow
    IPC files) while this process encodes the Parquet files in chunk order, so the output does not
    depend on the number of workers or on timing.
    """
    from mha import layouts

    inst = institution_plan(reference, scale)
    chunks = chunks_of(reference, scale)
    years: dict[str, list[int]] = {}
    for name, t in layouts.load_tables().items():
        if not t.yearly:
            writer.open(name)
            continue
        span = range(2018, 2025) if name in ("EIGENDOMTAB", "BAGWOZTAB", "HUURTAB") else range(2017, 2024)
        years[name] = list(span)
        for y in span:
            writer.open(name, y)
    totals: dict[int, dict] = {}
    n = len(chunks)

    def collect(summary: dict, ci: int, text: str) -> None:
        for year, counts in summary.items():
            _add(totals.setdefault(year, {}), counts)
        if progress:
            progress(f"chunk {ci + 1}/{n} simulated: {text}")

    workers = workers_for(n)
    if workers == 1:
        for ci, members in enumerate(chunks):
            world = simulate_chunk(reference, scale, seed, inst, members)
            collect(world.result.summary, ci, _describe(world, members))
            for (name, year), table in _tables_of(world):
                writer.write(name, table, year)
            del world
    else:
        spool_root = Path(writer.dir) / ".spool"
        context = multiprocessing.get_context("spawn")
        try:
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                pending = {}

                def submit(ci: int) -> None:
                    spool = spool_root / f"{ci:04d}"
                    spool.mkdir(parents=True, exist_ok=True)
                    pending[ci] = pool.submit(_spool_chunk, (reference, scale, seed, inst, chunks[ci], spool))

                for ci in range(min(workers + 1, n)):  # a bounded number of chunks ahead of the writer
                    submit(ci)
                for ci in range(n):
                    result = pending.pop(ci).result()
                    if ci + workers + 1 < n:
                        submit(ci + workers + 1)
                    collect(result["summary"], ci, result["text"])
                    for name, year, path in result["files"]:
                        with pa.memory_map(path) as source:
                            table = pa.ipc.open_file(source).read_all()
                        writer.write(name, table, year)
                        del table
                        os.remove(path)
                    if progress:
                        progress(f"chunk {ci + 1}/{n} written")
        finally:
            shutil.rmtree(spool_root, ignore_errors=True)
    summary = {"years": {str(y): v for y, v in sorted(totals.items())}, "chunks": n}
    return summary, years

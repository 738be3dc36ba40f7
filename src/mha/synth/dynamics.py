"""The engine: household and address bookkeeping and the quarterly events of the microsimulation.

Every event happens on a day inside the step; the old spells of the persons it touches end the day
before, the new ones start on the day. A household takes part in at most one event per step, so
spells never overlap and always last at least one day.
"""

from __future__ import annotations

import numpy as np

from mha.synth import params
from mha.synth.state import (
    CARAVAN,
    CHILD,
    CORPORATION,
    DWELLING,
    HEAD,
    HOUSEBOAT,
    INSTITUTIONAL,
    NO_DAY,
    NORMAL,
    OTHER,
    OWNER,
    PARTNER,
    PRIVATE,
    ChunkState,
)
from mha.synth.util import allocate, match_within, unique

YEAR_DAYS = 365.25


class Engine:
    def __init__(self, state: ChunkState, rng: np.random.Generator):
        self.s = state
        self.rng = rng
        self.busy_hh = np.zeros(0, dtype=bool)
        self.busy_p = np.zeros(0, dtype=bool)
        self.pool = np.zeros(0, dtype=np.int64)
        # household membership index of the current step (None: look members up by a full scan)
        self._sorted_h: np.ndarray | None = None
        self._sorted_p = np.zeros(0, dtype=np.int64)
        self._joined: list[tuple[np.ndarray, np.ndarray]] = []

    # --- helpers -------------------------------------------------------------------------------
    def age(self, persons: np.ndarray, day: int | np.ndarray) -> np.ndarray:
        return (day - self.s.persons.birth[persons]) / YEAR_DAYS

    def new_households(self, g: np.ndarray, obj: np.ndarray, institutional: bool = False) -> np.ndarray:
        return self.s.households.append(len(g), g=g, obj=obj, institutional=institutional, exists=True)

    def new_persons(self, g: np.ndarray, **values) -> np.ndarray:
        numbers = allocate(self.s.next_person, g)
        idx = self.s.persons.append(len(g), g=g, number=numbers, **values)
        self._grow_busy()
        return idx

    def _grow_busy(self) -> None:
        """Keep the busy flags as long as the tables (grown with head room, not per call)."""
        n = self.s.persons.n
        if len(self.busy_p) < n:
            grown = np.zeros(int(n * 1.2) + 1024, dtype=bool)
            grown[: len(self.busy_p)] = self.busy_p
            self.busy_p = grown
        m = self.s.households.n
        if len(self.busy_hh) < m:
            grown = np.zeros(int(m * 1.2) + 1024, dtype=bool)
            grown[: len(self.busy_hh)] = self.busy_hh
            self.busy_hh = grown

    # --- household membership ------------------------------------------------------------------
    def index_members(self, persons: np.ndarray) -> None:
        """Index the households of `persons` (alive, at the start of a step) for `members_of`."""
        hh = self.s.persons.hh[persons]
        has = hh >= 0
        p, h = persons[has], hh[has]
        order = np.argsort(h)  # any order within a household: members_of sorts its result
        self._sorted_h = h[order]
        self._sorted_p = p[order]
        self._joined = []

    def joined(self, persons: np.ndarray) -> None:
        """Record persons who joined a household after the index was built (a block sorted by household)."""
        if self._sorted_h is not None and len(persons):
            persons = np.asarray(persons, dtype=np.int64)
            h = self.s.persons.hh[persons]
            order = np.argsort(h)
            self._joined.append((h[order], persons[order]))

    def members_of(self, households: np.ndarray) -> np.ndarray:
        """Alive persons whose current household is one of `households` (sorted person indices)."""
        P = self.s.persons
        hs = unique(np.asarray(households, dtype=np.int64))
        if len(hs) == 0:
            return np.zeros(0, dtype=np.int64)
        if self._sorted_h is None:
            hh = P.view("hh")
            cand = np.flatnonzero((hh >= 0) & P.view("alive"))
        else:
            parts = [_ranges(self._sorted_h, self._sorted_p, hs)]
            parts += [_ranges(bh, bp, hs) for bh, bp in self._joined]
            cand = unique(np.concatenate(parts))
            cand = cand[P.alive[cand]]
        h = P.hh[cand]
        pos = np.minimum(np.searchsorted(hs, h), len(hs) - 1)
        return cand[hs[pos] == h]

    def event_days(self, count: int, d0: int, d1: int) -> np.ndarray:
        return self.rng.integers(d0 + 1, d1 + 1, size=count).astype(np.int32)

    # --- address and household spells ----------------------------------------------------------
    def close_address(self, persons: np.ndarray, day: np.ndarray) -> None:
        P = self.s.persons
        has = P.obj[persons] >= 0
        p = persons[has]
        if len(p):
            self.s.addr_log.add(
                p=p, obj=P.obj[p], start=P.addr_start[p], end=np.broadcast_to(day, persons.shape)[has] - 1
            )
        P.obj[persons] = -1
        P.addr_start[persons] = NO_DAY

    def open_address(self, persons: np.ndarray, objs: np.ndarray, day: np.ndarray) -> None:
        P = self.s.persons
        P.obj[persons] = objs
        P.addr_start[persons] = day

    def close_household(self, persons: np.ndarray, day: np.ndarray) -> None:
        """End the current household spell of `persons` (they leave their household)."""
        P = self.s.persons
        has = P.hh_start[persons] != NO_DAY
        p = persons[has]
        if len(p):
            self.s.hh_log.add(
                p=p,
                number=P.hh_number[p],
                start=P.hh_start[p],
                end=np.broadcast_to(day, persons.shape)[has] - 1,
                typhh=P.typhh[p],
                plhh=P.plhh[p],
                size=P.hh_size[p],
            )
        P.hh[persons] = -1
        P.hh_start[persons] = NO_DAY

    def recompose(self, households: np.ndarray, day: np.ndarray) -> None:
        """Give `households` a new composition from `day`: new number, type, places and size.

        `day` is one day per household. Members whose spell is open get it closed the day before.
        Works on the members of these households only (found through the membership index).
        """
        P, H = self.s.persons, self.s.households
        households = np.asarray(households, dtype=np.int64)
        if len(households) == 0:
            return
        days = np.broadcast_to(np.asarray(day, dtype=np.int32), households.shape)
        # one day per household (the last one given wins, as with a fancy assignment)
        order = np.argsort(households, kind="stable")
        hs, ds = households[order], days[order]
        last = np.r_[hs[1:] != hs[:-1], True]
        hs, ds = hs[last], ds[last]
        members = self.members_of(hs)
        hh = P.hh[members].astype(np.int64)
        slot = np.searchsorted(hs, hh)
        mday = ds[slot]
        # close open spells that started before the day
        open_ = (P.hh_start[members] != NO_DAY) & (P.hh_start[members] < mday)
        p = members[open_]
        if len(p):
            self.s.hh_log.add(
                p=p,
                number=P.hh_number[p],
                start=P.hh_start[p],
                end=mday[open_] - 1,
                typhh=P.typhh[p],
                plhh=P.plhh[p],
                size=P.hh_size[p],
            )
        # households that are now empty
        count = np.bincount(slot, minlength=len(hs))
        H.exists[hs[count == 0]] = False
        if len(members) == 0:
            return
        role = P.role[members].copy()
        inst = H.institutional[hh]
        role[inst] = INSTITUTIONAL
        # fix roles: exactly one head; a partner needs a head
        n = len(hs)
        heads = np.bincount(slot[role == HEAD], minlength=n)
        # partner without head -> head
        fix = (role == PARTNER) & (heads[slot] == 0)
        role[fix] = HEAD
        heads = np.bincount(slot[role == HEAD], minlength=n)
        # no head: the oldest non-institutional member becomes head
        need = (heads[slot] == 0) & ~inst
        if need.any():
            cand = np.flatnonzero(need)
            order = cand[np.lexsort((P.birth[members[cand]], slot[cand]))]
            first = np.r_[True, slot[order][1:] != slot[order][:-1]]
            role[order[first]] = HEAD
        # several heads (should not happen): extra heads become others
        heads = np.bincount(slot[role == HEAD], minlength=n)
        if (heads > 1).any():
            cand = np.flatnonzero((role == HEAD) & (heads[slot] > 1))
            order = cand[np.lexsort((P.birth[members[cand]], slot[cand]))]
            first = np.r_[True, slot[order][1:] != slot[order][:-1]]
            role[order[~first]] = OTHER
        partners = np.bincount(slot[role == PARTNER], minlength=n)
        kids = np.bincount(slot[role == CHILD], minlength=n)
        size = count[slot]
        married = H.married[hh]
        has_p = partners[slot] > 0
        has_k = kids[slot] > 0
        typ = np.full(len(members), 7, dtype=np.int8)
        typ[size == 1] = 1
        typ[(size > 1) & has_p & ~has_k] = np.where(married[(size > 1) & has_p & ~has_k], 3, 2)
        typ[(size > 1) & has_p & has_k] = np.where(married[(size > 1) & has_p & has_k], 5, 4)
        typ[(size > 1) & ~has_p & has_k] = 6
        typ[inst] = 8
        pl = np.full(len(members), 9, dtype=np.int8)
        lead = (role == HEAD) | (role == PARTNER)
        pl[lead & (typ == 1)] = 2
        pl[lead & (typ == 2)] = 3
        pl[lead & (typ == 3)] = 4
        pl[lead & (typ == 4)] = 5
        pl[lead & (typ == 5)] = 6
        pl[(role == HEAD) & (typ == 6)] = 7
        pl[(role == HEAD) & (typ == 7)] = 8
        pl[(role == CHILD) & (typ >= 4) & (typ <= 6)] = 1
        pl[typ == 8] = 10
        role[(typ == 1) & ~inst] = HEAD
        # a single member keeps no child/other role
        filled = count > 0
        numbers = np.zeros(n, dtype=np.int64)
        numbers[filled] = allocate(self.s.next_household, H.g[hs[filled]])
        P.role[members] = role
        P.typhh[members] = typ
        P.plhh[members] = pl
        P.hh_size[members] = size
        P.hh_number[members] = numbers[slot]
        P.hh_start[members] = mday

    def exit_persons(self, persons: np.ndarray, day: np.ndarray, died: bool) -> np.ndarray:
        """Persons leave the population (death or emigration) on day-1; returns touched households."""
        P = self.s.persons
        day = np.broadcast_to(day, persons.shape).astype(np.int32)
        hh = P.hh[persons].copy()
        self.close_address(persons, day)
        self.close_household(persons, day)
        P.alive[persons] = False
        P.died[persons] = died
        P.exit_day[persons] = day - 1
        self._end_state_spells(persons, day)
        kept = P.home_obj[persons]
        self.s.objects.held[kept[kept >= 0]] = False  # a dwelling kept for them is free again
        P.home_obj[persons] = -1
        return hh

    def _end_state_spells(self, persons: np.ndarray, day: np.ndarray) -> None:
        """Close detention/COA/care spells of persons who leave an institution."""
        from mha.synth.state import DETAINED, IN_CARE, IN_COA

        P = self.s.persons
        st = P.state[persons]
        for kind, log in ((DETAINED, "detention"), (IN_COA, "coa"), (IN_CARE, "care")):
            sel = st == kind
            if not sel.any():
                continue
            p = persons[sel]
            end = day[sel] - 1
            if log == "detention":
                self.s.detention_log.add(p=p, start=P.state_from[p], end=end)
            elif log == "coa":
                self.s.coa_log.add(p=p, obj=P.state_obj[p], start=P.state_from[p], end=end)
            else:
                self.s.care_log.add(p=p, kind=P.care_kind[p], start=P.state_from[p], end=end)
        P.state[persons] = NORMAL
        P.state_until[persons] = -1

    # --- the housing market ----------------------------------------------------------------------
    def refresh_pool(self, d0: int) -> None:
        """Dwellings that are empty at the start of the step (and exist) can be let in this step."""
        P, OB = self.s.persons, self.s.objects
        alive = P.view("alive")
        obj = P.view("obj")
        occupied = np.bincount(obj[alive & (obj >= 0)], minlength=OB.n)
        kind = OB.view("kind")
        residential = (kind == DWELLING) | (kind == CARAVAN) | (kind == HOUSEBOAT)
        ok = residential & ~OB.view("foreign") & (OB.view("start_day") <= d0) & (OB.view("end_day") < 0)
        ok &= ~OB.view("held")  # kept for a resident in detention or care
        self.pool = np.flatnonzero(ok & (occupied == 0))
        self.occupied = occupied

    def find_dwellings(self, g: np.ndarray, tenure: np.ndarray, key: np.ndarray) -> np.ndarray:
        """Give each housing-seeking unit (gemeente, preferred tenure) an empty dwelling or -1."""
        OB = self.s.objects
        result = np.full(len(g), -1, dtype=np.int64)
        if len(g) == 0 or len(self.pool) == 0:
            return result
        G = self.s.G
        pool = self.pool
        # round 1: preferred tenure
        ua, vb = match_within(
            self.rng,
            G * 3,
            g * 3 + tenure,
            key,
            OB.g[pool] * 3 + OB.tenure[pool],
            OB.area[pool].astype(float),
        )
        result[ua] = pool[vb]
        left_pool = np.ones(len(pool), dtype=bool)
        left_pool[vb] = False
        rest = np.flatnonzero(result < 0)
        pool2 = pool[left_pool]
        # round 2: any owner-occupied or privately rented dwelling (a corporation dwelling only goes to a
        # household that looks for one: corporations let through waiting lists and urgency)
        open_ = pool2[OB.tenure[pool2] != CORPORATION]
        if len(rest) and len(open_):
            ua2, vb2 = match_within(
                self.rng, G, g[rest], key[rest], OB.g[open_], OB.area[open_].astype(float)
            )
            result[rest[ua2]] = open_[vb2]
            taken = np.zeros(len(open_), dtype=bool)
            taken[vb2] = True
            pool2 = np.setdiff1d(pool2, open_[taken], assume_unique=True)
        self.pool = pool2
        return result

    # --- composite moves -----------------------------------------------------------------------------
    def join_households(self, persons: np.ndarray, households: np.ndarray, day: np.ndarray, roles) -> None:
        """Persons leave their (one-person or institutional) household and join existing households at
        those households' dwellings (one person per household; the households are recomposed)."""
        P, H = self.s.persons, self.s.households
        if len(persons) == 0:
            return
        day = np.broadcast_to(day, persons.shape).astype(np.int32)
        old = P.hh[persons].copy()
        self.close_household(persons, day)
        self.close_address(persons, day)
        had = old >= 0
        H.exists[old[had]] = False
        P.hh[persons] = households
        self.joined(persons)
        P.role[persons] = roles
        self.open_address(persons, H.obj[households], day)
        self.recompose(households, day)

    def move_households(self, households: np.ndarray, objs: np.ndarray, day: np.ndarray) -> None:
        """Whole households move to new objects (composition unchanged: new household spell)."""
        P, H = self.s.persons, self.s.households
        if len(households) == 0:
            return
        households = np.asarray(households, dtype=np.int64)
        order = np.argsort(households)
        members = self.members_of(households)
        H.obj[households] = objs
        mday = np.asarray(day, dtype=np.int32)[order][np.searchsorted(households[order], P.hh[members])]
        self.close_address(members, mday)
        self.open_address(members, H.obj[P.hh[members]], mday)
        self.recompose(households, day)

    def start_own_household(
        self, persons: np.ndarray, objs: np.ndarray, day: np.ndarray, institutional: bool = False
    ) -> np.ndarray:
        """Persons leave their household (which is recomposed) and each start a one-person household."""
        P = self.s.persons
        day = np.broadcast_to(day, persons.shape).astype(np.int32)
        old = P.hh[persons].copy()
        self.close_household(persons, day)
        self.close_address(persons, day)
        had = old >= 0
        if had.any():
            # remaining members get a new composition
            o, first = np.unique(old[had], return_index=True)
            self.recompose(o, day[had][first])
        new = self.new_households(P.g[persons], objs, institutional=institutional)
        self._grow_busy()
        P.hh[persons] = new
        self.joined(persons)
        P.role[persons] = INSTITUTIONAL if institutional else HEAD
        self.open_address(persons, objs, day)
        self.recompose(new, day)
        self.busy_hh[new] = True
        return new


def _ranges(sorted_keys: np.ndarray, values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The values whose key (in the sorted `sorted_keys`) is one of the sorted `wanted` keys."""
    lo = np.searchsorted(sorted_keys, wanted, "left")
    hi = np.searchsorted(sorted_keys, wanted, "right")
    cnt = hi - lo
    total = int(cnt.sum())
    offsets = np.repeat(lo - (np.cumsum(cnt) - cnt), cnt) + np.arange(total)
    return values[offsets]


def with_access(probs, access: float) -> np.ndarray:
    """Tenure preferences (owner, corporation, private) when a corporation dwelling is `access` times as
    easy to get as at the start (`params.CORPORATION_ACCESS`): the rest of the corporation share goes to
    private rent."""
    p = np.array(probs, dtype=float)
    moved = p[..., CORPORATION] * (1.0 - access)
    p[..., CORPORATION] -= moved
    p[..., PRIVATE] += moved
    return p


def tenure_choice(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """Draw a tenure (OWNER, CORPORATION, PRIVATE) per row of probabilities."""
    probs = np.atleast_2d(probs)
    cum = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    u = rng.random(len(cum))[:, None]
    return (u > cum).sum(axis=1).astype(np.int64).clip(0, 2)


TENURE_PREFS = {
    # current tenure -> probabilities of (owner, corporation, private) for a moving household
    OWNER: (0.82, 0.08, 0.10),
    CORPORATION: (0.22, 0.55, 0.23),
    PRIVATE: (0.35, 0.25, 0.40),
}
LEAVER_PREFS = (0.15, 0.20, 0.65)
SEPARATION_PREFS = (0.30, 0.33, 0.37)
IMMIGRANT_PREFS = (0.25, 0.15, 0.60)
LABOUR_PREFS = (0.04, 0.12, 0.84)
PERMIT_PREFS = (0.0, 0.85, 0.15)  # housed from a COA (taakstelling)
PERMIT_MOVER_PREFS = (0.01, 0.71, 0.28)  # permit holders who move on to a big city
STUDENT_PREFS = (0.02, 0.06, 0.92)  # students who move to a student city: mostly rooms let privately

__all__ = ["Engine", "tenure_choice", "params", "OWNER", "CORPORATION", "PRIVATE"]

"""The state of one chunk of the simulated world: persons, households, objects and the spell logs.

Arrays grow by appending; nobody is ever removed (a person who dies or emigrates is marked as gone),
so an index into a table is stable for the whole simulation.
"""

from __future__ import annotations

import numpy as np

NO_DAY = np.iinfo(np.int32).min  # "no spell open" (day numbers before 1970 are negative)

# roles in a household
HEAD, PARTNER, CHILD, OTHER, INSTITUTIONAL = 0, 1, 2, 3, 4

# person states
NORMAL, DETAINED, IN_COA, IN_CARE, NURSING, NO_ADDRESS = 0, 1, 2, 3, 4, 5

# object kinds
DWELLING, CARAVAN, HOUSEBOAT, CARE_HOME, PRISON, COA, NURSING_HOME = 0, 1, 2, 3, 4, 5, 6
RESIDENTIAL_KINDS = (DWELLING, CARAVAN, HOUSEBOAT)

# tenure of residential objects
OWNER, CORPORATION, PRIVATE = 0, 1, 2


class Columns:
    """A set of equally long NumPy columns that can grow (amortised doubling)."""

    def __init__(self, spec: dict[str, tuple[type, object]]):
        self._spec = spec
        self.n = 0
        self._cap = 0
        for name, (dtype, _fill) in spec.items():
            setattr(self, name, np.zeros(0, dtype=dtype))

    def append(self, count: int, **values) -> np.ndarray:
        """Add `count` rows; columns not given get their fill value. Returns the new indices."""
        start = self.n
        need = start + count
        if need > self._cap:
            cap = max(need, int(self._cap * 1.5) + 1024)
            for name, (dtype, fill) in self._spec.items():
                old = getattr(self, name)
                new = np.full(cap, fill, dtype=dtype)
                new[: len(old)] = old
                setattr(self, name, new)
            self._cap = cap
        for name, value in values.items():
            getattr(self, name)[start:need] = value
        self.n = need
        return np.arange(start, need)

    def view(self, name: str) -> np.ndarray:
        return getattr(self, name)[: self.n]


PERSON_SPEC = {
    "number": (np.int64, -1),  # local number within the gemeente block (before scrambling)
    "g": (np.int32, -1),  # gemeente index within the chunk
    "birth": (np.int32, 0),
    "sex": (np.int8, 1),
    "origin": (np.int16, 0),  # index into ORIGINS
    "generation": (np.int8, 0),
    "alive": (np.bool_, True),  # registered in the Netherlands now
    "exit_day": (np.int32, -1),
    "died": (np.bool_, False),
    "hh": (np.int32, -1),
    "role": (np.int8, HEAD),
    "obj": (np.int32, -1),
    "addr_start": (np.int32, NO_DAY),
    "hh_start": (np.int32, NO_DAY),
    "hh_number": (np.int64, -1),
    "typhh": (np.int8, 0),
    "plhh": (np.int8, 0),
    "hh_size": (np.int16, 0),
    "w": (np.float32, 0.0),  # latent earning power
    "track": (np.int8, 0),  # education track: 0 none, 1 mbo, 2 hbo, 3 wo
    "study_start": (np.float32, 99.0),  # age at which the track starts
    "study_years": (np.float32, 0.0),
    "settle_day": (np.int32, -1),  # date of (latest) settlement for immigrants
    "nationality": (np.int16, -1),  # index into NATIONALITIES, -1 = Dutch
    "permit_day": (np.int32, -1),
    "permit_ground": (np.int8, 0),  # 0 none, 1 ASIEL, 2 GEZIN, 3 ARBEID, 4 STUDIE
    "state": (np.int8, NORMAL),
    "state_until": (np.int32, -1),
    "state_from": (np.int32, -1),
    "state_obj": (np.int32, -1),  # the institution object of the current state
    "care_kind": (np.int8, -1),
    "labour": (np.bool_, False),  # came as a labour migrant
    "family": (np.int32, -1),  # asylum arrivals: index of the family's first member
    "reunites": (np.bool_, False),  # asylum arrivals: family members who follow a permit holder (nareizigers)
    "risk": (np.float32, 0.0),  # propensity for detention
    # while in detention or care: where the person may return (mha.synth.events.institutions)
    "home_hh": (np.int32, -1),  # the household left behind (it lives on without the person)
    "home_role": (np.int8, -1),  # the person's role in it
    "home_obj": (np.int32, -1),  # the dwelling kept for a person who lived alone
    "released_day": (np.int32, -1),  # the last release from detention
}

HOUSEHOLD_SPEC = {
    "g": (np.int32, -1),
    "obj": (np.int32, -1),
    "married": (np.bool_, False),
    "institutional": (np.bool_, False),
    "exists": (np.bool_, True),
}

OBJECT_SPEC = {
    "g": (np.int32, -1),
    "gg": (np.int32, -1),  # global gemeente index (also for institutions of other chunks)
    "number": (np.int64, -1),  # local number within the gemeente block
    "kind": (np.int8, DWELLING),
    "foreign": (np.bool_, False),  # an institution of another chunk (not written here)
    "use_code": (np.int8, 10),
    "tenure": (np.int8, OWNER),
    "unknown_owner": (np.bool_, False),
    "wtype": (np.int8, 5),
    "area": (np.int32, -1),
    "woz_factor": (np.float32, 1.0),
    "rent_2017": (np.float32, np.nan),
    "start_day": (np.int32, 0),
    "end_day": (np.int32, -1),
    "leaf": (np.int16, 0),  # boundary leaf (VSLGWBTAB codes)
    "tenure_change_day": (np.int32, -1),
    "old_tenure": (np.int8, -1),
    "held": (np.bool_, False),  # kept for a resident in detention or care: not let to others
    "liberalised": (np.bool_, False),  # rented above the liberalisatiegrens (not regulated)
}


class SpellLog:
    """Closed spells, collected as lists of arrays and concatenated once."""

    def __init__(self, fields: tuple[str, ...]):
        self.fields = fields
        self.parts: dict[str, list[np.ndarray]] = {f: [] for f in fields}

    def add(self, **values: np.ndarray) -> None:
        n = None
        for f in self.fields:
            v = np.asarray(values[f])
            n = len(v) if n is None else n
            self.parts[f].append(v)

    def arrays(self) -> dict[str, np.ndarray]:
        return {f: (np.concatenate(p) if p else np.zeros(0, dtype=np.int64)) for f, p in self.parts.items()}


class ChunkState:
    def __init__(self, n_gemeenten: int):
        self.G = n_gemeenten
        self.persons = Columns(PERSON_SPEC)
        self.households = Columns(HOUSEHOLD_SPEC)
        self.objects = Columns(OBJECT_SPEC)
        self.next_person = np.zeros(n_gemeenten, dtype=np.int64)
        self.next_object = np.zeros(n_gemeenten, dtype=np.int64)
        self.next_household = np.zeros(n_gemeenten, dtype=np.int64)
        self.addr_log = SpellLog(("p", "obj", "start", "end"))
        self.hh_log = SpellLog(("p", "number", "start", "end", "typhh", "plhh", "size"))
        self.detention_log = SpellLog(("p", "start", "end"))
        self.coa_log = SpellLog(("p", "obj", "start", "end"))
        self.care_log = SpellLog(("p", "kind", "start", "end"))
        # the liberalisatiegrens of the simulation's start, the limit between regulated and liberalised
        # rents when dwellings are drawn (set from the seed `limits` before the population is built)
        self.rent_limit = float("nan")

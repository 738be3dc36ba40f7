"""Turn a simulated chunk into Arrow tables in the raw layouts (`mha.layouts`)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from mha import layouts
from mha.synth import params
from mha.synth.reference import BOUNDARY_YEARS, SIM_YEARS
from mha.synth.snapshot import studying
from mha.synth.state import CARAVAN, DETAINED, DWELLING, HOUSEBOAT, IN_CARE, IN_COA, OWNER, PRIVATE
from mha.synth.util import (
    LIFE_CYCLE_OPEN,
    OPEN_END,
    coded_strings,
    constant_strings,
    date_strings,
    day,
    digit_matrix,
    fixed_width,
    padded,
    scramble,
    unique,
    yyyymmdd,
)

PERSON_BLOCK = 2_500_000
OBJECT_BLOCK = 100_000_000
HOUSEHOLD_BLOCK = 1_000_000_000
KIND_CODES = np.array(["VBO", "STA", "LIG", "VBO", "VBO", "VBO", "VBO"])
SIM_END = day(f"{SIM_YEARS[-1]}-12-31")  # the last day simulated
SMALL_NUMBERS = [str(i) for i in range(100)]  # labels of small integer codes ("0" .. "99")


class IdStrings:
    """Fixed-width ids of a chunk kept as a character matrix; `take` builds the Arrow strings."""

    def __init__(self, chars: np.ndarray):
        self.chars = chars

    def take(self, rows: np.ndarray) -> pa.Array:
        return fixed_width(self.chars[np.asarray(rows, dtype=np.int64)])


def person_ids(world, persons: np.ndarray) -> IdStrings:
    P = world.state.persons
    raw = world.gidx[P.g[persons]].astype(np.int64) * PERSON_BLOCK + P.number[persons]
    return IdStrings(digit_matrix(scramble(raw, 10**9, 738_225_911, 104_729), 9))


def small_codes(values: np.ndarray) -> pa.Array:
    """Small non-negative integer codes as their decimal strings."""
    return coded_strings(SMALL_NUMBERS, values)


def object_ids(world, objs: np.ndarray) -> pa.Array:
    """RINOBJECTNUMMER of objects (the id characters of all the chunk's objects are computed once)."""
    OB = world.state.objects
    cached = getattr(world, "_object_ids", None)
    if cached is None or len(cached.chars) != OB.n:
        everything = np.arange(OB.n)
        raw = OB.gg[everything].astype(np.int64) * OBJECT_BLOCK + OB.number[everything]
        cached = IdStrings(digit_matrix(scramble(raw, 10**12, 492_876_853_117, 7_919), 12))
        world._object_ids = cached
    return cached.take(objs)


def by_person_and_start(p: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Row order by person, then start day (one int64 key; day numbers lie within +-2**31)."""
    key = np.asarray(p, dtype=np.int64) * (1 << 32) + (np.asarray(start, dtype=np.int64) + (1 << 31))
    return np.argsort(key)  # keys are unique: no two spells of a person start on the same day


def household_ids(world, numbers: np.ndarray, persons: np.ndarray) -> pa.Array:
    P = world.state.persons
    raw = world.gidx[P.g[persons]].astype(np.int64) * HOUSEHOLD_BLOCK + numbers
    return padded(scramble(raw, 10**12, 617_283_949_213, 31_337), 12)


def kind_codes(world, objs: np.ndarray) -> pa.Array:
    return coded_strings(KIND_CODES, world.state.objects.kind[objs])


def make(name: str, columns: dict) -> pa.Table:
    schema = layouts.table(name).arrow_schema()
    arrays = []
    for field in schema:
        value = columns[field.name]
        arr = value if isinstance(value, pa.Array | pa.ChunkedArray) else pa.array(value)
        arrays.append(arr.cast(field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def r_column(n: int) -> pa.Array:
    return constant_strings("R", n)


def spells_with_open(log: dict, open_p: np.ndarray, open_start: np.ndarray, extra_open: dict | None = None):
    """Closed spells plus the spells still open at the end of the simulation, ordered by person, start."""
    p = np.r_[log["p"], open_p].astype(np.int64)
    start = np.r_[log["start"], open_start].astype(np.int64)
    end = np.r_[log["end"], np.full(len(open_p), 0)].astype(np.int64)
    is_open = np.r_[np.zeros(len(log["p"]), dtype=bool), np.ones(len(open_p), dtype=bool)]
    order = by_person_and_start(p, start)
    return order, p, start, end, is_open


def chunk_tables(world) -> Iterator[tuple[str, pa.Table]]:
    """The tables of one chunk that are not per year, built one at a time."""
    s = world.state
    P, OB = s.persons, s.objects
    n = P.n
    everyone = np.arange(n)
    # persons: everyone ever registered (born or arrived) in this chunk
    ymd = yyyymmdd(P.birth[:n])
    pid = person_ids(world, everyone)
    world._person_ids = pid
    yield (
        "GBAPERSOONTAB",
        make(
            "GBAPERSOONTAB",
            {
                "RINPERSOONS": r_column(n),
                "RINPERSOON": fixed_width(pid.chars),
                "GBAGEBOORTEJAAR": padded(ymd // 10000, 4),
                "GBAGEBOORTEMAAND": padded(ymd // 100 % 100, 2),
                "GBAGEBOORTEDAG": padded(ymd % 100, 2),
                "GBAGESLACHT": small_codes(P.sex[:n]),
                "GBAHERKOMSTGROEPERING": coded_strings(params.COUNTRIES, P.origin[:n]),
                "GBAGENERATIE": small_codes(P.generation[:n]),
            },
        ),
    )
    dead = np.flatnonzero(P.view("died"))
    yield (
        "GBAOVERLIJDENTAB",
        make(
            "GBAOVERLIJDENTAB",
            {
                "RINPERSOONS": r_column(len(dead)),
                "RINPERSOON": pid.take(dead),
                "GBADATUMOVERLIJDEN": date_strings(P.exit_day[dead]),
            },
        ),
    )
    # address spells
    alive = np.flatnonzero(P.view("alive"))
    at = alive[P.obj[alive] >= 0]
    log = s.addr_log.arrays()
    order, p, start, end, is_open = spells_with_open(log, at, P.addr_start[at])
    objs = np.r_[log["obj"], P.obj[at]].astype(np.int64)
    p, start, end, is_open, objs = p[order], start[order], end[order], is_open[order], objs[order]
    yield (
        "GBAADRESOBJECTBUS",
        make(
            "GBAADRESOBJECTBUS",
            {
                "RINPERSOONS": r_column(len(p)),
                "RINPERSOON": pid.take(p),
                "SOORTOBJECTNUMMER": kind_codes(world, objs),
                "RINOBJECTNUMMER": object_ids(world, objs),
                "GBADATUMAANVANGADRESHOUDING": date_strings(start),
                "GBADATUMEINDEADRESHOUDING": date_strings(end, is_open),
            },
        ),
    )
    # household spells
    inhh = alive[P.hh[alive] >= 0]
    log = s.hh_log.arrays()
    order, p, start, end, is_open = spells_with_open(log, inhh, P.hh_start[inhh])
    number = np.r_[log["number"], P.hh_number[inhh]].astype(np.int64)[order]
    typ = np.r_[log["typhh"], P.typhh[inhh]][order]
    pl = np.r_[log["plhh"], P.plhh[inhh]][order]
    size = np.r_[log["size"], P.hh_size[inhh]][order]
    p, start, end, is_open = p[order], start[order], end[order], is_open[order]
    yield (
        "GBAHUISHOUDENSBUS",
        make(
            "GBAHUISHOUDENSBUS",
            {
                "RINPERSOONS": r_column(len(p)),
                "RINPERSOON": pid.take(p),
                "DATUMAANVANGHH": date_strings(start),
                "DATUMEINDEHH": date_strings(end, is_open),
                "HUISHOUDNR": household_ids(world, number, p),
                "TYPHH": small_codes(typ),
                "PLHH": small_codes(pl),
                "AANTALPERSHH": pa.array(size.astype(np.int32)),
            },
        ),
    )
    # objects of this chunk
    own = np.flatnonzero(~OB.view("foreign"))
    oid = object_ids(world, own)
    okind = kind_codes(world, own)
    leaves = world.leaves
    leaf_of = _leaf_per_object(world, own)
    vsl = {"SOORTOBJECTNUMMER": okind, "RINOBJECTNUMMER": oid}
    for y in BOUNDARY_YEARS:
        vsl[f"gem{y}"] = coded_strings(leaves[f"gem{y}"].to_numpy(), leaf_of)
    yield "VSLGWBTAB", make("VSLGWBTAB", vsl)
    start = OB.start_day[own].astype(np.int64)
    endd = OB.end_day[own].astype(np.int64)
    area = OB.area[own]
    yield (
        "LEVCYCLWOONNIETWOONBUS",
        make(
            "LEVCYCLWOONNIETWOONBUS",
            {
                "SOORTOBJECTNUMMER": okind,
                "RINOBJECTNUMMER": oid,
                "AANVLEVCYCLWOONNIETWOON": date_strings(start),
                "EINDLEVCYCLWOONNIETWOON": date_strings(endd, endd < 0, LIFE_CYCLE_OPEN),
                "VBOOPPERVLAKTE": pa.array(area, mask=area < 0),
            },
        ),
    )
    vbo = own[OB.kind[own] == DWELLING]
    yield (
        "VBOWONINGTYPETAB",
        make(
            "VBOWONINGTYPETAB",
            {
                "SOORTOBJECTNUMMER": kind_codes(world, vbo),
                "RINOBJECTNUMMER": object_ids(world, vbo),
                "VBOWONINGTYPE": padded(OB.wtype[vbo], 2),
            },
        ),
    )
    yield from _person_state_tables(world, pid, alive)


def _leaf_per_object(world, objs: np.ndarray) -> np.ndarray:
    """Boundary leaf per object: by the weights of its 2023 gemeente, every leaf at least once."""
    OB = world.state.objects
    leaves = world.leaves
    gg = OB.gg[objs]
    out = np.zeros(len(objs), dtype=np.int64)
    rng = np.random.default_rng([world.seed, int(world.gidx[0]), 11])
    u = rng.random(len(objs))
    lg = leaves["g"].to_numpy()
    lw = leaves["weight"].to_numpy()
    for g in unique(gg):
        rows = np.flatnonzero(lg == g)
        sel = np.flatnonzero(gg == g)
        if len(rows) == 1:
            out[sel] = rows[0]
            continue
        cum = np.cumsum(lw[rows])
        pick = np.minimum(np.searchsorted(cum / cum[-1], u[sel]), len(rows) - 1)
        pick[: min(len(rows), len(sel))] = np.arange(min(len(rows), len(sel)))  # every leaf appears
        out[sel] = rows[pick]
    return out


def _person_state_tables(world, pid: IdStrings, alive: np.ndarray) -> Iterator[tuple[str, pa.Table]]:
    s = world.state
    P = s.persons
    for name, log, state, cols in (
        ("GEDETINEERDENTAB", s.detention_log, DETAINED, ("DATUMAANVANGDETENTIE", "DATUMEINDEDETENTIE")),
        ("COAVERBLIJFTAB", s.coa_log, IN_COA, ("DATUMAANVANGCOA", "DATUMEINDECOA")),
        ("ZORGVERBLIJFTAB", s.care_log, IN_CARE, ("DATUMAANVANGZORG", "DATUMEINDEZORG")),
    ):
        arr = log.arrays()
        still = alive[P.state[alive] == state]
        p = np.r_[arr["p"], still].astype(np.int64)
        start = np.r_[arr["start"], P.state_from[still]].astype(np.int64)
        end = np.r_[arr["end"], np.zeros(len(still))].astype(np.int64)
        is_open = np.r_[np.zeros(len(arr["p"]), dtype=bool), np.ones(len(still), dtype=bool)]
        order = by_person_and_start(p, start)
        cols_ = {
            "RINPERSOONS": r_column(len(p)),
            "RINPERSOON": pid.take(p[order]),
            cols[0]: date_strings(start[order]),
            cols[1]: date_strings(end[order], is_open[order]),
        }
        if name == "COAVERBLIJFTAB":
            objs = np.r_[arr["obj"], P.state_obj[still]].astype(np.int64)[order]
            cols_["SOORTOBJECTNUMMER"] = kind_codes(world, objs)
            cols_["RINOBJECTNUMMER"] = object_ids(world, objs)
        if name == "ZORGVERBLIJFTAB":
            kinds = np.r_[arr["kind"], P.care_kind[still]].astype(np.int64)[order]
            cols_["ZORGVORM"] = coded_strings(params.CARE_KINDS, kinds)
        yield name, make(name, cols_)
    # nationality and permits of immigrants
    imm = np.flatnonzero(P.view("nationality") >= 0)
    yield (
        "NATIONALITEITTAB",
        make(
            "NATIONALITEITTAB",
            {
                "RINPERSOONS": r_column(len(imm)),
                "RINPERSOON": pid.take(imm),
                "NATIONALITEIT": coded_strings(params.COUNTRIES, P.nationality[imm]),
                "DATUMVESTIGING": date_strings(P.settle_day[imm]),
            },
        ),
    )
    perm = np.flatnonzero((P.view("permit_day") >= 0) & (P.view("permit_ground") > 0))
    perm = perm[P.permit_day[perm] <= SIM_END]
    grounds = np.array(["", "ASIEL", "GEZIN", "ARBEID", "STUDIE"])
    yield (
        "VERBLIJFSVERGUNNINGTAB",
        make(
            "VERBLIJFSVERGUNNINGTAB",
            {
                "RINPERSOONS": r_column(len(perm)),
                "RINPERSOON": pid.take(perm),
                "DATUMVERGUNNING": date_strings(P.permit_day[perm]),
                "VERBLIJFSGROND": coded_strings(grounds, P.permit_ground[perm]),
            },
        ),
    )
    yield "SECMBUS", _secm(world, pid)


def _secm(world, pid: IdStrings) -> pa.Table:
    """Socio-economic category per person per year (from 15), merged into spells."""
    P = world.state.persons
    n = P.n
    years = np.array(SIM_YEARS)
    cats = np.zeros((n, len(years)), dtype=np.int8)  # 0 none, else index into CODES
    codes = np.array(["", "11", "12", "13", "21", "24", "26", "31"])
    rngkey = (P.number[:n] * 2654435761 % 1000) / 1000.0
    first = np.full(n, -1, dtype=np.int64)
    last = np.full(n, -1, dtype=np.int64)
    for j, y in enumerate(years):
        d = day(f"{y}-07-01")
        y0, y1 = day(f"{y}-01-01"), day(f"{y}-12-31")
        entered = np.maximum(
            P.birth[:n].astype(np.int64) + int(15 * 365.25),
            np.where(P.settle_day[:n] >= 0, P.settle_day[:n], 0),
        )
        # present in year y: entered (15th birthday or settlement) by its end, and not gone before
        # both its start and the entry day (someone who left before turning 15 never has a spell)
        present = (entered <= y1) & (P.alive[:n] | (P.exit_day[:n] >= np.maximum(y0, entered)))
        age = (d - P.birth[:n]) / 365.25
        lvl = studying(P.track[:n], P.study_start[:n], P.study_years[:n], age)
        w = P.w[:n]
        cat = np.where(
            age >= 67, 5, np.where(w < -1.1, 4, np.where(rngkey < 0.09, 3, np.where(rngkey < 0.1, 2, 1)))
        )
        cat = np.where((lvl > 0) & (age < 30), 6, cat)
        cat = np.where(P.labour[:n], 1, cat)
        cat = np.where(
            (P.nationality[:n] >= 0)
            & (P.permit_ground[:n] == 1)
            & ((P.permit_day[:n] < 0) | (P.permit_day[:n] > y1)),
            7,
            cat,
        )
        cats[:, j] = np.where(present, cat, 0)
        first = np.where((first < 0) & present, np.maximum(entered, y0), first)
        last = np.where(present, np.where(P.alive[:n] | (P.exit_day[:n] > y1), y1, P.exit_day[:n]), last)
    flat = cats.ravel()
    prev = np.r_[0, flat[:-1]]
    col = np.tile(np.arange(len(years)), n)
    starts = np.flatnonzero((flat > 0) & ((flat != prev) | (col == 0)))
    nxt = np.r_[flat[1:], 0]
    ncol = np.r_[col[1:], 0]
    ends = np.flatnonzero((flat > 0) & ((nxt != flat) | (ncol == 0)))
    person = starts // len(years)
    y_start = years[starts % len(years)]
    y_end = years[ends % len(years)]
    s_day = np.maximum(
        np.array([day(f"{y}-01-01") for y in SIM_YEARS])[y_start - SIM_YEARS[0]], first[person]
    )
    e_day = np.minimum(np.array([day(f"{y}-12-31") for y in SIM_YEARS])[y_end - SIM_YEARS[0]], last[person])
    is_open = (y_end == 2023) & P.alive[person]
    return make(
        "SECMBUS",
        {
            "RINPERSOONS": r_column(len(person)),
            "RINPERSOON": pid.take(person),
            "AANVSECM": date_strings(s_day),
            "EINDSECM": date_strings(e_day, is_open),
            "SECM": coded_strings(codes, flat[starts]),
        },
    )


def yearly_tables(world) -> Iterator[tuple[tuple[str, int], pa.Table]]:
    """The yearly tables of one chunk, built one at a time."""
    s = world.state
    P, OB = s.persons, s.objects
    pid = getattr(world, "_person_ids", None) or person_ids(world, np.arange(P.n))
    cal_woz = world.cal["woz"].to_numpy()
    for file_year, snap in sorted(world.result.snapshots.items()):
        objs = snap["objs"]
        woz = np.where(
            OB.kind[objs] <= HOUSEBOAT,
            cal_woz[OB.g[objs]] * OB.woz_factor[objs] * snap["woz_index"],
            OB.area[objs] * 1200.0 * snap["woz_index"],
        )
        woz = np.where(OB.kind[objs] == CARAVAN, woz * 0.15, woz)
        yield (
            ("BAGWOZTAB", file_year),
            make(
                "BAGWOZTAB",
                {
                    "SOORTOBJECTNUMMER": kind_codes(world, objs),
                    "RINOBJECTNUMMER": object_ids(world, objs),
                    "GEBRUIKSCODEWOZ": small_codes(OB.use_code[objs]),
                    "WOZWAARDE": pa.array(np.round(woz / 1000).astype(np.int64) * 1000),
                },
            ),
        )
        res = snap["residential"]
        ten = snap["tenure"]
        unknown = OB.unknown_owner[res]
        typeeig = coded_strings(["E", "H", "O"], np.where(unknown, 2, np.where(ten == OWNER, 0, 1)))
        typeigenaar = coded_strings(["E", "W", "O", "X"], np.where(unknown, 3, ten))
        yield (
            ("EIGENDOMTAB", file_year),
            make(
                "EIGENDOMTAB",
                {
                    "SOORTOBJECTNUMMER": kind_codes(world, res),
                    "RINOBJECTNUMMER": object_ids(world, res),
                    "TYPEEIGENDOM": typeeig,
                    "TYPEIGENAAR": typeigenaar,
                },
            ),
        )
        rented = (ten != OWNER) & ~unknown
        r_obj = res[rented]
        rent = np.round(snap["rent"][rented].astype(float), 2)
        missing = (OB.number[r_obj] * 2654435761 + file_year) % 31 == 0
        yield (
            ("HUURTAB", file_year),
            make(
                "HUURTAB",
                {
                    "SOORTOBJECTNUMMER": kind_codes(world, r_obj),
                    "RINOBJECTNUMMER": object_ids(world, r_obj),
                    "KALEHUUR": pa.array(rent, mask=missing | np.isnan(rent)),
                },
            ),
        )
        income_year = file_year - 1
        if income_year in SIM_YEARS:
            kp = snap["koppel_p"]
            head = snap["koppel_head"]
            order = np.argsort(kp, kind="stable")
            yield (
                ("KOPPELPERSOONHUISHOUDEN", income_year),
                make(
                    "KOPPELPERSOONHUISHOUDEN",
                    {
                        "RINPERSOONS": r_column(len(kp)),
                        "RINPERSOON": pid.take(kp[order]),
                        "RINPERSOONSHKW": r_column(len(kp)),
                        "RINPERSOONHKW": pid.take(head[order]),
                    },
                ),
            )
            h = snap["inc_head"]
            o2 = np.argsort(h, kind="stable")
            yield (
                ("INHATAB", income_year),
                make(
                    "INHATAB",
                    {
                        "RINPERSOONSHKW": r_column(len(h)),
                        "RINPERSOONHKW": pid.take(h[o2]),
                        "INHBESTINKH": snap["inc_disp"][o2],
                        "INHBELIH": snap["inc_taxable"][o2],
                        "INHP100HBEST": snap["inc_pct"][o2],
                        "INHEHALGR": small_codes(snap["inc_code"][o2]),
                        "INHAHL": snap["inc_size"][o2],
                    },
                ),
            )
    for study_year, snap in sorted(world.result.enrolment_snapshots.items()):
        p = snap["p"]
        oct1 = day(f"{study_year}-10-01")
        age = (oct1 - P.birth[p]) / 365.25
        lvl = studying(P.track[p], P.study_start[p], P.study_years[p], age)
        sel = lvl > 0
        p, lvl = p[sel], lvl[sel]
        level_codes = np.array(["", "MBO", "HBO", "WO", "", "VO"])
        start_age = np.where(lvl == 5, 12.0, P.study_start[p])
        start = (P.birth[p] + start_age * 365.25).astype(np.int64)
        start_year = yyyymmdd(start) // 10000
        start_day = np.array([day(f"{y}-09-01") for y in range(1990, 2030)])[
            np.clip(start_year - 1990, 0, 39)
        ]
        start_day = np.minimum(start_day, oct1)
        end_age = np.where(lvl == 5, np.minimum(P.study_start[p], 18.0), P.study_start[p] + P.study_years[p])
        end = (P.birth[p] + end_age * 365.25).astype(np.int64)
        end_year = np.maximum(yyyymmdd(end) // 10000, study_year + 1)
        end_day = np.array([day(f"{y}-07-31") for y in range(1990, 2040)])[np.clip(end_year - 1990, 0, 49)]
        prog = (P.number[p] * 7919 + lvl.astype(np.int64) * 104729) % 9000 + 1000
        main = constant_strings("1", len(p))
        extra = np.flatnonzero((lvl != 5) & ((P.number[p] + study_year) % 23 == 0))
        ids = pid.take(p)
        cols = {
            "RINPERSOONS": r_column(len(p)),
            "RINPERSOON": ids,
            "OPLNR": padded(prog, 5),
            "TYPEONDERWIJS": coded_strings(level_codes, lvl),
            "HOOFDINSCHR": main,
            "AANVINSCHR": date_strings(start_day),
            "EINDINSCHR": date_strings(end_day),
        }
        table = make("ONDERWIJSINSCHRTAB", cols)
        if len(extra):
            second = table.take(pa.array(extra))
            second = second.set_column(3, "TYPEONDERWIJS", pa.array(np.where(lvl[extra] == 1, "MBO", "HBO")))
            second = second.set_column(2, "OPLNR", padded((prog[extra] + 17) % 9000 + 1000, 5))
            second = second.set_column(4, "HOOFDINSCHR", constant_strings("0", len(extra)))
            table = pa.concat_tables([table, second])
            table = table.take(
                pc.sort_indices(table, [("RINPERSOON", "ascending"), ("HOOFDINSCHR", "descending")])
            )
        yield ("ONDERWIJSINSCHRTAB", study_year), table
    _ = (PRIVATE, OPEN_END)

"""Year-end snapshots (31 December = 1 January of the next file year): the yearly tables' rows and
the counts the generator intends (for `_summary.json`)."""

from __future__ import annotations

import numpy as np

from mha.synth import params
from mha.synth.dynamics import YEAR_DAYS
from mha.synth.reference import SIM_YEARS
from mha.synth.state import CARAVAN, COA, CORPORATION, DWELLING, HEAD, HOUSEBOAT, IN_COA, OWNER, PRIVATE
from mha.synth.util import day, normal_cdf, unique

# WOZ level per file year relative to the calibration (file year 2023)
WOZ_INDEX = {2018: 0.70, 2019: 0.75, 2020: 0.80, 2021: 0.86, 2022: 0.95, 2023: 1.0, 2024: 1.04}
INCOME_INDEX = {2017: 0.93, 2018: 0.95, 2019: 0.98, 2020: 1.0, 2021: 1.02, 2022: 1.05, 2023: 1.11}


def rent_on(world, file_year: int, objs: np.ndarray) -> np.ndarray:
    """Kale huur on 1 January of `file_year`: the 2017 level raised on 1 July of each year by its
    segment's increase (`params.RENT_INCREASE`); a regulated rent stays at most the liberalisatiegrens
    of the year before (the seed's first year for the start: EUR 710.68, unchanged since 2016)."""
    OB = world.state.objects
    first = SIM_YEARS[0]
    growth = {
        segment: np.prod([1 + pct / 100 for y, pct in increases.items() if first <= y < file_year])
        for segment, increases in params.RENT_INCREASE.items()
    }
    free = OB.liberalised[objs]
    factor = np.where(
        free,
        growth["liberalised"],
        np.where(OB.tenure[objs] == CORPORATION, growth["corporation"], growth["private"]),
    )
    rent = OB.rent_2017[objs] * factor
    # the limit that holds on 31 December of the year before (1 January of `file_year`)
    limits = world.limits["liberalisatiegrens"]
    cap = limits.get(file_year - 1, limits.iloc[0])
    return np.where(free, rent, np.minimum(rent, cap)).astype(np.float32)


def studying(track: np.ndarray, start: np.ndarray, years: np.ndarray, age: np.ndarray) -> np.ndarray:
    """Level 0 none, 1 mbo, 2 hbo, 3 wo, 5 vo on a given day (age in years)."""
    level = np.where((track > 0) & (age >= start) & (age < start + years), track, 0)
    vo = (age >= 12) & (age < np.minimum(start, 18)) & (level == 0)
    return np.where(vo, 5, level).astype(np.int8)


def take_snapshot(world, year: int) -> None:
    s = world.state
    P, H, OB = s.persons, s.households, s.objects
    file_year = year + 1
    D = day(f"{file_year}-01-01")
    # objects that exist on 1 January of the file year
    on = (
        (~OB.view("foreign"))
        & (OB.view("start_day") <= D)
        & ((OB.view("end_day") < 0) | (OB.view("end_day") >= D))
    )
    objs = np.flatnonzero(on)
    kind = OB.kind[objs]
    residential = objs[kind <= HOUSEBOAT]
    snap = {
        "objs": objs,
        "residential": residential,
        "tenure": OB.tenure[residential].copy(),
        "rent": rent_on(world, file_year, residential),
        "woz_index": WOZ_INDEX[file_year],
    }

    alive = np.flatnonzero(P.view("alive"))
    with_hh = alive[P.hh[alive] >= 0]
    hh = P.hh[with_hh]
    head_of = np.full(H.n, -1, dtype=np.int64)
    heads = with_hh[P.role[with_hh] == HEAD]
    head_of[P.hh[heads]] = heads
    inst = with_hh[H.institutional[hh]]
    head_of[P.hh[inst]] = inst
    snap["koppel_p"] = with_hh
    snap["koppel_head"] = head_of[hh]
    hh_list = unique(hh)
    heads_all = head_of[hh_list]
    size = np.bincount(hh, minlength=H.n)[hh_list]
    hobj = H.obj[hh_list]
    institutional = H.institutional[hh_list]
    ten = np.where(institutional, -1, OB.tenure[hobj])
    age = (D - P.birth[heads_all]) / YEAR_DAYS
    z = (
        0.8 * P.w[heads_all]
        + 0.5 * (size >= 2)
        + np.interp(age, [18, 25, 35, 55, 67, 80], [-1.0, -0.5, 0.2, 0.4, -0.2, -0.4])
        + np.select([ten == OWNER, ten == CORPORATION], [0.5, -0.5], 0.0)
    )
    z = z / 1.15
    u = normal_cdf(z)
    pct = np.clip(np.ceil(u * 100), 1, 100).astype(np.int32)
    disp = (36_000 * np.exp(0.55 * z) * INCOME_INDEX[year] * (1 + 0.25 * (size >= 2))).astype(np.int64)
    taxable = (disp * (1.2 + 0.1 * np.tanh(z))).astype(np.int64)
    rent = rent_on(world, file_year, hobj)
    liberalisatiegrens = world.limits.at[file_year, "liberalisatiegrens"]
    eligible = (disp < np.where(size == 1, 25_000, 33_000)) & (rent <= liberalisatiegrens)
    rng = np.random.default_rng([int(world.gidx[0]), year, 7])
    code = np.where(ten == OWNER, 1, np.where(eligible & (rng.random(len(hh_list)) < 0.85), 3, 2))
    code = np.where(institutional, 4, code)
    code = np.where(rng.random(len(hh_list)) < 0.01, 9, code).astype(np.int8)  # INHEHALGR code
    snap.update(
        inc_head=heads_all, inc_disp=disp, inc_taxable=taxable, inc_pct=pct, inc_code=code, inc_size=size
    )
    world.result.snapshots[file_year] = snap
    world.result.summary[year] = summarise(world, year, D, alive, with_hh, hh_list, institutional, objs)
    world.result.summary[year]["events"] = dict(world.events)
    world.events.clear()


def summarise(world, year, D, alive, with_hh, hh_list, institutional, objs) -> dict:
    s = world.state
    P, H, OB = s.persons, s.households, s.objects
    names = world.cal["name"].to_numpy()
    obj = P.obj[alive]
    at = obj >= 0
    gg_of = np.full(len(alive), -1)
    gg_of[at] = OB.gg[obj[at]]
    age = (D - 1 - P.birth[alive]) / YEAR_DAYS
    kind = np.where(at, OB.kind[np.maximum(obj, 0)], -1)
    dwelling = at & (kind <= HOUSEBOAT)
    tenure = np.where(dwelling, OB.tenure[np.maximum(obj, 0)], -1)
    oct1 = day(f"{year}-10-01")
    age_oct = (oct1 - P.birth[alive]) / YEAR_DAYS
    level = studying(P.track[alive], P.study_start[alive], P.study_years[alive], age_oct)
    student = np.isin(level, (1, 2, 3))
    inwonend = student & (P.plhh[alive] == 1)
    elderly = age >= 55
    # SPEC section 3: "at most 5 years before 31 December", in calendar years (as the dbt models count;
    # 5 * 365 days missed the permits of the two or three days that leap years add)
    five_years_before = day(f"{year - 5}-12-31")
    permit = (
        (P.permit_ground[alive] == 1) & (P.permit_day[alive] >= five_years_before) & (P.permit_day[alive] < D)
    )
    nat = P.nationality[alive]
    eu = (nat >= 0) & np.isin(params.COUNTRIES[np.maximum(nat, 0)], list(world.eu_efta))
    labour = eu & P.labour[alive] & (P.settle_day[alive] >= five_years_before) & (age < 67)
    caravan = at & (kind == CARAVAN)
    det = s.detention_log.arrays()
    y0, y1 = day(f"{year}-01-01"), D - 1
    released = det["p"][(det["end"] >= y0) & (det["end"] <= y1) & (det["end"] - det["start"] + 1 >= 91)]
    rel_alive = np.isin(alive, released)
    care = s.care_log.arrays()
    care_left = care["p"][(care["end"] >= y0) & (care["end"] <= y1) & (care["end"] - care["start"] + 1 >= 91)]
    care_leaver = np.isin(alive, care_left) & dwelling
    # lettings: a corporation dwelling whose residents on 31 Dec are all new,
    # with a private household living there
    prev_obj = np.full(P.n, -1)
    prev_obj[: len(world.prev_obj)] = world.prev_obj
    stayer = dwelling & (prev_obj[alive] == obj)
    has_stayer = np.bincount(obj[stayer], minlength=OB.n) > 0
    occupied = np.bincount(obj[dwelling], minlength=OB.n) > 0
    let = occupied & ~has_stayer & (OB.view("tenure") == CORPORATION) & (OB.view("kind") <= HOUSEBOAT)
    let &= ~OB.view("foreign")
    to_permit = np.zeros(OB.n, dtype=bool)
    to_permit[obj[dwelling & permit]] = True
    rotterdam = gg_of == _global_index(world, "Rotterdam")
    westerwolde = gg_of == _global_index(world, "Westerwolde")
    in_coa = at & (kind == COA)

    def c(mask) -> int:
        return int(np.count_nonzero(mask))

    out = {
        "persons": c(at | True),
        "persons_at_address": c(at),
        "private_households": int(len(hh_list) - institutional.sum()),
        "one_person_households": int(np.count_nonzero((P.typhh[with_hh] == 1) & (P.role[with_hh] == HEAD))),
        "institutional_persons": int(np.count_nonzero(H.institutional[P.hh[with_hh]])),
        "dwellings": int(np.count_nonzero(OB.kind[objs] <= HOUSEBOAT)),
        "dwellings_owner": int(np.count_nonzero((OB.kind[objs] <= HOUSEBOAT) & (OB.tenure[objs] == OWNER))),
        "dwellings_corporation": int(
            np.count_nonzero((OB.kind[objs] <= HOUSEBOAT) & (OB.tenure[objs] == CORPORATION))
        ),
        "dwellings_private": int(
            np.count_nonzero((OB.kind[objs] <= HOUSEBOAT) & (OB.tenure[objs] == PRIVATE))
        ),
        "elderly": c(elderly),
        "students": c(student),
        "students_inwonend": c(inwonend),
        "ex_detainees": c(rel_alive),
        "releases_all": int(np.count_nonzero((det["end"] >= y0) & (det["end"] <= y1))),
        "permit_holders": c(permit),
        "permit_holders_in_coa": c(permit & in_coa),
        "eu_labour_migrants": c(labour),
        "caravan_dwellers": c(caravan),
        "care_leavers": c(care_leaver),
        "corporation_lettings": c(let),
        "corporation_lettings_to_permit_holders": c(let & to_permit),
        "rotterdam": {
            "persons": c(rotterdam),
            "elderly": c(rotterdam & elderly),
            "elderly_55_64": c(rotterdam & (age >= 55) & (age < 65)),
            "elderly_65_74": c(rotterdam & (age >= 65) & (age < 75)),
            "elderly_75_84": c(rotterdam & (age >= 75) & (age < 85)),
            "elderly_85_plus": c(rotterdam & (age >= 85)),
            "elderly_owner": c(rotterdam & elderly & (tenure == OWNER)),
            "elderly_corporation": c(rotterdam & elderly & (tenure == CORPORATION)),
            "elderly_private": c(rotterdam & elderly & (tenure == PRIVATE)),
            "students": c(rotterdam & student),
            "students_inwonend": c(rotterdam & inwonend),
            "ex_detainees": c(rotterdam & rel_alive),
            "permit_holders": c(rotterdam & permit),
        },
        "westerwolde_permit_holders_in_coa": c(westerwolde & permit & in_coa),
    }
    _ = (names, DWELLING, IN_COA)
    return out


def _global_index(world, name: str) -> int:
    hits = np.flatnonzero(world.all_names == name)
    return int(hits[0]) if len(hits) else -2

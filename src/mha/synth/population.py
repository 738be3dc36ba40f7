"""The population on 1 January 2017: persons by age, sex and origin, formed into households and
housed in the dwelling stock (owner-occupied, corporation or private rent by household profile)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mha.synth import params
from mha.synth.dynamics import YEAR_DAYS, Engine
from mha.synth.housing import add_institutions, initial_stock
from mha.synth.reference import SIM_YEARS
from mha.synth.state import CHILD, CORPORATION, HEAD, NURSING, NURSING_HOME, OWNER, PARTNER
from mha.synth.util import match_within, positions, rank_within, stochastic_round, year_start

START = year_start(SIM_YEARS[0])
AGE_BANDS = ((0, 15), (15, 25), (25, 45), (45, 65), (65, 101))
BAND_COLUMNS = ("p_00_14", "p_15_24", "p_25_44", "p_45_64", "p_65_oo")
INITIAL_PERMIT_SHARE = 0.0065  # inhabitants on 1-1-2017 who got an asylum permit in 2013-2016
ELDERLY_PRIVATE_LIFT = 0.5  # share of the way from a low tenure rank to the corporation band (from 70)


# relative density by age within the two oldest bands (1 January 2017): the 45-64 band thins out
# towards 65 (the large cohorts born around 1960-1970 were 47-57), and 65+ follows the national
# pyramid (65-74 about 56%, 75-84 about 33%, 85+ about 11%)
BAND_DENSITY = {
    3: ([45.0, 55.0, 65.0], [1.12, 1.02, 0.86]),
    4: (
        [65.0, 70.0, 75.0, 80.0, 85.0, 90.0, 95.0, 100.0, 105.0],
        [1.0, 0.95, 0.75, 0.55, 0.35, 0.17, 0.05, 0.006, 0.0],
    ),
}


def _inverse_cdf(u: np.ndarray, knots: list[float], density: list[float]) -> np.ndarray:
    """Ages with a piecewise-linear density through (knots, density), from uniform numbers `u`."""
    grid = np.linspace(knots[0], knots[-1], 400)
    d = np.interp(grid, knots, density)
    cdf = np.r_[0.0, np.cumsum((d[1:] + d[:-1]) / 2 * np.diff(grid))]
    return np.interp(u * cdf[-1], cdf, grid)


def draw_ages(rng: np.random.Generator, shares: np.ndarray) -> np.ndarray:
    """Ages (years, continuous) from the five KWB band shares; older bands decline with age."""
    n = len(shares)
    cum = np.cumsum(shares, axis=1)
    band = (rng.random(n)[:, None] > cum).sum(axis=1).clip(0, 4)
    lo = np.array([b[0] for b in AGE_BANDS], dtype=float)[band]
    hi = np.array([b[1] for b in AGE_BANDS], dtype=float)[band]
    u = rng.random(n)
    age = lo + u * (hi - lo)
    for b, (knots, density) in BAND_DENSITY.items():
        sel = band == b
        age[sel] = _inverse_cdf(u[sel], knots, density)
    return np.minimum(age, 104.9)


def draw_origin(rng: np.random.Generator, n: int, migrant_share: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    migrant = rng.random(n) < migrant_share
    w = params.MIGRANT_ORIGIN_WEIGHTS / params.MIGRANT_ORIGIN_WEIGHTS.sum()
    drawn = params.country_index(params.ORIGINS[rng.choice(len(params.ORIGINS), size=n, p=w)])
    origin = np.where(migrant, drawn, params.country_index(np.array(["NL"]))[0]).astype(np.int16)
    generation = np.where(migrant, np.where(rng.random(n) < 0.55, 1, 2), 0).astype(np.int8)
    return origin, generation


def build_initial(engine: Engine, cal: pd.DataFrame, scale: float) -> None:
    """Create persons, households, dwellings and nursing homes of the chunk on 1 January 2017."""
    s, rng = engine.s, engine.rng
    G = s.G
    counts = stochastic_round(rng, cal[f"pop_{SIM_YEARS[0]}"].to_numpy() * scale)
    counts = np.maximum(counts, 1)
    g = np.repeat(np.arange(G), counts).astype(np.int32)
    n = len(g)
    # the age structure of 1 January 2017 (back-cast from the KWB years), else the latest KWB bands
    start_cols = [f"start_{c}" for c in BAND_COLUMNS]
    cols = start_cols if all(c in cal for c in start_cols) else list(BAND_COLUMNS)
    shares = cal[cols].to_numpy()[g]
    age = draw_ages(rng, shares)
    birth = (START - age * YEAR_DAYS).astype(np.int32)
    sex = np.where(rng.random(n) < np.where(age > 80, 0.62, 0.495), 2, 1).astype(np.int8)
    pop = cal["pop_2022"].to_numpy()
    migrant_share = np.clip(0.16 + 0.32 * np.minimum(pop / 650_000, 1.0), 0.1, 0.5)[g]
    origin, generation = draw_origin(rng, n, migrant_share)
    track = rng.choice(4, size=n, p=params.TRACK_PROBS).astype(np.int8)
    study_start = (params.TRACK_START[track] + rng.normal(0, 0.5, n)).astype(np.float32)
    study_years = (params.TRACK_YEARS[track] * np.exp(rng.normal(0, 0.25, n))).astype(np.float32)
    w = rng.normal(0, 1, n).astype(np.float32)
    persons = engine.new_persons(
        g,
        birth=birth,
        sex=sex,
        origin=origin,
        generation=generation,
        track=track,
        study_start=study_start,
        study_years=study_years,
        w=w,
        risk=rng.normal(0, 1, n).astype(np.float32),
    )
    P = s.persons

    # nursing homes for the very old
    nh_g = np.repeat(np.arange(G), np.maximum(1, np.round(counts / 2500)).astype(int))
    homes = add_institutions(s, rng, nh_g, NURSING_HOME)
    p_nursing = np.interp(age, [75, 80, 85, 90, 95, 100], [0.0, 0.015, 0.04, 0.09, 0.17, 0.25])
    nursing = rng.random(n) < p_nursing

    # children at home, partners, singles
    at_home = (rng.random(n) < params.at_home_probability(age)) & ~nursing
    adult = ~at_home & ~nursing
    # student cities: many of the young adults living on their own came there to study (hbo/wo)
    weight = np.array([params.STUDENT_CITIES.get(x, 1.0) for x in cal["name"]])[g]
    q = np.clip(params.STUDENT_CITY_INITIAL * (weight - 1.0), 0.0, 0.6)
    sc = persons[adult & (age >= 18) & (age < 25) & (rng.random(n) < q)]
    if len(sc):
        a = age[sc]
        tr = np.where(rng.random(len(sc)) < 0.5, 2, 3).astype(np.int8)
        st = np.clip(rng.normal(18.3, 0.5, len(sc)), 17.5, a - 0.1)
        yrs = params.TRACK_YEARS[tr] * np.exp(rng.normal(0, 0.25, len(sc)))
        yrs = np.maximum(yrs, a - st + 0.3 + rng.random(len(sc)) * 2)  # still studying
        P.track[sc], P.study_start[sc], P.study_years[sc] = tr, st, yrs
    hh_target = cal["households_per_person"].to_numpy() * params.HOUSEHOLD_TARGET_FACTOR * counts
    adults_per_g = np.bincount(g[adult], minlength=G)
    couples = np.clip(np.round(adults_per_g - hh_target), 0, adults_per_g // 2 * 0.9).astype(np.int64)
    pw = np.interp(
        age, [18, 22, 26, 30, 40, 60, 70, 80, 90], [0.05, 0.25, 0.6, 0.85, 0.9, 0.88, 0.8, 0.55, 0.25]
    )
    partnered = np.zeros(n, dtype=bool)
    for sx in (1, 2):
        cand = np.flatnonzero(adult & (sex == sx))
        key = -np.log(rng.random(len(cand))) / np.maximum(pw[cand], 1e-6)  # weighted sampling keys
        take = cand[rank_within(g[cand], key) < couples[g[cand]]]
        partnered[take] = True
    men = np.flatnonzero(partnered & (sex == 1))
    women = np.flatnonzero(partnered & (sex == 2))
    ia, ib = match_within(
        rng,
        G,
        g[men],
        age[men] - 2.0 + rng.normal(0, 3, len(men)),
        g[women],
        age[women] + rng.normal(0, 3, len(women)),
    )
    heads_m, partners_f = men[ia], women[ib]
    swap = rng.random(len(heads_m)) < 0.5
    head_c = np.where(swap, partners_f, heads_m)
    partner_c = np.where(swap, heads_m, partners_f)
    paired = np.zeros(n, dtype=bool)
    paired[head_c] = True
    paired[partner_c] = True
    singles = np.flatnonzero(adult & ~paired)

    # households: one per couple and per single
    hh_heads = np.r_[head_c, singles]
    hh = engine.new_households(g[hh_heads], np.full(len(hh_heads), -1))
    P.hh[hh_heads] = hh
    P.role[hh_heads] = HEAD
    P.hh[partner_c] = hh[: len(head_c)]
    P.role[partner_c] = PARTNER
    s.households.married[hh[: len(head_c)]] = rng.random(len(head_c)) < np.interp(
        age[head_c], [20, 30, 45, 70], [0.2, 0.45, 0.7, 0.85]
    )

    # children to families: couples and single parents whose age fits
    kids = np.flatnonzero(at_home)
    mother_age = np.where(sex[head_c] == 2, age[head_c], age[partner_c])
    fam_c = np.flatnonzero((mother_age > 20) & (mother_age < 62))
    single_ok = singles[(age[singles] > 21) & (age[singles] < 62)]
    single_parent = single_ok[rng.random(len(single_ok)) < np.where(sex[single_ok] == 2, 0.45, 0.12)]
    fam_hh = np.r_[hh[fam_c], P.hh[single_parent]]
    fam_age = np.r_[mother_age[fam_c], age[single_parent]]
    cap = 1 + rng.poisson(1.25, len(fam_hh))
    slot_hh = np.repeat(fam_hh, cap)
    slot_age = np.repeat(fam_age, cap) - positions(cap) * 2.5 if len(cap) else np.zeros(0)
    slot_g = s.households.g[slot_hh]
    ka, kb = match_within(
        rng,
        G,
        g[kids],
        age[kids] + 30.5 + rng.normal(0, 3.5, len(kids)),
        slot_g,
        slot_age + rng.normal(0, 1.0, len(slot_age)),
    )
    P.hh[kids[ka]] = slot_hh[kb]
    P.role[kids[ka]] = CHILD
    orphans = np.setdiff1d(kids, kids[ka])
    young = orphans[age[orphans] >= 18]
    if len(young):  # adult children without a family become singles
        new = engine.new_households(g[young], np.full(len(young), -1))
        P.hh[young] = new
        P.role[young] = HEAD
    minors = orphans[age[orphans] < 18]
    if len(minors):  # remaining minors join a random household of their gemeente
        any_hh = np.flatnonzero(s.households.view("g") >= 0)
        ua, ub = match_within(
            rng,
            G,
            g[minors],
            rng.random(len(minors)),
            np.repeat(s.households.g[any_hh], 3),
            rng.random(len(any_hh) * 3),
        )
        P.hh[minors[ua]] = np.repeat(any_hh, 3)[ub]
        P.role[minors[ua]] = CHILD
        lost = np.setdiff1d(minors, minors[ua])
        if len(lost):
            P.alive[lost] = False  # cannot happen with any household in the gemeente; defensive
            P.exit_day[lost] = START - 1

    # nursing home residents: institutional one-person households
    nurse = np.flatnonzero(nursing)
    home_of = np.zeros(len(nurse), dtype=np.int64)
    if len(nurse):
        hg = s.objects.g[homes]
        per = np.bincount(hg, minlength=G)
        first = np.r_[0, np.cumsum(per)[:-1]]
        home_of = homes[np.argsort(hg, kind="stable")][
            first[g[nurse]] + rng.integers(0, 1 << 30, len(nurse)) % per[g[nurse]]
        ]
    inst = engine.new_households(g[nurse], home_of, institutional=True)
    P.hh[nurse] = inst
    P.role[nurse] = 4
    P.state[nurse] = NURSING

    _initial_permit_holders(engine, cal, scale)

    # house the private households
    H = s.households
    private = np.flatnonzero(~H.view("institutional"))
    members = np.flatnonzero(P.view("alive") & (P.view("hh") >= 0))
    size = np.bincount(P.hh[members], minlength=H.n)
    head_of = np.full(H.n, -1, dtype=np.int64)
    head_of[P.hh[members[P.role[members] == HEAD]]] = members[P.role[members] == HEAD]
    ha = age[head_of[private]]
    couple = size[private] >= 2
    # tenure by rank within the gemeente: lowest scores private rent (young starters), middle
    # corporation, highest owner-occupied; the elderly of corporation-rich cities rent from a corporation
    corp_share = cal["corporation_share"].to_numpy()[H.g[private]]
    elderly_ramp = np.clip((ha - 50) / 20, 0, 1)
    corpiness = np.clip((corp_share - 0.25) / 0.2, 0, 1) * elderly_ramp  # less income-driven there
    score = (
        0.9 * (1 - 0.6 * corpiness) * w[head_of[private]]
        + 0.8 * couple
        + np.interp(ha, [18, 25, 32, 45, 65, 75, 90], [-1.6, -1.1, 0.0, 0.45, 0.45, 0.3, 0.1])
        - np.clip(corp_share - 0.25, 0, None) * 4.0 * elderly_ramp
        + rng.normal(0, 0.45, len(private))
    )
    # the elderly rarely rent privately: lift the lowest elderly scores towards the middle of the
    # gemeente's corporation band (a rank percentile; owners among them keep their place)
    hg = H.g[private]
    pct = (rank_within(hg, score) + 0.5) / np.maximum(np.bincount(hg, minlength=G)[hg], 1)
    private_share = cal["private_share"].to_numpy()[hg]
    centre = private_share + 0.5 * corp_share
    lift = ELDERLY_PRIVATE_LIFT * np.clip((ha - 55) / 15, 0, 1)
    score = np.maximum(pct, pct + lift * (centre - pct))
    initial_stock(s, rng, cal, counts, H.g[private], START)
    OB = s.objects
    res = np.flatnonzero(OB.view("kind") <= 2)
    tenure_rank = np.select([OB.tenure[res] == OWNER, OB.tenure[res] == CORPORATION], [2.0, 1.0], 0.0)
    ha_, hb = match_within(rng, G, H.g[private], score, OB.g[res], tenure_rank + rng.random(len(res)) * 0.5)
    # within (gemeente, tenure) bigger households get bigger dwellings
    hh_sel, ob_sel = private[ha_], res[hb]
    grp = OB.g[ob_sel] * 3 + OB.tenure[ob_sel]
    o1 = np.lexsort((size[hh_sel] + rng.random(len(hh_sel)) * 1.5, grp))
    o2 = np.lexsort((OB.area[ob_sel] + rng.random(len(ob_sel)), grp))
    H.obj[hh_sel[o1]] = ob_sel[o2]
    homeless = private[H.obj[private] < 0]
    if len(homeless):
        raise RuntimeError(f"initial population: {len(homeless)} households without a dwelling")

    # spells: household and address start when the household was formed (before 2017)
    formed = START - (np.exp(rng.normal(np.log(8 * 365), 0.9, H.n))).astype(np.int32)
    youngest = np.full(H.n, -(1 << 30), dtype=np.int64)
    np.maximum.at(youngest, P.hh[members], P.birth[members])
    formed = np.maximum(formed, youngest).astype(np.int32)
    formed = np.minimum(formed, START - 1)
    P.obj[members] = H.obj[P.hh[members]]
    P.addr_start[members] = formed[P.hh[members]]
    engine.recompose(np.arange(H.n), formed)
    _ = persons, CORPORATION


def _initial_permit_holders(engine: Engine, cal: pd.DataFrame, scale: float) -> None:
    """Households who arrived as asylum seekers and got a permit in 2013-2016 (the 2015 wave)."""
    s, rng = engine.s, engine.rng
    P = s.persons
    heads = np.flatnonzero(P.view("alive") & (P.view("role") == HEAD))
    age = (START - P.birth[heads]) / YEAR_DAYS
    heads = heads[(age >= 19) & (age < 55) & (P.origin[heads] != params.country_index(np.array(["NL"]))[0])]
    # per gemeente in proportion to its inhabitants (the taakstelling of those years), whatever the
    # chunk: 0.65% of the inhabitants in households of about 2.2 persons
    inhabitants = np.bincount(P.g[np.flatnonzero(P.view("alive"))], minlength=s.G)
    wanted = stochastic_round(rng, INITIAL_PERMIT_SHARE * inhabitants / 2.2)
    chosen = heads[rank_within(P.g[heads], rng.random(len(heads))) < wanted[P.g[heads]]]
    if len(chosen) == 0:
        return
    permit = (
        START
        - rng.choice([300, 600, 900, 1200], size=len(chosen), p=[0.4, 0.35, 0.15, 0.1])
        - rng.integers(0, 300, len(chosen))
    ).astype(np.int32)
    settle = permit - rng.integers(60, 400, len(chosen)).astype(np.int32)
    w_ = params.ASYLUM_ORIGIN_WEIGHTS / params.ASYLUM_ORIGIN_WEIGHTS.sum()
    codes = params.ASYLUM_ORIGINS[rng.choice(len(w_), len(chosen), p=w_)]
    codes = np.where(np.isin(codes, params.COUNTRIES), codes, "SY")
    origin = params.country_index(codes)
    hh_permit = np.full(s.households.n, -1, dtype=np.int64)
    hh_permit[P.hh[chosen]] = np.arange(len(chosen))
    members = np.flatnonzero(P.view("alive") & (P.view("hh") >= 0))
    members = members[hh_permit[P.hh[members]] >= 0]
    k = hh_permit[P.hh[members]]
    born_here = P.birth[members] > settle[k]
    P.origin[members] = origin[k]
    P.generation[members] = np.where(born_here, 2, 1)
    arrived = members[~born_here]
    ka = k[~born_here]
    P.nationality[arrived] = origin[ka]
    P.settle_day[arrived] = settle[ka]
    P.permit_day[arrived] = permit[ka]
    P.permit_ground[arrived] = 1
    P.w[members] = (P.w[members] - 1.0).astype(np.float32)
    P.track[arrived[(START - P.birth[arrived]) / YEAR_DAYS > 14]] = 0

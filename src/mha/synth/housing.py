"""The object stock of a chunk: dwellings, caravan pitches, houseboats and institutions.

Tenure, dwelling type, floor area, WOZ level and rent follow the gemeente's calibration shares.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mha.synth import params
from mha.synth.state import (
    CARAVAN,
    CARE_HOME,
    COA,
    CORPORATION,
    DWELLING,
    HOUSEBOAT,
    NURSING_HOME,
    OWNER,
    PRISON,
    PRIVATE,
    ChunkState,
)
from mha.synth.util import allocate, normal_cdf, normal_quantile, stochastic_round

USE_CODES = {CARE_HOME: 30, NURSING_HOME: 31, PRISON: 30, COA: 20}


def add_dwellings(
    state: ChunkState,
    rng: np.random.Generator,
    cal: pd.DataFrame,
    g: np.ndarray,
    start_day: np.ndarray | int,
    kind: np.ndarray | int = DWELLING,
    private_liberalised: float = params.PRIVATE_LIBERALISED["stock_2017"],
) -> np.ndarray:
    """Add residential objects in gemeenten `g` (chunk indices) with attributes drawn from `cal`."""
    n = len(g)
    kind = np.broadcast_to(np.asarray(kind, dtype=np.int8), (n,)).copy()
    owner = cal["owner_share"].to_numpy()[g]
    corp = cal["corporation_share"].to_numpy()[g]
    u = rng.random(n)
    tenure = np.where(u < owner, OWNER, np.where(u < owner + corp, CORPORATION, PRIVATE)).astype(np.int8)
    # caravans and houseboats have their own tenure mix
    uc = rng.random(n)
    tenure[kind == CARAVAN] = np.where(uc < 0.2, OWNER, np.where(uc < 0.75, CORPORATION, PRIVATE))[
        kind == CARAVAN
    ]
    tenure[kind == HOUSEBOAT] = np.where(uc < 0.8, OWNER, PRIVATE)[kind == HOUSEBOAT]
    sf_share = cal["single_family_share"].to_numpy()[g]
    factor = np.select([tenure == OWNER, tenure == CORPORATION], [1.3, 0.75], 0.55)
    single = rng.random(n) < np.clip(sf_share * factor, 0.02, 0.97)
    wtype = np.where(single, rng.choice([1, 2, 3, 4], size=n, p=[0.16, 0.16, 0.20, 0.48]), 5).astype(np.int8)
    wtype[rng.random(n) < 0.004] = 99
    median = np.select(
        [single & (tenure == OWNER), single, tenure == OWNER, tenure == CORPORATION],
        [128.0, 98.0, 84.0, 68.0],
        62.0,
    )
    area = np.clip(np.round(median * np.exp(rng.normal(0, 0.27, n))), 18, 600).astype(np.int32)
    woz_factor = (area / 100.0) ** 0.65 * np.exp(rng.normal(0, 0.18, n))
    woz_factor *= np.where(tenure == OWNER, 1.12, np.where(tenure == CORPORATION, 0.78, 0.95))
    rent, liberalised = draw_rents(rng, tenure, area, state.rent_limit, private_liberalised)
    area = np.where(kind == CARAVAN, -1, area)
    wtype = np.where(kind == DWELLING, wtype, 99).astype(np.int8)
    use = np.where(rng.random(n) < 0.03, rng.choice([11, 12], size=n), 10).astype(np.int8)
    numbers = allocate(state.next_object, g)
    return state.objects.append(
        n,
        g=g,
        number=numbers,
        kind=kind,
        tenure=tenure,
        wtype=wtype,
        area=area,
        woz_factor=woz_factor,
        rent_2017=rent,
        liberalised=liberalised,
        start_day=start_day,
        use_code=use,
        unknown_owner=rng.random(n) < 0.004,
    )


def draw_rents(
    rng: np.random.Generator, tenure: np.ndarray, area: np.ndarray, limit: float, private_liberalised: float
) -> tuple[np.ndarray, np.ndarray]:
    """Monthly kale huur on 1 January 2017 (before that July's increase) and the liberalised flag of
    rented dwellings (nan and False for owner-occupied ones); `mha.synth.snapshot.rent_on` moves it
    to each later year.

    Regulated dwellings: log-normal around `params.RENT_2017` (larger dwellings dearer), truncated at
    the liberalisatiegrens `limit` (a regulated rent stays below it). Liberalised dwellings (a share
    `params.CORPORATION_LIBERALISED` of the corporation dwellings drawn, the larger ones; a share
    `private_liberalised` of the private stock): log-normal, truncated below at the limit.
    """
    n = len(tenure)
    rent = np.full(n, np.nan, dtype=np.float32)
    liberalised = np.zeros(n, dtype=bool)
    corp, priv = tenure == CORPORATION, tenure == PRIVATE
    size = np.clip(np.where(area > 0, area, 60), 15, 400) / np.where(corp, *params.RENT_REFERENCE_AREA)
    # the corporations' liberalised dwellings: the largest (with some noise) of the batch
    c = np.flatnonzero(corp)
    n_free = stochastic_round(rng, np.array([params.CORPORATION_LIBERALISED * len(c)]))[0]
    key = size[c] * np.exp(rng.normal(0, 0.25, len(c)))
    liberalised[c[np.argsort(-key, kind="stable")[:n_free]]] = True
    liberalised[priv] = rng.random(int(priv.sum())) < private_liberalised
    for sector, mask in (("corporation", corp), ("private", priv)):
        for free in (False, True):
            sel = mask & (liberalised == free)
            if not sel.any():
                continue
            median, sigma, elasticity = params.RENT_2017["liberalised" if free else sector]
            centre = median * size[sel] ** elasticity
            z_limit = np.log(limit / centre) / sigma
            cdf = normal_cdf(z_limit)
            u = rng.random(int(sel.sum()))
            u = cdf + u * (1 - cdf) if free else u * cdf  # above or below the limit
            rent[sel] = centre * np.exp(sigma * normal_quantile(np.clip(u, 1e-6, 1 - 1e-6)))
    return rent, liberalised


def add_institutions(
    state: ChunkState,
    rng: np.random.Generator,
    g: np.ndarray,
    kind: int,
    foreign: bool = False,
    numbers: np.ndarray | None = None,
) -> np.ndarray:
    n = len(g)
    if numbers is None:
        numbers = allocate(state.next_object, g)
    area = np.round(np.exp(rng.normal(np.log(2500), 0.5, n))).astype(np.int32)
    return state.objects.append(
        n,
        g=g,
        number=numbers,
        kind=kind,
        foreign=foreign,
        use_code=USE_CODES[kind],
        tenure=PRIVATE,
        wtype=99,
        area=area,
        woz_factor=area / 100.0,
        start_day=0,
    )


def initial_stock(
    state: ChunkState,
    rng: np.random.Generator,
    cal: pd.DataFrame,
    persons: np.ndarray,
    households: np.ndarray,
    start_day: int,
) -> None:
    """Dwellings per gemeente: the calibration stock, at least 3% more than the households."""
    per_g_hh = np.bincount(households, minlength=state.G)
    target = np.maximum(cal["dwellings_per_person"].to_numpy() * persons, per_g_hh * 1.035 + 1)
    total = stochastic_round(rng, target)
    caravans = stochastic_round(rng, total * 0.00075 * rng.gamma(2.0, 0.5, state.G))
    boat_rate = np.where(
        cal["name"].isin(["Amsterdam", "Utrecht", "Leiden", "Zaanstad"]).to_numpy(), 0.004, 0.0003
    )
    boats = stochastic_round(rng, total * boat_rate)
    g_all = np.repeat(np.arange(state.G), total)
    kind = np.full(len(g_all), DWELLING, dtype=np.int8)
    first = np.r_[0, np.cumsum(total)[:-1]]
    for gi in range(state.G):
        k = min(caravans[gi] + boats[gi], max(total[gi] - per_g_hh[gi] - 1, 0) + total[gi] // 20)
        c = min(caravans[gi], k)
        kind[first[gi] : first[gi] + c] = CARAVAN
        kind[first[gi] + c : first[gi] + k] = HOUSEBOAT
    add_dwellings(state, rng, cal, g_all, start_day - rng.integers(0, 365 * 60, len(g_all)), kind)

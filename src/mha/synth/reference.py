"""The reference facts the twin is calibrated on, read from the project's seeds (`seeds/reference/`).

`load_reference()` turns the seeds into one table per 2023 gemeente (population per year, KWB
structure) plus the boundary history needed for VSLGWBTAB. `stand_in_reference()` builds a tiny
world in memory (a dozen gemeenten, including Rotterdam, Westerwolde, the Haaren split and a few
mergers) for fast tests that must not depend on the gemeente seeds (it still reads the rent limits and
the EU/EFTA nationalities, facts with one definition in the seeds).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from mha.layouts import PROJECT_DIR

SEED_DIR = PROJECT_DIR / "seeds" / "reference"


def _report_years() -> tuple[int, ...]:
    """The monitor's report years: dbt var `report_years` in dbt_project.yml (their one definition)."""
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return tuple(sorted(int(y) for y in project["vars"]["report_years"]))


REPORT_YEARS = _report_years()
# calendar years simulated: from the year before the first report year (so that its 1 January has a history)
SIM_YEARS = tuple(range(REPORT_YEARS[0] - 1, REPORT_YEARS[-1] + 1))
# file years of the 1-January snapshot tables (EIGENDOMTAB, BAGWOZTAB, HUURTAB): report year Y reads Y + 1
SNAPSHOT_YEARS = tuple(range(REPORT_YEARS[0], REPORT_YEARS[-1] + 2))
BOUNDARY_YEARS = REPORT_YEARS  # gem<yyyy> columns of VSLGWBTAB

# National population on 1 January: the one definition (SPEC section 10; 2017 from CBS StatLine 37296ned).
# The generator scales every gemeente to it; `mha.realism` checks the warehouse against it.
NATIONAL_POPULATION = {
    2017: 17_081_507,
    2018: 17_181_084,
    2019: 17_282_163,
    2020: 17_407_585,
    2021: 17_475_415,
    2022: 17_590_672,
    2023: 17_811_291,
    2024: 17_942_942,
}

# National structure used where a gemeente lacks a calibration value (KWB 2022 national figures).
NATIONAL_DEFAULTS = {
    "p_00_14": 0.155,
    "p_15_24": 0.122,
    "p_25_44": 0.250,
    "p_45_64": 0.272,
    "p_65_oo": 0.201,
    "households_per_person": 0.460,
    "one_person_share": 0.385,
    "dwellings_per_person": 0.460,
    "woz": 310_000.0,
    "owner_share": 0.57,
    "corporation_share": 0.29,
    "single_family_share": 0.64,
}

CALIBRATION_COLUMNS = {
    # our name: candidate column names in the seed (first found wins)
    "p_00_14": ("p_age_00_14", "p_00_14", "share_age_0_14", "age_0_14_share", "pct_age_0_14"),
    "p_15_24": ("p_age_15_24", "p_15_24", "share_age_15_24", "age_15_24_share", "pct_age_15_24"),
    "p_25_44": ("p_age_25_44", "p_25_44", "share_age_25_44", "age_25_44_share", "pct_age_25_44"),
    "p_45_64": ("p_age_45_64", "p_45_64", "share_age_45_64", "age_45_64_share", "pct_age_45_64"),
    "p_65_oo": ("p_age_65_plus", "p_65_oo", "share_age_65_plus", "age_65_plus_share", "pct_age_65_plus"),
    "households": ("a_hh", "households", "private_households", "n_households"),
    "one_person_share": (
        "p_one_person_households",
        "p_1p_hh",
        "one_person_share",
        "share_one_person_households",
        "pct_one_person",
    ),
    "dwellings": ("a_woning", "dwellings", "dwelling_stock", "n_dwellings"),
    "woz": ("avg_woz_thousands", "g_woz", "avg_woz", "average_woz", "woz_average", "avg_woz_value"),
    "owner_share": (
        "p_owner_occupied",
        "p_koopw",
        "owner_share",
        "share_owner_occupied",
        "pct_owner_occupied",
    ),
    "rented_share": ("p_rented", "p_huurw", "rented_share", "share_rented", "pct_rented"),
    "corporation_share": (
        "p_corporation",
        "p_wcorpw",
        "corporation_share",
        "share_corporation",
        "pct_corporation",
    ),
    "single_family_share": (
        "p_single_family",
        "p_1gezw",
        "single_family_share",
        "share_single_family",
        "pct_single_family",
    ),
    "inhabitants": ("a_inw", "inhabitants", "population"),
}


@dataclass
class Reference:
    """Per 2023 gemeente: population per year and calibration; boundary leaves for VSLGWBTAB."""

    gemeenten: pd.DataFrame  # index 0..G-1; columns code4, name, pop_<yyyy>, calibration columns
    leaves: pd.DataFrame  # gemeente index, weight, gem2018..gem2023 (codes in each year's boundaries)
    code_lists: dict[str, set[str]] = field(default_factory=dict)
    limits: pd.DataFrame = field(default_factory=lambda: read_limits())  # seed `limits`, indexed by year
    eu_efta: frozenset[str] = field(default_factory=lambda: read_eu_efta())  # seed code_nationalities

    @property
    def n(self) -> int:
        return len(self.gemeenten)

    def index_of(self, code4: str) -> int | None:
        hits = np.flatnonzero(self.gemeenten["code4"].to_numpy() == code4)
        return int(hits[0]) if len(hits) else None


def _code4(values: pd.Series) -> pd.Series:
    text = values.astype(str).str.strip().str.upper().str.replace("GM", "", regex=False)
    return text.str.zfill(4)


def _fraction(series: pd.Series) -> pd.Series:
    """Shares may be written as percentages (0-100) or fractions (0-1)."""
    s = pd.to_numeric(series, errors="coerce")
    if s.dropna().gt(1.5).any():
        s = s / 100.0
    return s


def _pick(frame: pd.DataFrame, names: tuple[str, ...]) -> pd.Series | None:
    lower = {c.lower(): c for c in frame.columns}
    for name in names:
        if name.lower() in lower:
            return frame[lower[name.lower()]]
    return None


def build_reference(
    gemeenten: pd.DataFrame,
    gemeenten_per_year: pd.DataFrame,
    herindelingen: pd.DataFrame,
    population: pd.DataFrame,
    calibration: pd.DataFrame,
    code_lists: dict[str, set[str]] | None = None,
    national_factor: float = 1.0,
) -> Reference:
    """Combine the seed tables into a Reference (all codes normalised to 4 digits)."""
    gem = pd.DataFrame(
        {"code4": _code4(gemeenten["gemeente_code"]), "name": gemeenten["gemeente_name"].astype(str)}
    )
    gem = gem.drop_duplicates("code4").sort_values("code4").reset_index(drop=True)
    codes = gem["code4"].tolist()

    # population per year: shares interpolated between known years, scaled to national totals
    pop = population.copy()
    pop["code4"] = _code4(pop["gemeente_code"])
    pop["year"] = pd.to_numeric(pop["year"]).astype(int)
    pop["inhabitants"] = pd.to_numeric(pop["inhabitants"], errors="coerce")
    wide = pop.pivot_table(index="code4", columns="year", values="inhabitants", aggfunc="sum")
    wide = wide.reindex(codes)
    known_years = [y for y in wide.columns if wide[y].notna().sum() > 0.9 * len(codes)]
    if not known_years:
        raise ValueError("seed gemeente_population: no year with inhabitants for (nearly) every gemeente")
    shares = {y: (wide[y] / wide[y].sum()).to_numpy() for y in known_years}
    share_matrix = np.vstack([shares[y] for y in known_years])
    fallback = np.nanmean(share_matrix, axis=0)
    for y in known_years:
        shares[y] = np.where(np.isnan(shares[y]), fallback, shares[y])
    for year in sorted(NATIONAL_POPULATION):
        ys = np.array(sorted(known_years))
        if year in shares:
            s = shares[year]
        elif year < ys[0]:
            s = shares[ys[0]]
        elif year > ys[-1]:
            s = shares[ys[-1]]
        else:
            lo, hi = ys[ys < year][-1], ys[ys > year][0]
            t = (year - lo) / (hi - lo)
            s = (1 - t) * shares[lo] + t * shares[hi]
        s = np.where(np.isnan(s), 0.0, s)
        gem[f"pop_{year}"] = s / s.sum() * NATIONAL_POPULATION[year] * national_factor

    # calibration: the latest year that has a value, per column
    cal = calibration.copy()
    cal["code4"] = _code4(cal["gemeente_code"])
    cal["year"] = pd.to_numeric(cal["year"]).astype(int)
    cal = cal.sort_values(["code4", "year"])
    for ours, names in CALIBRATION_COLUMNS.items():
        column = _pick(cal, names)
        if column is None:
            gem[ours] = np.nan
            continue
        values = pd.to_numeric(column, errors="coerce")
        if ours.endswith("share") or ours.startswith("p_"):
            values = _fraction(column)
        known = pd.DataFrame({"code4": cal["code4"], "year": cal["year"], "v": values}).dropna()
        by = known.groupby("code4")
        latest = by["v"].last()
        gem[ours] = gem["code4"].map(latest)
        if ours.startswith("p_"):
            gem[f"first_{ours}"] = gem["code4"].map(by["v"].first())
            gem[f"first_year_{ours}"] = gem["code4"].map(by["year"].first())
            gem[f"last_year_{ours}"] = gem["code4"].map(by["year"].last())
    gem = _fill_calibration(gem)
    gem = _start_age_bands(gem)

    leaves = _boundary_leaves(gem, gemeenten_per_year, herindelingen)
    return Reference(gemeenten=gem, leaves=leaves, code_lists=code_lists or {})


AGE_BANDS = ("p_00_14", "p_15_24", "p_25_44", "p_45_64", "p_65_oo")
START_YEAR = SIM_YEARS[0]
# the calibration shares are whole percentages: back-casting moves a band by at most this much
MAX_BAND_SHIFT = 0.02


def _start_age_bands(gem: pd.DataFrame) -> pd.DataFrame:
    """Age-band shares on 1 January 2017 (`start_p_*`), back-cast from the earliest and latest KWB year.

    The KWB bands of the latest year describe 2022-2023; the population of 2017 was younger (the 65+
    share grows by about 0.3 points a year), so the trend between the earliest and the latest year is
    extended back to 2017 (at most MAX_BAND_SHIFT per band; without two years, the latest shares).
    """
    start = {}
    for col in AGE_BANDS:
        first = gem.get(f"first_{col}")
        y0, y1 = gem.get(f"first_year_{col}"), gem.get(f"last_year_{col}")
        if first is None or y0 is None or y1 is None:
            start[col] = gem[col].to_numpy()
            continue
        last_raw = gem[col].to_numpy()  # normalised latest shares
        f = first.to_numpy(dtype=float)
        a, b = y0.to_numpy(dtype=float), y1.to_numpy(dtype=float)
        span = b - a
        ok = np.isfinite(f) & np.isfinite(span) & (span > 0)
        slope = np.where(ok, (last_raw - np.where(ok, f, 0.0)) / np.where(ok, span, 1.0), 0.0)
        at_first = np.where(ok, f, last_raw)
        back = np.where(ok, a - START_YEAR, 0.0)
        shift = np.clip(-slope * back, -MAX_BAND_SHIFT, MAX_BAND_SHIFT)
        start[col] = np.clip(at_first + shift, 0.005, None)
        gem = gem.drop(columns=[f"first_{col}", f"first_year_{col}", f"last_year_{col}"])
    total = sum(start.values())
    for col in AGE_BANDS:
        gem[f"start_{col}"] = start[col] / total
    return gem


def _fill_calibration(gem: pd.DataFrame) -> pd.DataFrame:
    pop = gem["pop_2022"]
    d = NATIONAL_DEFAULTS
    for col in ("p_00_14", "p_15_24", "p_25_44", "p_45_64", "p_65_oo"):
        gem[col] = gem[col].fillna(d[col])
    ages = gem[["p_00_14", "p_15_24", "p_25_44", "p_45_64", "p_65_oo"]]
    gem[ages.columns] = ages.div(ages.sum(axis=1), axis=0)
    if gem["woz"].notna().any() and gem["woz"].dropna().median() < 5_000:
        gem["woz"] = gem["woz"] * 1000.0  # KWB gives WOZ in thousands of euros
    gem["woz"] = gem["woz"].fillna(d["woz"])
    gem["households"] = gem["households"].fillna(pop * d["households_per_person"])
    gem["dwellings"] = gem["dwellings"].fillna(pop * d["dwellings_per_person"])
    gem["one_person_share"] = gem["one_person_share"].fillna(d["one_person_share"])
    gem["owner_share"] = gem["owner_share"].fillna(d["owner_share"])
    rented = gem["rented_share"].fillna(1 - gem["owner_share"])
    corp = gem["corporation_share"]
    corp = corp.fillna(rented * d["corporation_share"] / (1 - d["owner_share"]))
    gem["corporation_share"] = np.minimum(corp, rented)
    gem["private_share"] = np.maximum(rented - gem["corporation_share"], 0.02)
    total = gem["owner_share"] + gem["corporation_share"] + gem["private_share"]
    for col in ("owner_share", "corporation_share", "private_share"):
        gem[col] = gem[col] / total
    gem["single_family_share"] = gem["single_family_share"].fillna(d["single_family_share"])
    # relative to the gemeente's inhabitants in the calibration year (2022 as the common base)
    inh = gem["inhabitants"].where(gem["inhabitants"] > 0, pop)
    gem["households_per_person"] = gem["households"] / inh
    gem["dwellings_per_person"] = gem["dwellings"] / inh
    return gem


def _boundary_leaves(gem: pd.DataFrame, per_year: pd.DataFrame, herindelingen: pd.DataFrame) -> pd.DataFrame:
    """For each 2023 gemeente, the codes its objects had in earlier boundaries, with weights.

    A leaf is one path of codes 2018 -> 2023 (forward through the herindelingen); a gemeente that was
    split (Haaren 2021) yields one leaf per receiving gemeente. Weights: the predecessor's population
    where the seeds know it (a year-level population of the old code), else a typical 20,000.
    """
    py = per_year.copy()
    py["code4"] = _code4(py["gemeente_code"])
    py["year"] = pd.to_numeric(py["year"]).astype(int)
    active = {y: set(py.loc[py["year"] == y, "code4"]) for y in BOUNDARY_YEARS}
    her = herindelingen.copy()
    her["old"] = _code4(her["old_gemeente_code"])
    her["new"] = _code4(her["new_gemeente_code"])
    her["date"] = pd.to_datetime(her["effective_date"]).dt.date
    kind = her["kind"].astype(str).str.lower() if "kind" in her else pd.Series("", index=her.index)
    her["is_split"] = kind.str.contains("split")
    pop_cols = [c for c in py.columns if c.lower() in ("inhabitants", "population", "a_inw")]
    known_pop: dict[str, float] = {}
    if pop_cols:
        values = pd.to_numeric(py[pop_cols[0]], errors="coerce")
        for code, value in zip(py["code4"], values, strict=True):
            if value == value and value > 0:
                known_pop[code] = max(known_pop.get(code, 0.0), float(value))
    pop2023 = dict(zip(gem["code4"], gem["pop_2018"], strict=True))

    def weight_of(code: str) -> float:
        return known_pop.get(code) or pop2023.get(code) or 20_000.0

    # forward paths from every 2018 code
    paths: list[tuple[list[str], float]] = [
        ([c], weight_of(c)) for c in sorted(active[2018] or set(gem["code4"]))
    ]
    for year in BOUNDARY_YEARS[1:]:
        lo = pd.Timestamp(year - 1, 1, 1).date()
        hi = pd.Timestamp(year, 1, 1).date()
        step = her[(her["date"] > lo) & (her["date"] <= hi)]
        moves: dict[str, tuple[list[str], bool]] = {}
        for old_code, new_code, is_split in zip(step["old"], step["new"], step["is_split"], strict=True):
            dests_, split_ = moves.get(old_code, ([], False))
            moves[old_code] = ([*dests_, new_code], split_ or bool(is_split))
        new_paths = []
        for path, w in paths:
            code = path[-1]
            if code not in moves:
                new_paths.append((path + [code], w))
                continue
            dests, split = moves[code]
            if split and len(dests) > 1:
                # a split: equal parts to each receiving gemeente (their sizes are not in the seeds)
                for d in dests:
                    new_paths.append((path + [d], w / len(dests)))
            else:
                new_paths.append((path + [dests[0]], w))
        paths = new_paths
    index = {c: i for i, c in enumerate(gem["code4"])}
    rows = []
    for path, w in paths:
        end = path[-1]
        if end in index:
            rows.append([index[end], w, *path])
    covered = {r[0] for r in rows}
    for code, i in index.items():  # 2023 gemeenten without a 2018 path keep their own code
        if i not in covered:
            rows.append([i, 1.0, *([code] * len(BOUNDARY_YEARS))])
    leaves = pd.DataFrame(rows, columns=["g", "weight", *[f"gem{y}" for y in BOUNDARY_YEARS]])
    # weights as fractions within each 2023 gemeente
    leaves["weight"] = leaves["weight"] / leaves.groupby("g")["weight"].transform("sum")
    return leaves.sort_values(["g", "gem2018", "gem2022"]).reset_index(drop=True)


def _read_seed(name: str, seed_dir: Path) -> pd.DataFrame:
    path = seed_dir / f"{name}.csv"
    if not path.exists():
        raise FileNotFoundError(f"reference seed {path} is missing: the generator needs it")
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])


def read_limits(seed_dir: str | Path | None = None) -> pd.DataFrame:
    """The rent and NHG limits per year (seed `limits`, SPEC section 6), indexed by year."""
    frame = _read_seed("limits", Path(seed_dir) if seed_dir is not None else SEED_DIR)
    frame = frame.apply(pd.to_numeric)
    return frame.astype({"year": int}).set_index("year").sort_index()


def read_eu_efta(seed_dir: str | Path | None = None) -> frozenset[str]:
    """Nationality codes of the EU and EFTA countries (seed code_nationalities, `is_eu_efta`)."""
    frame = _read_seed("code_nationalities", Path(seed_dir) if seed_dir is not None else SEED_DIR)
    return frozenset(frame.loc[frame["is_eu_efta"].str.lower() == "true", "code"])


def load_reference(seed_dir: str | Path | None = None) -> Reference:
    """Read the reference seeds of the project."""
    root = Path(seed_dir) if seed_dir is not None else SEED_DIR
    code_lists: dict[str, set[str]] = {}
    for path in sorted(root.glob("code_*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        if "code" in frame:
            code_lists[path.stem.removeprefix("code_")] = set(frame["code"])
    reference = build_reference(
        _read_seed("gemeenten", root),
        _read_seed("gemeenten_per_year", root),
        _read_seed("herindelingen", root),
        _read_seed("gemeente_population", root),
        _read_seed("gemeente_calibration", root),
        code_lists,
    )
    reference.limits = read_limits(root)
    reference.eu_efta = read_eu_efta(root)
    return reference


# --- a tiny world for tests -------------------------------------------------------------------

_STAND_IN_GEMEENTEN = """\
gemeente_code,gemeente_name,pop2019,pop2023,p_00_14,p_15_24,p_25_44,p_45_64,p_65_oo,\
a_hh,p_1p_hh,a_woning,g_woz,p_koopw,p_huurw,p_wcorpw,p_1gezw
GM0014,Groningen,229962,238147,12,23,29,22,14,141000,58,128000,219,38,62,37,35
GM0363,Amsterdam,862965,918117,15,12,35,24,14,530000,55,447000,503,31,69,37,14
GM0599,Rotterdam,644618,655468,16,13,30,24,16,353000,51,325000,238,37,63,42,27
GM0757,Boxtel,30672,34090,15,11,23,30,21,14300,31,14800,312,63,37,29,74
GM0824,Oisterwijk,26158,32350,16,11,20,31,22,13500,27,13600,391,72,28,22,79
GM0855,Tilburg,217259,224702,15,15,27,25,18,104000,44,100000,247,48,52,32,55
GM0865,Vught,26700,32020,16,11,20,29,24,13300,31,13600,448,65,35,28,70
GM1783,Westland,110000,112998,18,12,25,28,18,44000,28,45000,333,66,34,28,76
GM1950,Westerwolde,24700,25960,13,10,19,30,28,11300,33,11800,166,71,29,22,86
GM1979,Eemsdelta,45000,45277,13,10,21,30,26,21000,34,22000,155,62,38,30,78
GM0344,Utrecht,352866,367984,17,17,33,21,12,180000,49,160000,330,44,56,33,35
GM0983,Venlo,101192,102000,14,11,24,29,22,48000,37,49000,220,55,45,33,63
"""

_STAND_IN_HERINDELINGEN = """\
effective_date,old_gemeente_code,old_gemeente_name,\
new_gemeente_code,new_gemeente_name,kind
2019-01-01,GM0009,Ten Boer,GM0014,Groningen,merger
2019-01-01,GM0017,Haren,GM0014,Groningen,merger
2021-01-01,GM0003,Appingedam,GM1979,Eemsdelta,merger
2021-01-01,GM0010,Delfzijl,GM1979,Eemsdelta,merger
2021-01-01,GM0024,Loppersum,GM1979,Eemsdelta,merger
2021-01-01,GM0788,Haaren,GM0757,Boxtel,split
2021-01-01,GM0788,Haaren,GM0824,Oisterwijk,split
2021-01-01,GM0788,Haaren,GM0855,Tilburg,split
2021-01-01,GM0788,Haaren,GM0865,Vught,split
2022-03-24,GM0457,Weesp,GM0363,Amsterdam,absorbed
"""


def stand_in_reference() -> Reference:
    """A dozen real gemeenten with rounded real structure: enough to exercise every code path."""
    base = pd.read_csv(io.StringIO(_STAND_IN_GEMEENTEN), dtype={"gemeente_code": str})
    her = pd.read_csv(io.StringIO(_STAND_IN_HERINDELINGEN), dtype=str)
    gemeenten = base[["gemeente_code", "gemeente_name"]]
    population = pd.concat(
        [
            pd.DataFrame(
                {"year": 2019, "gemeente_code": base["gemeente_code"], "inhabitants": base["pop2019"]}
            ),
            pd.DataFrame(
                {"year": 2023, "gemeente_code": base["gemeente_code"], "inhabitants": base["pop2023"]}
            ),
        ]
    )
    calibration = base.drop(columns=["pop2019", "gemeente_name"]).assign(year=2022, a_inw=base["pop2023"])
    current = set(gemeenten["gemeente_code"])
    rows = []
    for year in BOUNDARY_YEARS:
        codes = set(current)
        for _, r in her.iterrows():
            if pd.Timestamp(r["effective_date"]) > pd.Timestamp(year, 1, 1):
                codes.add(r["old_gemeente_code"])
                if r["kind"] == "merger" and r["new_gemeente_code"] not in ("GM0014",):
                    codes.discard(r["new_gemeente_code"])
        rows += [{"year": year, "gemeente_code": c, "gemeente_name": c} for c in sorted(codes)]
    per_year = pd.DataFrame(rows)
    factor = base["pop2023"].sum() / NATIONAL_POPULATION[2023]
    return build_reference(gemeenten, per_year, her, population, calibration, national_factor=factor)

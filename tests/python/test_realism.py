"""`mha realism`: the deviations it reports are computed from the warehouse, and misses fail it."""

from __future__ import annotations

import duckdb
import pytest

from mha import realism
from mha.synth.reference import REPORT_YEARS


def build(
    path,
    rotterdam_factor: float = 1.0,
    big_share_shift: float = 0.0,
    released_lettings: int = 100,
    corporation_increase_2022: float = 0.026,
):
    """A warehouse with two gemeenten (Rotterdam and Westland) whose population shares are known, the
    Rotterdam figures of the SPEC multiplied by `rotterdam_factor`, 200,000 corporation lettings a year
    (12,000 to permit holders, `released_lettings` to released detainees) and a rented stock whose
    rents are known: 20 corporation and 10 private woonruimten."""
    con = duckdb.connect(str(path))
    con.execute("create schema cubes; create schema reference; create schema marts")
    con.execute(
        "create table cubes.cube_counts (report_year int, geo_level varchar, area_code varchar,"
        " group_code varchar, subgroup_code varchar, unit varchar, dimension_code varchar,"
        " category_code varchar, n bigint)"
    )
    rows = []
    for year in REPORT_YEARS:
        nl = realism.NATIONAL_POPULATION[year + 1]
        rows.append((year, "nederland", "NL01", "population", "total", "persons", "total", "total", nl))
        # real shares 3/4 and 1/4; the twin moves `big_share_shift` of the total from Westland to Rotterdam
        rot = round(nl * (0.75 + big_share_shift))
        rows.append((year, "gemeente", "GM0599", "population", "total", "persons", "total", "total", rot))
        rows.append(
            (year, "gemeente", "GM1783", "population", "total", "persons", "total", "total", nl - rot)
        )
        for group, n in (("all", 200_000), ("permit_holders", 12_000), ("ex_detainees", released_lettings)):
            rows.append((year, "nederland", "NL01", group, "total", "lettings", "sector", "corporatie", n))
        # Rotterdam's released detainees as in the SPEC, every year: 545, of whom 65 koop, 255 corporatie,
        # 90 private huur (and 135 not in a dwelling of known tenure)
        for category, n in (("total", 545), ("koop", 65), ("corporatie", 255), ("private_huur", 90)):
            dimension = "total" if category == "total" else "tenure"
            rows.append(
                (year, "gemeente", "GM0599", "ex_detainees", "total", "persons", dimension, category, n)
            )
    for group, subgroup, category, target in realism.ROTTERDAM_2021:
        dimension = "total" if category == "total" else "tenure"
        n = round(target * rotterdam_factor)
        if group == "ex_detainees":
            continue  # the rows above
        rows.append((2021, "gemeente", "GM0599", group, subgroup, "persons", dimension, category, n))
    rows.append((2021, "gemeente", "GM1950", "permit_holders", "c", "persons", "total", "total", 1_000))
    con.executemany("insert into cubes.cube_counts values (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    # rents: 20 corporation woonruimten, one above the liberalisatiegrens; 10 private, 5 above
    con.execute(
        "create table marts.dwelling_years (report_year int, object_key bigint, tenure varchar,"
        " kale_huur double, rent_band_monitor varchar, has_private_household boolean, household_count int)"
    )
    dwellings = []
    for i in range(20):
        rent_2021 = 900.0 if i == 0 else 500.0 + i
        for year, rent in ((2021, rent_2021), (2022, rent_2021 * (1 + corporation_increase_2022))):
            band = (
                "boven_liberalisatiegrens" if rent > 800 else "kwaliteitskortingsgrens_hoge_aftoppingsgrens"
            )
            dwellings.append((year, 1_000 + i, "corporatie", rent, band, True, 1))
        dwellings.append((2023, 1_000 + i, "corporatie", 582.0, "x", True, 1))
    for i in range(10):
        band = "boven_liberalisatiegrens" if i < 5 else "hoge_aftoppingsgrens_liberalisatiegrens"
        dwellings.append((2021, 2_000 + i, "private_huur", 700.0 + 100 * (i < 5), band, True, 1))
    con.executemany("insert into marts.dwelling_years values (?, ?, ?, ?, ?, ?, ?)", dwellings)
    con.execute(
        "create table reference.gemeente_population as select * from (values"
        " (2022, 'GM0599', 750000), (2022, 'GM1783', 250000)) as t(year, gemeente_code, inhabitants)"
    )
    con.execute(
        "create table reference.gemeenten as select * from (values ('GM0599', 'Rotterdam'),"
        " ('GM1783', 'Westland')) as t(gemeente_code, gemeente_name)"
    )
    con.close()


def run(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        checks, gemeenten = realism.measure(con, 1.0)
    finally:
        con.close()
    return {c.figure: c for c in checks}, gemeenten


def test_on_target_passes_and_shares_are_compared(tmp_path):
    build(tmp_path / "w.duckdb", big_share_shift=0.015)
    checks, gemeenten = run(tmp_path / "w.duckdb")
    assert checks["population 1-1-2022"].ok and checks["Rotterdam 2021 students uitwonend"].ok
    assert checks["Rotterdam 2021 ex_detainees"].ok
    assert checks["Westerwolde 2021 permit_holders c (in a COA)"].deviation == pytest.approx(1000 / 1085 - 1)
    deviation = {code: d for code, _, _, _, d in gemeenten}
    # Rotterdam 76.5% of the twin against 75% real: +2%; Westland 23.5% against 25%: -6%
    assert deviation["GM0599"] == pytest.approx(0.02, abs=1e-6)
    assert deviation["GM1783"] == pytest.approx(-0.06, abs=1e-6)
    _, ok = realism.report(list(checks.values()), gemeenten, 1.0)
    assert not ok  # Westland is beyond 5%


def test_a_missed_city_figure_fails(tmp_path):
    build(tmp_path / "w.duckdb", rotterdam_factor=1.12)
    checks, gemeenten = run(tmp_path / "w.duckdb")
    assert checks["Rotterdam 2021 elderly"].ok is False
    assert checks["Rotterdam 2021 elderly"].deviation == pytest.approx(0.12, abs=1e-4)
    text, ok = realism.report(list(checks.values()), gemeenten, 1.0)
    assert not ok and "**no**" in text


def test_shares_in_points_bounds_and_rents(tmp_path):
    build(tmp_path / "w.duckdb")
    checks, _ = run(tmp_path / "w.duckdb")
    permit = checks["... to permit holders 2021 (%)"]  # 12,000 of 200,000 = 6.0%
    assert permit.twin == pytest.approx(6.0) and permit.ok
    assert checks["... to permit holders 2022 (%)"].deviation == pytest.approx(-1.0)  # 6% against 7%
    # Rotterdam's released detainees, every year together: 255 of 545 in a corporation dwelling, 135 not
    # in a dwelling of known tenure
    assert checks["Rotterdam ex_detainees corporatie (%, 2018-2023)"].twin == pytest.approx(100 * 255 / 545)
    rest = checks["Rotterdam ex_detainees not in a dwelling of known tenure (%, 2018-2023)"]
    assert rest.twin == pytest.approx(100 * 135 / 545) and rest.ok
    assert checks["corporation lettings to ex_detainees 2021"].ok
    assert checks["corporation woonruimten above the liberalisatiegrens (%, 2021)"].twin == pytest.approx(5.0)
    assert checks["private woonruimten above the liberalisatiegrens (%, 2021)"].twin == pytest.approx(50.0)
    assert checks["mean corporation kale huur 31-12-2023 (EUR)"].ok
    increase = checks["corporation rent increase 1 July 2022 (same dwellings, %)"]
    assert increase.twin == pytest.approx(2.6) and increase.ok


def test_too_many_lettings_to_released_detainees_and_a_wrong_increase_fail(tmp_path):
    build(tmp_path / "w.duckdb", released_lettings=6_000, corporation_increase_2022=0.04)
    checks, gemeenten = run(tmp_path / "w.duckdb")
    assert checks["corporation lettings to ex_detainees 2021"].ok is False
    assert checks["corporation rent increase 1 July 2022 (same dwellings, %)"].ok is False
    text, ok = realism.report(list(checks.values()), gemeenten, 1.0)
    assert not ok and "at most" in text

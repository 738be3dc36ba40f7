"""`mha realism`: the deviations it reports are computed from the warehouse, and misses fail it."""

from __future__ import annotations

import duckdb
import pytest

from mha import realism
from mha.synth.reference import REPORT_YEARS


def build(path, rotterdam_factor: float = 1.0, big_share_shift: float = 0.0):
    """A warehouse with two gemeenten (Rotterdam and Westland) whose population shares are known, and
    the Rotterdam figures of the SPEC multiplied by `rotterdam_factor`."""
    con = duckdb.connect(str(path))
    con.execute("create schema cubes; create schema reference")
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
    for group, subgroup, category, target in realism.ROTTERDAM_2021:
        dimension = "total" if category == "total" else "tenure"
        n = round(target * rotterdam_factor)
        rows.append((2021, "gemeente", "GM0599", group, subgroup, "persons", dimension, category, n))
    con.executemany("insert into cubes.cube_counts values (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
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

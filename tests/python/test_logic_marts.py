"""The marts against independent computations: the generator's own summary and pandas over raw Parquet.

The module fixture reuses the warehouse of `make test` (MHA_WAREHOUSE built from MHA_RAW_DIR) when it
holds the marts; otherwise it seeds and runs the models up to the marts from the session's generated
raw set (scale 0.001) into a scratch directory. The checks here do not reuse the dbt SQL: counts come
from the generator's `_summary.json` (its own simulation state) or are recomputed with pandas.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

pytestmark = pytest.mark.slow

REPORT_YEARS = range(2018, 2024)
# Groups whose definition the generator's summary applies as the monitor does.
EXACT_GROUPS = ["students", "ex_detainees", "permit_holders", "caravan_dwellers", "care_leavers"]


def _warehouse_has_marts(path: Path) -> bool:
    if not path.is_file():
        return False
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            tables = con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
    except duckdb.Error:
        return False
    return {"person_years", "letting_years"} <= {name for (name,) in tables}


@pytest.fixture(scope="module")
def built(request, tmp_path_factory: pytest.TempPathFactory, dbt_runner) -> dict[str, Path]:
    warehouse = Path(os.environ.get("MHA_WAREHOUSE", "/nonexistent"))
    raw = Path(os.environ.get("MHA_RAW_DIR", "/nonexistent"))
    data_dir = tmp_path_factory.mktemp("logic")
    if (raw / "_summary.json").is_file() and _warehouse_has_marts(warehouse):
        copy = data_dir / "warehouse.duckdb"
        shutil.copyfile(warehouse, copy)
        return {"warehouse": copy, "raw": raw}
    raw = request.getfixturevalue("generated_raw")
    for args in (["seed"], ["run", "-s", "+path:models/marts"]):
        result = dbt_runner(args, data_dir, raw)
        assert result.ok, f"dbt {' '.join(args)} failed:\n{result.output[-4000:]}"
    return {"warehouse": data_dir / "warehouse.duckdb", "raw": raw}


@pytest.fixture(scope="module")
def con(built):
    connection = duckdb.connect(str(built["warehouse"]), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def summary(built) -> dict:
    return json.loads((built["raw"] / "_summary.json").read_text())["years"]


def _group_counts(con, year: int) -> dict[str, int]:
    rows = con.execute(
        "select m.group_code, count(*) from marts.person_years, unnest(memberships) as t (m) "
        "where report_year = ? group by 1",
        [year],
    ).fetchall()
    return dict(rows)


def _subgroup_count(con, year: int, group: str, subgroup: str) -> int:
    return con.execute(
        "select count(*) from marts.person_years, unnest(memberships) as t (m) "
        "where report_year = ? and m.group_code = ? and m.subgroup_code = ?",
        [year, group, subgroup],
    ).fetchone()[0]


def _close(actual: int, expected: int) -> bool:
    """Equal up to three persons or 2%: the summary counts from the simulation state, which can differ
    at the edges (e.g. a release from a spell the generator logs in two parts). The permit-holder edge
    (263 vs 260 in 2019, 149 vs 145 in 2020 at scale 0.002) was the summary's "5 * 365 days" against the
    SPEC's five calendar years; fixed in generator 1.3.1."""
    return abs(actual - expected) <= max(3, expected // 50)


def test_group_counts_match_the_generator_summary(con, summary) -> None:
    for year in REPORT_YEARS:
        expected = summary[str(year)]
        counts = _group_counts(con, year)
        for group in EXACT_GROUPS:
            assert _close(counts.get(group, 0), expected[group]), (
                year,
                group,
                counts.get(group),
                expected[group],
            )
        assert _close(_subgroup_count(con, year, "students", "inwonend"), expected["students_inwonend"])
        assert _close(_subgroup_count(con, year, "permit_holders", "c"), expected["permit_holders_in_coa"])
        # The generator ages people by 365.25-day years: a birthday on 31 December may differ by one.
        assert abs(counts.get("elderly", 0) - expected["elderly"]) <= max(2, expected["elderly"] // 1000)


def test_corporation_lettings_close_to_the_generator_summary(con, summary) -> None:
    # The generator does not require a single household on the address (our self-contained proxy),
    # so the mart may count slightly fewer lettings.
    for year in REPORT_YEARS:
        expected = summary[str(year)]["corporation_lettings"]
        actual = con.execute(
            "select count(*) from marts.letting_years"
            " where report_year = ? and sector = 'corporatie' and is_letting",
            [year],
        ).fetchone()[0]
        assert expected * 0.95 <= actual <= expected, (year, actual, expected)


def _raw(raw: Path, name: str, year: int | None = None) -> pd.DataFrame:
    path = raw / f"{name}.parquet" if year is None else raw / name / f"{name}_{year}.parquet"
    return pd.read_parquet(path)


def _at(spells: pd.DataFrame, start: str, end: str, day: str) -> pd.DataFrame:
    """Rows of a spell table holding on `day` ('yyyymmdd' strings compare in date order)."""
    return spells[(spells[start] <= day) & (spells[end] >= day)]


def test_registered_persons_match_raw_address_spells(con, built) -> None:
    spells = _raw(built["raw"], "GBAADRESOBJECTBUS")
    for year in REPORT_YEARS:
        located = _at(spells, "GBADATUMAANVANGADRESHOUDING", "GBADATUMEINDEADRESHOUDING", f"{year}1231")
        expected = located[["RINPERSOONS", "RINPERSOON"]].drop_duplicates().shape[0]
        actual = con.execute(
            "select count(*) from marts.person_years where report_year = ? and object_key is not null", [year]
        ).fetchone()[0]
        assert actual == expected > 0, year


def test_corporation_lettings_2021_recomputed_from_raw(con, built) -> None:
    raw = built["raw"]
    address = _raw(raw, "GBAADRESOBJECTBUS")
    address["object_id"] = address["SOORTOBJECTNUMMER"] + address["RINOBJECTNUMMER"]
    address["person_id"] = address["RINPERSOONS"] + address["RINPERSOON"]
    start = _at(address, "GBADATUMAANVANGADRESHOUDING", "GBADATUMEINDEADRESHOUDING", "20201231")
    end = _at(address, "GBADATUMAANVANGADRESHOUDING", "GBADATUMEINDEADRESHOUDING", "20211231")

    households = _raw(raw, "GBAHUISHOUDENSBUS")
    households["person_id"] = households["RINPERSOONS"] + households["RINPERSOON"]
    households = _at(households, "DATUMAANVANGHH", "DATUMEINDEHH", "20211231")
    end = end.merge(households[["person_id", "HUISHOUDNR", "TYPHH"]], on="person_id", how="left")

    ownership = _raw(raw, "EIGENDOMTAB", 2022)
    woz = _raw(raw, "BAGWOZTAB", 2022)
    corporation = set(
        ownership.loc[ownership["TYPEIGENAAR"] == "W", "SOORTOBJECTNUMMER"]
        + ownership.loc[ownership["TYPEIGENAAR"] == "W", "RINOBJECTNUMMER"]
    )
    dwelling_codes = {"10", "11", "12"}
    dwellings = set(
        woz.loc[woz["GEBRUIKSCODEWOZ"].isin(dwelling_codes), "SOORTOBJECTNUMMER"]
        + woz.loc[woz["GEBRUIKSCODEWOZ"].isin(dwelling_codes), "RINOBJECTNUMMER"]
    )

    per_object = end.groupby("object_id").agg(
        households=("HUISHOUDNR", "nunique"), institutional=("TYPHH", lambda s: (s == "8").any())
    )
    single_private = set(per_object.index[(per_object["households"] == 1) & ~per_object["institutional"]])
    stayers = set(end.merge(start[["object_id", "person_id"]], on=["object_id", "person_id"])["object_id"])
    expected = (single_private & corporation & dwellings) - stayers

    actual = {
        object_id
        for (object_id,) in con.execute(
            "select keys.object_id from marts.letting_years as lettings"
            " inner join marts.object_keys as keys on lettings.object_key = keys.object_key"
            " where lettings.report_year = 2021 and lettings.sector = 'corporatie' and lettings.is_letting"
        ).fetchall()
    }
    assert len(expected) > 0
    assert actual == expected


def test_dwelling_residents_add_up_to_persons_in_a_woning(con) -> None:
    rows = con.execute(
        """
        select p.report_year, p.n_persons, d.n_residents
        from (
            select report_year, count(*) as n_persons from marts.person_years
            where woonsituatie = 'woning' group by 1
        ) as p
        full outer join (
            select report_year, sum(resident_count) as n_residents from marts.dwelling_years group by 1
        ) as d on p.report_year = d.report_year
        """
    ).fetchall()
    assert len(rows) == len(REPORT_YEARS)
    for year, n_persons, n_residents in rows:
        assert n_persons == n_residents, year


def test_memberships_are_sorted_distinct_and_counted(con) -> None:
    bad = con.execute(
        """
        select count(*) from marts.person_years
        where memberships != list_sort(list_distinct(memberships))
           or group_count != len(list_distinct(list_transform(memberships, lambda m: m.group_code)))
        """
    ).fetchone()[0]
    assert bad == 0
    members = con.execute("select count(*) from marts.person_years where group_count > 0").fetchone()[0]
    assert members > 0

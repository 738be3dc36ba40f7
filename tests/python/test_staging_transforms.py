"""Staging turns the handmade raw set into the values a person expects, and all its tests pass.

The expected values below are worked out by hand from `HANDMADE_ROWS` in conftest.py: identifiers as
the integer keys of the documented encoding (`key` below: the kind's ASCII bytes, padded to three, times
10^digits, plus the number; the key views give the identifiers back), 'yyyymmdd' strings as dates,
both open ends (20501231 and 88888888) as 2050-12-31, the gem<yyyy> columns as one row per boundary
year (none where the code is null), and the file year of a yearly table as snapshot_date (1 January),
income_year or study_year.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow

OPEN = dt.date(2050, 12, 31)


def key(kind: str, number: str, digits: int) -> int:
    """The key of docs/querying.md: kind as three bytes (ASCII, zero-padded) x 10^digits + number."""
    code = int.from_bytes(kind.encode("ascii").ljust(3, b"\0"), "big")
    assert len(number) == digits
    return code * 10**digits + int(number)


def person(number: str) -> int:
    return key("R", number, 9)


def obj(kind: str, number: str) -> int:
    return key(kind, number, 12)


P1, P2 = person("000000001"), person("000000002")
DWELLING, PITCH = obj("VBO", "000000000101"), obj("STA", "000000000102")


@pytest.fixture(scope="module")
def staging(handmade_raw: Path, tmp_path_factory: pytest.TempPathFactory, dbt_runner):
    data_dir = tmp_path_factory.mktemp("staging")
    result = dbt_runner(
        [
            "build",
            "--select",
            "+staging",
            "+person_keys",
            "+object_keys",
            "+household_keys",
            "--indirect-selection",
            "cautious",
        ],
        data_dir=data_dir,
        raw_dir=handmade_raw,
    )
    assert result.ok, f"dbt build of staging on the handmade set failed:\n{result.output[-5000:]}"
    assert re.search(r"Done\. PASS=\d+ WARN=0 ERROR=0 SKIP=0", result.output)
    con = duckdb.connect(str(data_dir / "warehouse.duckdb"), read_only=True)
    yield con
    con.close()


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_persons_and_deaths(staging):
    assert rows(staging, "select * from staging.stg_cbs__persons order by person_key") == [
        ("1", "NL", "0", P1, dt.date(1950, 3, 7)),
        ("2", "SY", "1", P2, dt.date(1990, 12, 31)),
    ]
    assert rows(staging, "select person_key, death_date from staging.stg_cbs__deaths") == [
        (P1, dt.date(2022, 6, 15))
    ]


def test_key_views_give_the_identifiers_back(staging):
    assert rows(
        staging, "select person_key, rinpersoons, rinpersoon, person_id from marts.person_keys order by 1"
    ) == [
        (P1, "R", "000000001", "R000000001"),
        (P2, "R", "000000002", "R000000002"),
    ]
    assert rows(
        staging, "select object_key, soortobjectnummer, rinobjectnummer from marts.object_keys order by 3"
    ) == [
        (DWELLING, "VBO", "000000000101"),
        (PITCH, "STA", "000000000102"),
    ]
    assert rows(staging, "select household_key, huishoudnr from marts.household_keys order by 1") == [
        (1, "000000000001"),
        (2, "000000000002"),
    ]


def test_address_spells_keep_inclusive_ends_and_open_end(staging):
    got = rows(
        staging,
        "select person_key, object_key, object_kind, valid_from, valid_to"
        " from staging.stg_cbs__address_spells order by person_key, valid_from",
    )
    assert got == [
        (P1, DWELLING, "VBO", dt.date(2017, 1, 1), dt.date(2022, 6, 15)),
        (P2, DWELLING, "VBO", dt.date(2017, 1, 1), dt.date(2019, 12, 31)),
        (P2, PITCH, "STA", dt.date(2020, 1, 1), OPEN),
    ]


def test_life_cycle_open_end_88888888_is_2050_12_31(staging):
    got = rows(
        staging,
        "select object_key, valid_from, valid_to, floor_area_m2 from staging.stg_cbs__object_life_cycles",
    )
    assert sorted(got) == sorted(
        [
            (PITCH, dt.date(2019, 1, 1), OPEN, None),
            (DWELLING, dt.date(1960, 1, 1), OPEN, 80),
        ]
    )


def test_object_gemeenten_one_row_per_boundary_year_without_null_codes(staging):
    got = rows(
        staging,
        "select object_key, min(boundary_year), max(boundary_year), count(*), any_value(gemeente_code)"
        " from staging.stg_cbs__object_gemeenten group by object_key order by object_key",
    )
    # the caravan pitch has no gem2018 code, so it has no 2018 row
    assert got == sorted([(PITCH, 2019, 2023, 5, "GM0363"), (DWELLING, 2018, 2023, 6, "GM0599")])


def test_yearly_snapshots_get_1_january_of_the_file_year(staging):
    woz = rows(
        staging, "select snapshot_date, woz_value from staging.stg_cbs__woz_values order by snapshot_date"
    )
    assert [d for d, _ in woz] == [dt.date(year, 1, 1) for year in range(2018, 2025)]
    assert dict(woz)[dt.date(2021, 1, 1)] == 202021
    rent = rows(
        staging, "select kale_huur from staging.stg_cbs__rents where snapshot_date = date '2024-01-01'"
    )
    assert rent == [(2624.0,)]
    tenure = rows(staging, "select distinct tenure_code, owner_type_code from staging.stg_cbs__ownership")
    assert tenure == [("H", "W")]


def test_income_and_study_years_from_the_file_name(staging):
    income = rows(
        staging,
        "select min(income_year), max(income_year), any_value(income_household_key)"
        " from staging.stg_cbs__household_incomes",
    )
    assert income == [(2017, 2023, P2)]
    enrolment = rows(
        staging,
        "select valid_from, valid_to, is_main_enrolment, education_level from staging.stg_cbs__enrolments"
        " where study_year = 2020",
    )
    assert enrolment == [(dt.date(2020, 10, 1), dt.date(2021, 7, 31), True, "HBO")]


def test_inputs_get_gm_codes(staging):
    tasks = rows(
        staging,
        "select gemeente_code, task_year, half_year, task_count from staging.stg_inputs__permit_holder_tasks"
        " order by half_year",
    )
    assert tasks == [("GM0599", 2023, 1, 100), ("GM0599", 2023, 2, 90)]
    agreements = rows(
        staging, "select gemeente_code, group_code, agreed_count from staging.stg_inputs__regional_agreements"
    )
    assert agreements == [("GM0599", "elderly", 40)]

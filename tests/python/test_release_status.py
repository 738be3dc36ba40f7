"""No published file lets anyone tell a primary from a secondary suppression (issue 13, item 2).

Reads every file of the release that `make test` builds (`$MHA_PUBLISH_DIR`) and, where the warehouse
is at hand (`$MHA_TEST_WAREHOUSE`), the internal pattern behind it."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

KEYS = [
    "report_year",
    "geo_level",
    "area_code",
    "group_code",
    "subgroup_code",
    "unit",
    "dimension_code",
    "category_code",
]
INTERNAL_WORDS = re.compile(r"\b(primary|secondary|primair|secundair)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def release(published_release) -> Path:
    return published_release


def _files(folder: Path, suffix: str) -> list[Path]:
    return sorted(folder.glob(f"*{suffix}"))


def test_every_status_column_holds_only_visible_or_geheim(release):
    con = duckdb.connect()
    for path in _files(release, ".parquet"):
        columns = [c[0] for c in con.execute(f"describe select * from '{path}'").fetchall()]
        if "status" in columns:
            found = {r[0] for r in con.execute(f"select distinct status from '{path}'").fetchall()}
            assert found <= {"visible", "geheim"}, (path.name, found)


def test_a_secret_count_looks_the_same_wherever_it_is(release):
    con = duckdb.connect()
    rows = con.execute(
        f"select distinct value, status, shown from '{release / 'pub_counts.parquet'}'"
        " where status != 'visible'"
    ).fetchall()
    assert len(rows) == 1 and rows[0][0] is None and rows[0][1] == "geheim"
    with (release / "pub_counts.csv").open(encoding="utf-8") as fh:
        header = fh.readline().strip().split(",")
    assert set(header) == set(KEYS) | {"value", "status"}, header


def test_no_file_names_the_kind_of_suppression(release):
    con = duckdb.connect()
    for path in _files(release, ".parquet"):
        # the distinct values of every text column (the CSV files hold the same rows, `value` as shown)
        table = f"'{path}'"
        columns = [
            c[0] for c in con.execute(f"describe select * from {table}").fetchall() if c[1] == "VARCHAR"
        ]
        for column in columns:
            values = con.execute(f'select distinct "{column}" from {table}').fetchall()
            named = [v for (v,) in values if v and INTERNAL_WORDS.search(v)]
            assert not named, (path.name, column, named[:3])
    for path in _files(release, ".csv"):
        with path.open(encoding="utf-8") as fh:
            assert not INTERNAL_WORDS.search(fh.readline()), path.name
    text = (release / "audit.md").read_text(encoding="utf-8")
    # the audit may count primary and secondary cells in total, never name a cell
    assert not re.search(r"GM\d{4}|PV\d{2}|WD\d{2}", text), "audit.md names an area"
    summary = json.loads((release / "manifest.json").read_text(encoding="utf-8"))["audit"]
    assert all(not isinstance(v, list) for v in summary.values()), "the manifest lists cells"
    book = load_workbook(release / "monitor.xlsx", read_only=True)
    text_sheets = {"Over dit bestand", "Inhoud", "Tekens"}
    assert text_sheets & set(book.sheetnames)
    for sheet in book.worksheets:
        # the sheets of text in full, the tables by their header (their cells are numbers and `?`)
        for row in sheet.iter_rows(values_only=True, max_row=None if sheet.title in text_sheets else 1):
            for value in row:
                assert not (isinstance(value, str) and INTERNAL_WORDS.search(value)), (sheet.title, value)


def test_no_published_column_separates_primary_from_secondary_cells(release):
    warehouse = os.environ.get("MHA_TEST_WAREHOUSE")
    if not warehouse or not Path(warehouse).is_file():
        pytest.skip("needs the warehouse of the release ($MHA_TEST_WAREHOUSE, set by make test)")
    con = duckdb.connect()
    con.execute(f"attach '{warehouse}' as wh (read_only)")
    keys = ", ".join(KEYS)
    con.execute(
        f"""
        create table secret as
        select published.*, pattern.status = 'primary' as is_primary
        from '{release / "pub_counts.parquet"}' as published
        inner join wh.publish.sdc_cells as cells using ({keys})
        inner join wh.publish.sdc_pattern as pattern on cells.cell_id = pattern.cell_id
        where published.status = 'geheim'
        """
    )
    kinds = dict(con.execute("select is_primary, count(*) from secret group by 1").fetchall())
    assert kinds.get(True) and kinds.get(False), "the test needs both kinds of secret cells"
    # every non-key column of pub_counts takes the same values for both kinds
    for column in ("value", "status", "shown"):
        spread = con.execute(
            f"select count(distinct coalesce(cast({column} as varchar), '<null>')) from secret"
        ).fetchall()[0][0]
        assert spread == 1, column
    # derived figures on a secret count are secret whatever its kind
    derived = con.execute(
        f"""
        select secret.is_primary, count(*) filter (where derived.status = 'visible')
        from secret
        inner join '{release / "pub_derived.parquet"}' as derived using ({keys})
        where derived.measure_code in ('share', 'per_1000_inhabitants')
        group by 1
        """
    ).fetchall()
    assert all(visible == 0 for _, visible in derived), derived

"""`mha preflight` names table, file, column and rows of every file-level problem before dbt starts.

Each case damages a copy of the handmade raw set (conftest.py) in one way; the handmade set itself
must pass. The row-count rule needs files of at least 1000 rows, so its cases write their own.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mha import damage, layouts, preflight


@pytest.fixture
def raw(handmade_raw, tmp_path) -> Path:
    copy = tmp_path / "raw"
    shutil.copytree(handmade_raw, copy)
    return copy


def texts(raw: Path) -> list[str]:
    return [p.text() for p in preflight.check(raw) if not p.warn_only]


def test_the_handmade_set_passes(raw, capsys):
    assert preflight.check(raw) == []
    assert preflight.main(["--raw", str(raw)]) == 0
    assert f"{len(layouts.load_tables())} tables match their layout" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            "missing_file",
            "table EIGENDOMTAB, file EIGENDOMTAB/EIGENDOMTAB_2021.parquet: file year 2021 is missing",
        ),
        (
            "missing_column",
            "table VBOWONINGTYPETAB, file VBOWONINGTYPETAB.parquet, column VBOWONINGTYPE: column missing",
        ),
        (
            "wrong_type",
            "table GBAHUISHOUDENSBUS, file GBAHUISHOUDENSBUS.parquet, column AANTALPERSHH: type VARCHAR, "
            "the layout says INTEGER (2 rows)",
        ),
        ("empty_table", "table GBAOVERLIJDENTAB, file GBAOVERLIJDENTAB.parquet: has 0 rows: Every raw file"),
        ("empty_yearly_file", "table HUURTAB, file HUURTAB/HUURTAB_2021.parquet: has 0 rows"),
        ("not_parquet", "table GBAPERSOONTAB, file GBAPERSOONTAB.parquet: is not a Parquet file"),
        (
            "stray_file",
            "table HUURTAB, file HUURTAB/HUURTAB_2022_old.parquet: is not a file of the layout (1 rows)",
        ),
    ],
)
def test_each_file_damage_is_named(raw, kind, expected, capsys):
    damage.damage_in_place(raw, kind)
    found = texts(raw)
    assert len(found) == 1, found
    assert found[0].startswith(expected), found[0]
    assert preflight.main(["--raw", str(raw)]) == 1
    err = capsys.readouterr().err
    assert "preflight: 1 problem(s) in 1 table(s)" in err and "dbt build not started" in err


def test_an_empty_yearly_file_is_not_reported_missing(raw):
    damage.damage_in_place(raw, "empty_yearly_file")
    assert not any("missing" in t for t in texts(raw))


def test_extra_column_a_single_file_for_a_yearly_table_and_a_folder_for_a_file(raw):
    path = raw / "VBOWONINGTYPETAB.parquet"
    table = pq.read_table(path)
    pq.write_table(table.append_column("EXTRA", pa.array(["x"] * table.num_rows)), path)
    shutil.copyfile(raw / "HUURTAB" / "HUURTAB_2020.parquet", raw / "HUURTAB.parquet")
    (raw / "GEDETINEERDENTAB.parquet").unlink()
    (raw / "GEDETINEERDENTAB.parquet").mkdir()
    found = texts(raw)
    assert any(
        t.startswith(
            "table VBOWONINGTYPETAB, file VBOWONINGTYPETAB.parquet, column EXTRA: column not in the layout"
        )
        for t in found
    )
    assert any(t.startswith("table HUURTAB, file HUURTAB.parquet: HUURTAB is yearly") for t in found)
    assert any(
        t.startswith("table GEDETINEERDENTAB, file GEDETINEERDENTAB.parquet: is a folder") for t in found
    )
    assert len(found) == 3, found


def test_a_gap_between_file_years_is_missing_and_unknown_top_level_files_only_warn(raw):
    (raw / "BAGWOZTAB" / "BAGWOZTAB_2019.parquet").unlink()
    (raw / "notes.txt").write_text("x")
    problems = preflight.check(raw)
    assert [p.text() for p in problems if not p.warn_only] == [
        "table BAGWOZTAB, file BAGWOZTAB/BAGWOZTAB_2019.parquet: "
        "file year 2019 is missing (the report years need it)"
    ]
    assert [p.file for p in problems if p.warn_only] == ["notes.txt"]


def write_rows(raw: Path, year: int, rows: int) -> None:
    table = layouts.table("EIGENDOMTAB")
    records = {
        c: [f"{i:09d}" if c == "RINOBJECTNUMMER" else "X" for i in range(rows)] for c in table.column_names
    }
    records["SOORTOBJECTNUMMER"] = ["VBO"] * rows
    pq.write_table(pa.table(records, schema=table.arrow_schema()), table.path(raw, year))


@pytest.mark.parametrize(
    ("before", "after", "fails"),
    [
        (2000, 1600, False),  # exactly 20% fewer: allowed
        (2000, 1599, True),  # one row more lost
        (999, 1, False),  # the year before is too small to compare
        (1000, 799, True),
    ],
)
def test_rows_shrink_at_its_edges(raw, before, after, fails):
    write_rows(raw, 2020, before)
    for year in range(2021, 2025):
        write_rows(raw, year, after)
    found = [t for t in texts(raw) if "rows_shrink" in t]
    assert bool(found) == fails, found
    if fails:
        lost = 1 - after / before
        assert found[0].startswith(
            "table EIGENDOMTAB, file EIGENDOMTAB/EIGENDOMTAB_2021.parquet: "
            f"has {after:,} rows, {lost:.0%} fewer than EIGENDOMTAB_2020.parquet ({before:,})"
        )


def test_a_rule_set_to_warn_does_not_stop(raw, monkeypatch, capsys):
    damage.damage_in_place(raw, "empty_table")
    settings = {**layouts.project_vars(), "value_rules_warn": ["rows_not_empty"]}
    monkeypatch.setattr(
        layouts,
        "project_vars",
        lambda: settings,
    )
    assert preflight.main(["--raw", str(raw)]) == 0
    assert "preflight warning: table GBAOVERLIJDENTAB" in capsys.readouterr().err


def test_the_preflight_rules_of_the_seed_are_the_ones_it_checks():
    with preflight.RULES_FILE.open(encoding="utf-8") as fh:
        rules = {r["rule_code"]: r for r in csv.DictReader(fh)}
    assert set(preflight.preflight_rules()) == {"rows_not_empty", "rows_shrink"}
    assert {r["rule_code"] for r in rules.values() if r["checked_by"] == "preflight"} == {
        "rows_not_empty",
        "rows_shrink",
    }
    for rule in rules.values():  # every rule names a raw table and column of the layout
        if rule["table_name"] != "*":
            table = layouts.table(rule["table_name"])
            if rule["column_name"]:
                table.column(rule["column_name"])


def test_a_missing_raw_directory(tmp_path, capsys):
    assert preflight.main(["--raw", str(tmp_path / "nope")]) == 2
    assert "raw directory" in capsys.readouterr().err

"""Damaged raw input must stop `dbt build` with the table, the column and an example row.

One clean synthetic set is generated per session and built once (seeds and all of staging); that build
must pass. Then the damage kinds of `mha.damage` are applied to a copy of the clean set and the damaged
tables are built (each source, its layout tests, its staging view and the view's tests). To keep the
file fast, kinds that are caught by different tests share one damaged set and one dbt run; a damage that
stops a table's staging view (wrong_type) gets its own run, so it cannot hide another kind. For every
kind the run must fail, and `report_failed_tests` must name the failed test, the raw table, the column
and show the damaged value in an example row; a damage found by raw_checks must stop the table's
staging view (the view turns a bad value into null and is never built on damaged input). A damage the
staging view itself cannot read (a wrong type) stops it at raw_layout. The raw directory and warehouse
path stay the same across runs so that dbt reuses its parsed project (partial parsing); each run starts
from the clean warehouse.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from mha import damage, layouts

pytestmark = pytest.mark.slow

# What a correct failure report shows for each kind: the failed test, the table, the check, the column or
# the problem, and the staging view the failure must have stopped.
EXPECTED = {
    "duplicate_rows": {
        "test": "raw_checks_GBAPERSOONTAB",
        "shows": ["raw table cbs.GBAPERSOONTAB", "check unique_rinpersoons_rinpersoon (error)", "n_rows=2"],
        "skipped": "stg_cbs__persons",
    },
    "unknown_code": {
        "test": "raw_checks_GBAHUISHOUDENSBUS",
        "shows": [
            "raw table cbs.GBAHUISHOUDENSBUS",
            "check code_typhh (error)",
            "code not in seed code_typhh",
            "TYPHH=99",
        ],
        "skipped": "stg_cbs__household_spells",
    },
    "overlapping_spells": {
        "test": "raw_checks_GBAADRESOBJECTBUS",
        "shows": ["raw table cbs.GBAADRESOBJECTBUS", "check spell_overlap (error)", "previous_end="],
        "skipped": "stg_cbs__address_spells",
    },
    "inverted_spell": {
        "test": "raw_checks_GBAHUISHOUDENSBUS",
        "shows": [
            "raw table cbs.GBAHUISHOUDENSBUS",
            "check spell_inverted (error)",
            "column(s) DATUMAANVANGHH, DATUMEINDEHH",
        ],
        "skipped": "stg_cbs__household_spells",
    },
    "bad_date": {
        "test": "raw_checks_GBAPERSOONTAB",
        "shows": ["raw table cbs.GBAPERSOONTAB", "check birth_date (error)", "GBAGEBOORTEJAAR=abcd"],
        "skipped": "stg_cbs__persons",
    },
    "bad_identifier": {
        "test": "raw_checks_GBAADRESOBJECTBUS",
        "shows": [
            "raw table cbs.GBAADRESOBJECTBUS",
            "check cbs_id_rinpersoons_rinpersoon (error)",
            "number of exactly 9 digits",
        ],
        "skipped": "stg_cbs__address_spells",
    },
    "missing_column": {
        "test": "source_raw_layout_cbs_VBOWONINGTYPETAB",
        "shows": [
            "raw table cbs.VBOWONINGTYPETAB",
            "column_name=VBOWONINGTYPE",
            "column missing from the raw file",
        ],
        "skipped": "stg_cbs__dwelling_types",
    },
    "wrong_type": {
        "test": "source_raw_layout_cbs_GBAHUISHOUDENSBUS",
        "shows": ["column_name=AANTALPERSHH", "expected_type=INTEGER", "actual_type=VARCHAR", "wrong type"],
        "skipped": "stg_cbs__household_spells",
    },
    "missing_file": {
        "test": "source_yearly_files_complete_cbs_EIGENDOMTAB",
        "shows": ["raw table cbs.EIGENDOMTAB", "file_year=2021", "EIGENDOMTAB/EIGENDOMTAB_2021.parquet"],
        "skipped": "stg_cbs__ownership",
    },
}


def failure_blocks(output: str) -> dict[str, str]:
    """The report of each failed test (from `FAILED TEST <name>` to the next one), by test name."""
    blocks: dict[str, str] = {}
    current = None
    for line in output.splitlines():
        match = re.search(r"FAILED TEST (\S+)", line)
        if match:
            current = match.group(1)
            blocks[current] = ""
        elif current is not None and re.search(r"^\S*\s*\d\d:\d\d:\d\d\s{3,}", line):
            blocks[current] += line + "\n"
        else:
            current = None
    return blocks


@pytest.fixture(scope="session")
def clean_build(generated_raw: Path, tmp_path_factory: pytest.TempPathFactory, dbt_runner):
    """Build seeds and staging on the clean set once; keep the warehouse as the template for every run."""
    data_dir = tmp_path_factory.mktemp("robustness")
    raw = data_dir / "raw"
    shutil.copytree(generated_raw, raw)
    result = dbt_runner(
        ["build", "--select", "+staging", "--indirect-selection", "cautious"], data_dir=data_dir, raw_dir=raw
    )
    # Kept even when a clean test fails: the damage runs build only the damaged tables and look for
    # their own failures, so one flaw of the clean set is reported once, by test_clean_set_builds.
    template = data_dir / "clean_warehouse.duckdb"
    if (data_dir / "warehouse.duckdb").exists():
        shutil.copyfile(data_dir / "warehouse.duckdb", template)
    return data_dir, template, result


def test_kinds_are_the_documented_ones():
    assert set(damage.KINDS) == set(EXPECTED)


def test_clean_set_builds(clean_build):
    _, _, result = clean_build
    assert result.ok, f"dbt build of the clean set failed:\n{result.output[-5000:]}"
    assert "FAILED TEST" not in result.output
    assert re.search(r"Done\. PASS=\d+ WARN=0 ERROR=0 SKIP=0", result.output), result.output[-2000:]


# Kinds that share a damaged set and a dbt run: no kind in a group hides the table of another.
# Kinds that share a damaged set and a dbt run: no kind in a group hides the table of another, and two
# kinds in one table are found by different checks of that table's one raw_checks query.
RUN_GROUPS = (
    (
        "duplicate_rows",
        "unknown_code",
        "overlapping_spells",
        "inverted_spell",
        "missing_column",
        "missing_file",
    ),
    ("bad_date", "bad_identifier"),
    ("wrong_type",),
)


@pytest.fixture(scope="session")
def damaged_runs(clean_build, generated_raw: Path, dbt_runner):
    """For each kind: the `Damage` applied and the dbt result of the run that includes it."""
    data_dir, template, clean = clean_build
    if not template.exists():
        pytest.fail(f"the clean build made no warehouse (see test_clean_set_builds):\n{clean.output[-3000:]}")
    raw = data_dir / "raw"
    runs = {}
    for group in RUN_GROUPS:
        shutil.rmtree(raw)
        shutil.copytree(generated_raw, raw)
        done = [damage.damage_in_place(raw, kind) for kind in group]
        shutil.copyfile(template, data_dir / "warehouse.duckdb")
        selectors = sorted({f"source:{layouts.table(d.table).source}.{d.table}+1" for d in done})
        result = dbt_runner(["build", "--select", *selectors], data_dir=data_dir, raw_dir=raw)
        runs.update({d.kind: (d, result) for d in done})
    return runs


def test_run_groups_cover_every_kind_once():
    kinds = [kind for group in RUN_GROUPS for kind in group]
    assert sorted(kinds) == sorted(damage.KINDS)


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_damage_stops_the_build(kind: str, damaged_runs):
    done, result = damaged_runs[kind]
    expected = EXPECTED[kind]
    assert not result.ok, f"dbt build passed on damage {kind}:\n{result.output[-3000:]}"
    blocks = failure_blocks(result.output)
    names = [name for name in blocks if name.startswith(expected["test"])]
    assert names, (
        f"{kind}: test {expected['test']} did not fail; failed: {sorted(blocks)}\n{result.output[-3000:]}"
    )
    report = blocks[names[0]]
    for text in expected["shows"]:
        assert text in report, f"{kind}: report lacks {text!r}:\n{report}"
    assert re.search(r"example row( 1)?:", report), f"{kind}: no example row:\n{report}"
    assert done.example in report, (
        f"{kind}: the damaged value {done.example!r} is not in the report:\n{report}"
    )
    if expected["skipped"]:
        assert re.search(rf"SKIP relation staging\.{expected['skipped']}\b", result.output), (
            f"{kind}: {expected['skipped']} was built although its raw table is damaged"
        )

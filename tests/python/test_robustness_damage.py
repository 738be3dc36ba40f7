"""Damaged raw input must stop `dbt build` with the table, the column and an example row.

One clean synthetic set is generated per session and built once (seeds and all of staging); that build
must pass. Each damage kind of `mha.damage` is then applied to a copy of the clean set, and `dbt build`
of the damaged table (the source, its layout tests, its staging view and the view's tests; the whole
staging layer per kind would take minutes) must fail, naming the failed test, the raw table, the column
and the damaged value in an example row printed by `report_failed_tests`. The raw directory and the
warehouse path stay the same across the runs so that dbt can reuse its parsed project (partial
parsing); each run starts from a copy of the clean warehouse.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from mha import damage, layouts

pytestmark = pytest.mark.slow

# What a correct failure report shows for each kind: the failed test, the table, the column, the problem,
# and which staging view the failure must have stopped (None: the damage is found in the view's tests).
EXPECTED = {
    "duplicate_rows": {
        "test": "unique_stg_cbs__persons_person_id",
        "shows": ["raw table cbs.GBAPERSOONTAB", "columns: person_id", "n_records=2"],
        "skipped": None,
    },
    "unknown_code": {
        "test": "relationships_stg_cbs__household_spells_household_type_code",
        "shows": ["raw table cbs.GBAHUISHOUDENSBUS", "columns: household_type_code", "from_field=99"],
        "skipped": None,
    },
    "overlapping_spells": {
        "test": "no_overlapping_spells_stg_cbs__address_spells",
        "shows": ["raw table cbs.GBAADRESOBJECTBUS", "columns: person_id", "previous_spells_end="],
        "skipped": None,
    },
    "inverted_spell": {
        "test": "no_inverted_spells_stg_cbs__household_spells",
        "shows": ["raw table cbs.GBAHUISHOUDENSBUS", "columns: valid_from, valid_to"],
        "skipped": None,
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
    template = data_dir / "clean_warehouse.duckdb"
    if result.ok:
        shutil.copyfile(data_dir / "warehouse.duckdb", template)
    return data_dir, template, result


def test_kinds_are_the_documented_ones():
    assert set(damage.KINDS) == set(EXPECTED)


def test_clean_set_builds(clean_build):
    _, _, result = clean_build
    assert result.ok, f"dbt build of the clean set failed:\n{result.output[-5000:]}"
    assert "FAILED TEST" not in result.output
    assert re.search(r"Done\. PASS=\d+ WARN=0 ERROR=0 SKIP=0", result.output), result.output[-2000:]


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_damage_stops_the_build(kind: str, clean_build, generated_raw: Path, dbt_runner):
    data_dir, template, clean = clean_build
    if not clean.ok:
        pytest.fail(
            "the clean set does not build, so damage cannot be told apart (see test_clean_set_builds)"
        )
    raw = data_dir / "raw"
    shutil.rmtree(raw)
    done = damage.apply(generated_raw, raw, kind)
    shutil.copyfile(template, data_dir / "warehouse.duckdb")

    # the damaged raw table, its source tests, its staging view and that view's tests
    selector = f"source:{layouts.table(done.table).source}.{done.table}+1"
    result = dbt_runner(["build", "--select", selector], data_dir=data_dir, raw_dir=raw)

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
    assert "example row 1:" in report, f"{kind}: no example row:\n{report}"
    assert done.example in report, (
        f"{kind}: the damaged value {done.example!r} is not in the report:\n{report}"
    )
    if expected["skipped"]:
        assert re.search(rf"SKIP relation staging\.{expected['skipped']}\b", result.output), (
            f"{kind}: {expected['skipped']} was built although its raw table is damaged"
        )

"""The damage corpus (issue 16): each kind of `mha damage` stops the build with a message naming table,
column and rows, or is recoded as documented; and no damaged set is ever published.

One clean synthetic set (`generated_raw`, the set of `make test`) is the base of every case.

- Preflight kinds (file-level damage): `mha preflight` must exit 1 naming table, file, column and rows.
  Each case has its own data folder holding a release of a good build of the clean set (a hand-made
  warehouse stamped as built from it); after the damage, `mha release` must refuse and that release
  must stay byte-identical.
- dbt kinds (values, codes, keys, spells, dates, identifiers; also the layout kinds, which the
  preflight finds first and the source tests find again): the damaged tables are built (each source,
  its tests, its staging view and the view's tests) over a copy of a clean staging build, kinds caught
  by different tests sharing one run. For every kind the run must fail and `report_failed_tests` must
  name the raw table, the column and show the damaged value and the number of failing rows (a damage
  found by the one-pass raw_checks must also stop the table's staging view); the build marker must say
  `failed` and `mha release` must refuse, leaving an earlier release byte-identical.
- Recoded kinds (an old or split gemeente code in the policy inputs) must pass and land in the
  gemeenten of the boundary year as seed herindelingen documents.
- The importer kind (`corrupt_sav`) is covered in test_importer_files.py.
The raw directory and warehouse path stay the same across dbt runs so that dbt reuses its parsed
project (partial parsing); each run starts from the clean warehouse.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from conftest import CommandResult, run_command, scratch_env
from mha import damage, layouts, preflight
from mha.release import make_release
from test_release_files import build_warehouse

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
    "split_without_share": {
        "test": "source_gemeente_codes_recodable_inputs_PLANCAPACITEITTAB_GEMEENTECODE",
        "shows": [
            "raw table inputs.PLANCAPACITEITTAB",
            "columns: GEMEENTECODE",
            "input_year=2017 | n_rows=1",
            "Littenseradiel was split on 2018-01-01 into GM0080 Leeuwarden, GM1900 Súdwest-Fryslân, "
            "GM1949 Waadhoeke without a documented share",
        ],
        "skipped": "stg_inputs__planned_capacity",
    },
    "ceased_gemeente_code": {
        "test": "source_gemeente_codes_recodable_inputs_AFSPRAKENTAB_GEMEENTECODE",
        "shows": [
            "raw table inputs.AFSPRAKENTAB",
            "columns: GEMEENTECODE",
            "input_year=2023 | n_rows=1",
            "Weesp ceased on 2022-03-24, before 1 January 2023",
            "GM0363 Amsterdam",
        ],
        "skipped": "stg_inputs__regional_agreements",
    },
    "negative_rent": {
        "test": "raw_checks_HUURTAB",
        "shows": ["raw table cbs.HUURTAB", "check kale_huur (error)", "rule kale_huur", "KALEHUUR=-450"],
        "skipped": "stg_cbs__rents",
    },
    "absurd_value": {
        "test": "raw_checks_BAGWOZTAB",
        "shows": [
            "raw table cbs.BAGWOZTAB",
            "check woz_value (error)",
            "rule woz_value",
            "WOZWAARDE=2000000000",
        ],
        "skipped": "stg_cbs__woz_values",
    },
    "date_out_of_range": {
        "test": "raw_checks_GBAOVERLIJDENTAB",
        "shows": [
            "raw table cbs.GBAOVERLIJDENTAB",
            "check dates_in_range_gbadatumoverlijden (error)",
            "rule dates_in_range",
            "GBADATUMOVERLIJDEN=17000101",
        ],
        "skipped": "stg_cbs__deaths",
    },
    "enrolment_outside_year": {
        "test": "raw_checks_ONDERWIJSINSCHRTAB",
        "shows": [
            "raw table cbs.ONDERWIJSINSCHRTAB",
            "check enrolment_in_study_year_aanvinschr (error)",
            "rule enrolment_in_study_year",
            "AANVINSCHR=20220101",
        ],
        "skipped": "stg_cbs__enrolments",
    },
    "non_date_birth_year": {
        "test": "raw_checks_GBAPERSOONTAB",
        "shows": ["raw table cbs.GBAPERSOONTAB", "check birth_date (error)", "GBAGEBOORTEJAAR=abcd"],
        "skipped": "stg_cbs__persons",
    },
}

# What `mha preflight` prints for each file-level kind: table, file, column and rows.
PREFLIGHT = {
    "empty_table": "table GBAOVERLIJDENTAB, file GBAOVERLIJDENTAB.parquet: has 0 rows",
    "shrinking_table": "table EIGENDOMTAB, file EIGENDOMTAB/EIGENDOMTAB_2021.parquet: has {rows} rows, ",
    "empty_yearly_file": "table HUURTAB, file HUURTAB/HUURTAB_2021.parquet: has 0 rows",
    "not_parquet": "table GBAPERSOONTAB, file GBAPERSOONTAB.parquet: is not a Parquet file",
    "stray_file": "table HUURTAB, file HUURTAB/HUURTAB_2022_old.parquet: is not a file of the layout (",
    "missing_column": "table VBOWONINGTYPETAB, file VBOWONINGTYPETAB.parquet, column VBOWONINGTYPE: "
    "column missing from the file",
    "wrong_type": "table GBAHUISHOUDENSBUS, file GBAHUISHOUDENSBUS.parquet, column AANTALPERSHH: "
    "type VARCHAR, the layout says INTEGER (",
    "missing_file": "table EIGENDOMTAB, file EIGENDOMTAB/EIGENDOMTAB_2021.parquet: file year 2021 is missing",
}

RECODED = {"old_gemeente_code", "split_gemeente_code"}


@dataclass(frozen=True)
class Outcome:
    """One damaged dbt run: its result, the build marker after it, the release attempted on its
    warehouse, whether an earlier release stayed byte-identical, and (for the inputs) the recoded rows."""

    result: CommandResult
    status: str
    release: CommandResult
    unchanged: bool
    tasks: dict


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


def snapshot(data_dir: Path) -> dict[str, str]:
    """Every file of the releases by sha256, and where the publish symlink points."""
    files = {
        str(p.relative_to(data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((data_dir / "releases").rglob("*"))
        if p.is_file()
    }
    publish = data_dir / "publish"
    files["publish ->"] = os.readlink(publish) if publish.is_symlink() else "(none)"
    return files


def released_good_build(data_dir: Path, raw: Path, stamp) -> Path:
    """A release in `data_dir` of a (hand-made) warehouse stamped as a whole good build of `raw`."""
    warehouse = data_dir / "good.duckdb"
    build_warehouse(warehouse)
    time.sleep(0.01)
    stamp(warehouse, raw)
    make_release(warehouse, data_dir, data_dir / "publish", raw, release_id="r0", log=lambda *_: None)
    return warehouse


def release_attempt(warehouse: Path, data_dir: Path, raw: Path):
    env = scratch_env(data_dir, raw) | {"MHA_WAREHOUSE": str(warehouse)}
    return run_command([sys.executable, "-m", "mha", "release"], env)


def test_the_corpus_covers_every_kind():
    covered = set(EXPECTED) | set(PREFLIGHT) | RECODED | set(damage.IMPORT_KINDS)
    assert covered == set(damage.KINDS) | set(damage.IMPORT_KINDS)


# --- preflight kinds ------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", sorted(PREFLIGHT))
def test_preflight_stops_file_damage_and_nothing_is_published(
    kind, generated_raw, tmp_path, capsys, build_marker_stamp
):
    raw = tmp_path / "raw"
    shutil.copytree(generated_raw, raw)  # keeps the files' times: the build below is newer
    good = released_good_build(tmp_path, raw, build_marker_stamp)
    before = snapshot(tmp_path)
    assert preflight.main(["--raw", str(raw)]) == 0, capsys.readouterr().err

    done = damage.damage_in_place(raw, kind)
    assert preflight.main(["--raw", str(raw)]) == 1
    err = capsys.readouterr().err
    expected = PREFLIGHT[kind].format(rows=done.example.split()[0])
    assert f"preflight error: {expected}" in err, err
    assert "dbt build not started" in err

    refused = release_attempt(good, tmp_path, raw)
    assert refused.returncode != 0
    assert "release: nothing published: raw data in" in refused.output, refused.output
    assert "Traceback" not in refused.output
    assert snapshot(tmp_path) == before


# --- dbt kinds ------------------------------------------------------------------------------------
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


def test_clean_set_builds(clean_build):
    _, _, result = clean_build
    assert result.ok, f"dbt build of the clean set failed:\n{result.output[-5000:]}"
    assert "FAILED TEST" not in result.output
    assert re.search(r"Done\. PASS=\d+ WARN=0 ERROR=0 SKIP=0", result.output), result.output[-2000:]


# Kinds that share a damaged set and a dbt run: no kind in a group hides the table of another (a
# damage that stops a table's staging view, or breaks it with an engine error, runs alone), and two
# kinds in one table are found by different checks of that table's one raw_checks query.
RUN_GROUPS = (
    (
        "duplicate_rows",
        "unknown_code",
        "overlapping_spells",
        "inverted_spell",
        "missing_column",
        "missing_file",
        "split_without_share",
        "ceased_gemeente_code",
        "negative_rent",
        "absurd_value",
        "date_out_of_range",
        "enrolment_outside_year",
        "old_gemeente_code",
        "split_gemeente_code",
    ),
    ("bad_date", "bad_identifier"),
    ("wrong_type",),
    ("non_date_birth_year",),
)


def test_run_groups_cover_every_dbt_kind_once():
    kinds = [kind for group in RUN_GROUPS for kind in group]
    assert sorted(kinds) == sorted(set(EXPECTED) | RECODED)


@pytest.fixture(scope="session")
def damaged_runs(clean_build, generated_raw: Path, dbt_runner, tmp_path_factory, build_marker_stamp):
    """For each kind: the `Damage`, the dbt result of its run, the build marker's status after it, the
    result of `mha release` on that warehouse and whether an earlier release stayed unchanged."""
    data_dir, template, clean = clean_build
    if not template.exists():
        pytest.fail(f"the clean build made no warehouse (see test_clean_set_builds):\n{clean.output[-3000:]}")
    raw = data_dir / "raw"
    runs = {}
    for group in RUN_GROUPS:
        shutil.rmtree(raw)
        shutil.copytree(generated_raw, raw)
        done = [damage.damage_in_place(raw, kind) for kind in group]
        warehouse = data_dir / "warehouse.duckdb"
        shutil.copyfile(template, warehouse)
        build_marker_stamp(warehouse, raw)  # as if the clean set had been built whole before
        selectors = sorted({f"source:{layouts.table(d.table).source}.{d.table}+1" for d in done})
        result = dbt_runner(["build", "--select", *selectors], data_dir=data_dir, raw_dir=raw)
        con = duckdb.connect(str(warehouse), read_only=True)
        status = con.execute("select status from meta.build_marker").fetchone()[0]
        tasks = {}
        if RECODED & set(group):  # read while the view still reads this group's raw set
            sql = (
                "select gemeente_code, task_year, half_year, task_count"
                " from staging.stg_inputs__permit_holder_tasks"
            )
            tasks = {(code, year, half): n for code, year, half, n in con.execute(sql).fetchall()}
        con.close()
        published = tmp_path_factory.mktemp("published")
        released_good_build(published, generated_raw, build_marker_stamp)
        before = snapshot(published)
        release = release_attempt(warehouse, published, raw)
        outcome = Outcome(result, status, release, snapshot(published) == before, tasks)
        runs.update({d.kind: (d, outcome) for d in done})
    return runs


@pytest.mark.parametrize(
    "kind",
    sorted(EXPECTED),
)
def test_damage_stops_the_build_and_is_not_published(kind: str, damaged_runs):
    done, outcome = damaged_runs[kind]
    result, status, release, unchanged = outcome.result, outcome.status, outcome.release, outcome.unchanged
    expected = EXPECTED[kind]
    assert not result.ok, f"dbt build passed on damage {kind}:\n{result.output[-3000:]}"
    blocks = failure_blocks(result.output)
    if expected["test"]:
        names = [name for name in blocks if name.startswith(expected["test"])]
    else:
        names = [name for name, block in blocks.items() if all(text in block for text in expected["shows"])]
    assert names, f"{kind}: no failure report fits; failed: {sorted(blocks)}\n{result.output[-3000:]}"
    report = blocks[names[0]]
    for text in expected["shows"]:
        assert text in report, f"{kind}: report lacks {text!r}:\n{report}"
    counted = re.search(r"failing rows: [1-9]|: [1-9][0-9]* rows, ", report)
    assert counted, f"{kind}: no count of failing rows:\n{report}"
    assert re.search(r"example row( 1)?:", report), f"{kind}: no example row:\n{report}"
    assert done.example in report, (
        f"{kind}: the damaged value {done.example!r} is not in the report:\n{report}"
    )
    if expected["skipped"]:
        assert re.search(rf"SKIP relation staging\.{expected['skipped']}\b", result.output), (
            f"{kind}: {expected['skipped']} was built although its raw table is damaged"
        )
    assert status == "failed", f"{kind}: the build marker says {status!r} after the failed run"
    assert release.returncode != 0 and "nothing published" in release.output, release.output
    assert "Traceback" not in release.output
    assert unchanged, f"{kind}: the earlier release changed"


def raw_counts(raw: Path) -> dict[tuple[str, int, int], int]:
    rows = duckdb.sql(
        f"select 'GM' || GEMEENTECODE, JAAR, HALFJAAR, TAAKSTELLING from '{raw}/TAAKSTELLINGTAB.parquet'"
    ).fetchall()
    return {(code, year, half): n for code, year, half, n in rows}


def test_old_and_split_gemeente_codes_are_recoded(damaged_runs, generated_raw):
    """Menterwolde 2017 (7) joins Midden-Groningen; Haaren 2020 (10) is divided 40/35/17/8% (seed
    herindelingen, split_share) with the largest remainder: Oisterwijk 4, Vught 3, Boxtel 2, Tilburg 1."""
    outcomes = {kind: damaged_runs[kind] for kind in sorted(RECODED)}
    assert {done.table for done, _ in outcomes.values()} == {"TAAKSTELLINGTAB"}
    outcome = outcomes["old_gemeente_code"][1]
    blocks = failure_blocks(outcome.result.output)
    assert not [name for name in blocks if "TAAKSTELLINGTAB" in name or "permit_holder_tasks" in name], blocks
    assert not re.search(r"SKIP relation staging\.stg_inputs__permit_holder_tasks", outcome.result.output)
    clean = raw_counts(generated_raw)
    expected = {
        ("GM1952", 2017, 2): clean[("GM1952", 2017, 2)] + 7,
        ("GM0824", 2020, 1): clean[("GM0824", 2020, 1)] + 4,
        ("GM0865", 2020, 1): clean[("GM0865", 2020, 1)] + 3,
        ("GM0757", 2020, 1): clean[("GM0757", 2020, 1)] + 2,
        ("GM0855", 2020, 1): clean[("GM0855", 2020, 1)] + 1,
    }
    tasks = outcome.tasks
    assert {key: tasks.get(key) for key in expected} == expected
    assert not any(code in {"GM1987", "GM0788"} for code, _, _ in tasks)
    assert sum(tasks.values()) == sum(clean.values()) + 7 + 10

"""Shared fixtures: run dbt or the generator into a scratch directory, never into the repository's data/.

`run_dbt(args, data_dir=..., raw_dir=...)` runs the dbt CLI of this venv with every path variable
pointing into `data_dir` (warehouse, target, logs, publish), so tests never touch `data/`, `target/` or
`logs/`. It honours `DBT_PROJECT_DIR` and `DBT_PROFILES_DIR` when set (the Makefile sets both).
`generated_raw` is one small synthetic raw set per test session (scale 0.001, seed 1); set
`MHA_TEST_RAW` to an existing raw directory to reuse it instead of generating. `handmade_raw` is a
two-person raw set written by hand (every value known, edge cases on purpose) in the layouts of
`mha.layouts`, for tests that check exact values.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mha import layouts

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN_DIR = Path(sys.executable).parent
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class CommandResult:
    returncode: int
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def scratch_env(data_dir: Path, raw_dir: Path | None = None) -> dict[str, str]:
    """The environment of a dbt or generator run whose every output lives under `data_dir`."""
    env = os.environ.copy()
    env.update(
        MHA_DATA_DIR=str(data_dir),
        MHA_RAW_DIR=str(raw_dir or data_dir / "raw"),
        MHA_WAREHOUSE=str(data_dir / "warehouse.duckdb"),
        MHA_PUBLISH_DIR=str(data_dir / "publish"),
        MHA_TARGET="ci",
        DBT_TARGET_PATH=str(data_dir / "target"),
        DBT_LOG_PATH=str(data_dir / "logs"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        DBT_USE_COLORS="false",
        PYTHONHASHSEED="0",
    )
    env.setdefault("DBT_PROJECT_DIR", str(REPO_ROOT))
    env.setdefault("DBT_PROFILES_DIR", str(REPO_ROOT))
    return env


def run_command(command: list[str], env: dict[str, str], timeout: int = 900) -> CommandResult:
    proc = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    return CommandResult(proc.returncode, ANSI_ESCAPE.sub("", proc.stdout + proc.stderr))


def run_dbt(args: list[str], data_dir: Path, raw_dir: Path | None = None) -> CommandResult:
    """Run `dbt <args>` with the warehouse, target and logs under `data_dir`."""
    return run_command([str(BIN_DIR / "dbt"), *args], scratch_env(data_dir, raw_dir))


@pytest.fixture(scope="session")
def generated_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean synthetic raw directory (scale 0.001, seed 1), generated once per session."""
    reuse = os.environ.get("MHA_TEST_RAW")
    if reuse:
        return Path(reuse)
    data_dir = tmp_path_factory.mktemp("generated")
    raw = data_dir / "raw"
    command = [sys.executable, "-m", "mha", "generate", "--scale", "0.001", "--seed", "1", "--out", str(raw)]
    result = run_command(command, scratch_env(data_dir))
    assert result.ok, f"the generator failed:\n{result.output[-3000:]}"
    return raw


def stamp_build_marker(warehouse: Path, raw_dir: Path, status: str = "succeeded") -> None:
    """Write the build marker that the dbt hooks write (macros/hooks), for a warehouse made by hand:
    the last run on it was a whole `dbt build` of `raw_dir` that started now and ended with `status`."""
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("create schema if not exists meta")
        con.execute(
            """create or replace table meta.build_marker as select
                'hand-made' as invocation_id, 'dbt build' as command, ? as status,
                now() as started_at, now() as finished_at, ? as raw_dir,
                0 as n_errors, 0 as n_warnings, 0 as n_skipped, '' as reason""",
            [status, str(raw_dir)],
        )
    finally:
        con.close()


@pytest.fixture(scope="session")
def build_marker_stamp():
    """`stamp_build_marker(warehouse, raw_dir, status='succeeded')`, for tests of the release."""
    return stamp_build_marker


@pytest.fixture(scope="session")
def dbt_runner():
    """`run_dbt(args, data_dir, raw_dir=None) -> CommandResult`, for tests that run dbt."""
    return run_dbt


# Two persons (R000000001 born 1950, died 2022; R000000002 a permit holder born 1990), two objects
# (a dwelling VBO000000000101 in Rotterdam; a caravan pitch STA000000000102 in Amsterdam from 2019) and one
# row per yearly file. Open ends: 20501231, and 88888888 in the life cycle. Codes exist in the seeds.
P1, P2 = ("R", "000000001"), ("R", "000000002")
O1, O2 = ("VBO", "000000000101"), ("STA", "000000000102")
HANDMADE_ROWS = {
    "GBAPERSOONTAB": [P1 + ("1950", "03", "07", "1", "NL", "0"), P2 + ("1990", "12", "31", "2", "SY", "1")],
    "GBAOVERLIJDENTAB": [P1 + ("20220615",)],
    "GBAADRESOBJECTBUS": [
        P1 + O1 + ("20170101", "20220615"),
        P2 + O1 + ("20170101", "20191231"),
        P2 + O2 + ("20200101", "20501231"),
    ],
    "GBAHUISHOUDENSBUS": [
        P1 + ("20170101", "20220615", "000000000001", "1", "2", 1),
        P2 + ("20170101", "20501231", "000000000002", "1", "2", 1),
    ],
    "VSLGWBTAB": [O1 + ("0599",) * 6, O2 + (None, "0363", "0363", "0363", "0363", "0363")],
    "LEVCYCLWOONNIETWOONBUS": [O1 + ("19600101", "88888888", 80), O2 + ("20190101", "20501231", None)],
    "VBOWONINGTYPETAB": [O1 + ("03",)],
    "GEDETINEERDENTAB": [P2 + ("20180101", "20180601")],
    "SECMBUS": [P2 + ("20170101", "20180101", "26"), P2 + ("20180102", "20501231", "11")],
    "NATIONALITEITTAB": [P2 + ("SY", "20160101")],
    "VERBLIJFSVERGUNNINGTAB": [P2 + ("20160601", "ASIEL")],
    "COAVERBLIJFTAB": [P2 + ("VBO", "000000000999", "20160101", "20161231")],
    "ZORGVERBLIJFTAB": [P1 + ("BW", "20170101", "20171231")],
    "TAAKSTELLINGTAB": [("0599", 2023, 1, 100), ("0599", 2023, 2, 90)],
    "PLANCAPACITEITTAB": [("0599", 2023, "SH", "HARD", 500)],
    "AFSPRAKENTAB": [("0599", 2023, "elderly", 40)],
}
HANDMADE_YEARLY_ROWS = {
    "BAGWOZTAB": lambda year: [O1 + ("10", 200000 + year)],
    "EIGENDOMTAB": lambda year: [O1 + ("H", "W")],
    "HUURTAB": lambda year: [O1 + (600.0 + year,)],
    "KOPPELPERSOONHUISHOUDEN": lambda year: [P2 + P2],
    "INHATAB": lambda year: [P2 + (20000, 25000, 30, "3", 1)],
    "ONDERWIJSINSCHRTAB": lambda year: [P2 + ("12345", "HBO", "1", f"{year}1001", f"{year + 1}0731")],
}
SNAPSHOT_YEARS = range(2018, 2025)  # 1 January snapshots: report years 2018-2023 need 2018-2024
PERIOD_YEARS = range(2017, 2024)  # income and study years


def write_handmade_raw(raw: Path) -> Path:
    """Write the handmade raw set into `raw` and return it."""
    for name, table in layouts.load_tables().items():
        if table.yearly:
            years = SNAPSHOT_YEARS if name in {"BAGWOZTAB", "EIGENDOMTAB", "HUURTAB"} else PERIOD_YEARS
            files = {table.path(raw, year): HANDMADE_YEARLY_ROWS[name](year) for year in years}
        else:
            files = {table.path(raw): HANDMADE_ROWS[name]}
        for path, rows in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            records = [dict(zip(table.column_names, row, strict=True)) for row in rows]
            pq.write_table(pa.Table.from_pylist(records, schema=table.arrow_schema()), path)
    return raw


@pytest.fixture(scope="session")
def handmade_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The handmade raw set, written once per session (treat as read-only: copy before changing)."""
    return write_handmade_raw(tmp_path_factory.mktemp("handmade") / "raw")


@pytest.fixture(scope="session")
def published_release() -> Path:
    """The real small release that `make test` builds (`$MHA_PUBLISH_DIR`, scale TEST_SCALE).

    Outside `make test`, point `MHA_PUBLISH_DIR` at any release (e.g. `data/publish` after `make build`).
    """
    folder = Path(os.environ.get("MHA_PUBLISH_DIR") or REPO_ROOT / "data" / "publish")
    if not (folder / "manifest.json").is_file():
        if os.environ.get("CI"):
            pytest.fail(f"no release in {folder}: `make test` builds one before the app and browser tests")
        pytest.skip(f"no release in {folder}: run `make build` or `make test` first")
    return folder.resolve()


def require_tool(path: str) -> None:
    """Skip a test that needs a Debian tool on a developer's machine without it; fail in CI."""
    if not Path(path).exists():
        message = f"{path} is absent: `.ci/run` installs it (apt-get install chromium poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)

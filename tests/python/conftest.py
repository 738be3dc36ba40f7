"""Shared fixtures: run dbt or the generator into a scratch directory, never into the repository's data/.

`run_dbt(args, data_dir=..., raw_dir=...)` runs the dbt CLI of this venv with every path variable
pointing into `data_dir` (warehouse, target, logs, publish), so tests never touch `data/`, `target/` or
`logs/`. It honours `DBT_PROJECT_DIR` and `DBT_PROFILES_DIR` when set (the Makefile sets both).
`generated_raw` is one small synthetic raw set per test session (scale 0.001, seed 1); set
`MHA_TEST_RAW` to an existing raw directory to reuse it instead of generating.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

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


@pytest.fixture(scope="session")
def dbt_runner():
    """`run_dbt(args, data_dir, raw_dir=None) -> CommandResult`, for tests that run dbt."""
    return run_dbt

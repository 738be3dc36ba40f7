"""The build marker: `mha release` publishes a warehouse only after a whole, successful `dbt build`.

dbt keeps one row in `meta.build_marker` inside the warehouse file (macros/hooks): `running` from the
start of every run that changes the warehouse (build, run, seed, snapshot), `succeeded` only when a
`dbt build` without selection ended with no error, failure or skipped node, else `failed` or
`partial`. A build that fails half-way, or is killed, therefore leaves no success behind, even over a
warehouse that still holds the tables of an earlier good build.

The marker also records the raw directory the build read and when it started. `trusted_build` refuses
when a file or folder of that directory changed after the build started: a later build attempt that
stopped before dbt ran (the preflight), or raw data replaced without a build, would otherwise publish
the old tables under a new release.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

PROJECT_DIR = Path(__file__).resolve().parents[2]
TABLE = "meta.build_marker"
COLUMNS = (
    "invocation_id",
    "command",
    "status",
    "started_at",
    "finished_at",
    "raw_dir",
    "n_errors",
    "n_warnings",
    "n_skipped",
    "reason",
)


class UntrustedBuild(RuntimeError):
    """The warehouse is not the result of one whole, successful `dbt build` of the current raw data."""


@dataclass(frozen=True)
class BuildMarker:
    invocation_id: str
    command: str
    status: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    raw_dir: str
    n_errors: int | None
    n_warnings: int | None
    n_skipped: int | None
    reason: str

    @property
    def raw_path(self) -> Path:
        path = Path(self.raw_dir)
        return path if path.is_absolute() else PROJECT_DIR / path

    def summary(self) -> dict:
        """What the release manifest records of the build it published."""
        return {
            "invocation_id": self.invocation_id,
            "started_at": self.started_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "finished_at": self.finished_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            if self.finished_at
            else None,
            "warnings": self.n_warnings,
        }


def read_marker(con: duckdb.DuckDBPyConnection) -> BuildMarker | None:
    """The marker row of an open warehouse, or None when the warehouse has none."""
    present = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'meta' and table_name = ?",
        [TABLE.split(".")[1]],
    ).fetchone()[0]
    if not present:
        return None
    rows = con.execute(f"select {', '.join(COLUMNS)} from {TABLE}").fetchall()
    if len(rows) != 1:
        return None
    return BuildMarker(*rows[0])


def changed_since(raw_dir: Path, moment: dt.datetime, limit: int = 5) -> list[Path]:
    """Up to `limit` files or folders under `raw_dir` (hidden ones excepted) modified after `moment`.

    A replaced, added or deleted file changes its folder's time too, so deletions are found as well.
    """
    cutoff = moment.timestamp()
    found: list[Path] = []
    for folder, dirs, files in os.walk(raw_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for path in [Path(folder)] + [Path(folder) / f for f in sorted(files) if not f.startswith(".")]:
            if path.stat().st_mtime > cutoff:
                found.append(path)
                if len(found) >= limit:
                    return found
    return found


def _when(moment: dt.datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S") if moment else "?"


def trusted_build(con: duckdb.DuckDBPyConnection, warehouse: Path) -> BuildMarker:
    """The marker of the warehouse when it may be published; else `UntrustedBuild` saying why."""
    marker = read_marker(con)
    advice = "Run `make dbt-build` (or `dbt build`) until it passes, then release again."
    if marker is None:
        raise UntrustedBuild(
            f"warehouse {warehouse} has no build marker ({TABLE}): it was not made by a `dbt build` of "
            f"this project version. {advice}"
        )
    if marker.status != "succeeded":
        counts = (
            f" ({marker.n_errors} error(s), {marker.n_skipped} skipped)"
            if marker.status == "failed" and marker.n_errors is not None
            else ""
        )
        why = {
            "running": "did not finish (it failed to end, was stopped or is still running)",
            "failed": f"failed{counts}",
            "partial": "was not a whole build",
        }.get(marker.status, f"has status {marker.status!r}")
        raise UntrustedBuild(
            f"the last dbt run on warehouse {warehouse} ({marker.command!r}, started "
            f"{_when(marker.started_at)}) {why}: {marker.reason}. Its tables may be those of an earlier "
            f"build, or a mix. {advice}"
        )
    raw = marker.raw_path
    if not raw.is_dir():
        raise UntrustedBuild(
            f"the raw directory {raw} that built warehouse {warehouse} no longer exists, so the release "
            f"cannot check that the warehouse matches its input. {advice}"
        )
    changed = changed_since(raw, marker.started_at)
    if changed:
        names = ", ".join(str(p.relative_to(raw)) or "." for p in changed)
        raise UntrustedBuild(
            f"raw data in {raw} changed after the build of warehouse {warehouse} started "
            f"({_when(marker.started_at)}): {names}. The warehouse does not hold this input (a later "
            f"build may have stopped in the preflight). {advice}"
        )
    return marker

"""Two builds of the same raw data give byte-identical published files (issue 13).

The first build is the one `make test` made (`$MHA_TEST_RAW`, `$MHA_TEST_WAREHOUSE`, its release in
`$MHA_PUBLISH_DIR`). This test builds every model again from the same raw data into a fresh warehouse
(`dbt seed` and `dbt run`: every seed and model, from the raw files up to the protection and the
published tables; the data tests already ran on the first build), stamps it as a whole build, releases it into
a second folder and compares every file of the two releases byte for byte. Only what describes the
run itself may differ: the manifest's release id, times, the audit's time and memory and the hash of
the audit report, and the audit report's time and memory lines; the test removes exactly those
before comparing."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from conftest import run_dbt, stamp_build_marker
from mha.release import make_release

pytestmark = pytest.mark.slow

# what describes the run, not the data: removed before the comparison
RUN_KEYS = {"release_id", "released_at", "build"}
RUN_AUDIT_KEYS = {"seconds", "peak_memory_mb"}
RUN_LINES = re.compile(r"^\| (audit time|audit peak memory) \|.*$", re.MULTILINE)


def _without_run(name: str, data: bytes) -> bytes:
    if name == "manifest.json":
        manifest = json.loads(data)
        for key in RUN_KEYS:
            manifest.pop(key, None)
        for key in RUN_AUDIT_KEYS:
            manifest.get("audit", {}).pop(key, None)
        # audit.md holds the audit's time and memory: its hash here, its other lines compared below
        manifest.get("files", {}).pop("audit.md", None)
        return json.dumps(manifest, sort_keys=True).encode()
    if name == "audit.md":
        return RUN_LINES.sub("", data.decode("utf-8")).encode("utf-8")
    return data


@pytest.fixture(scope="module")
def first_release() -> tuple[Path, Path]:
    raw = os.environ.get("MHA_TEST_RAW")
    publish = os.environ.get("MHA_PUBLISH_DIR")
    if not raw or not publish or not (Path(publish) / "manifest.json").is_file():
        if os.environ.get("CI"):
            pytest.fail("`make test` sets MHA_TEST_RAW and MHA_PUBLISH_DIR after its build and release")
        pytest.skip("needs the build and release of `make test` (MHA_TEST_RAW, MHA_PUBLISH_DIR)")
    return Path(raw), Path(publish).resolve()


def test_a_second_build_publishes_the_same_bytes(first_release, tmp_path):
    raw, first = first_release
    for command in (["seed"], ["run"]):
        result = run_dbt(command, tmp_path, raw)
        assert result.ok, result.output[-3000:]
    warehouse = tmp_path / "warehouse.duckdb"
    stamp_build_marker(warehouse, raw)
    publish = tmp_path / "publish"
    second = make_release(warehouse, tmp_path, publish, raw, release_id="again", log=lambda *_: None)

    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    assert "pub_counts.parquet" in names and "monitor.xlsx" in names
    different = [
        name
        for name in names
        if _without_run(name, (first / name).read_bytes()) != _without_run(name, (second / name).read_bytes())
    ]
    assert not different, f"files that differ between two builds of the same raw data: {different}"


def test_the_comparison_sees_a_changed_value():
    """The normalisation removes only the run's own figures: a changed count still differs."""
    manifest = {"release_id": "a", "audit": {"seconds": 1.0, "primary": 5}, "tables": {"pub_counts": 10}}
    changed = {"release_id": "b", "audit": {"seconds": 2.0, "primary": 6}, "tables": {"pub_counts": 10}}
    same_run = {"release_id": "b", "audit": {"seconds": 2.0, "primary": 5}, "tables": {"pub_counts": 10}}

    def norm(m):
        return _without_run("manifest.json", json.dumps(m).encode())

    assert norm(manifest) == norm(same_run)
    assert norm(manifest) != norm(changed)
    audit = b"| audit time | 26.9 s |\n| primary cells proven | 7 |\n"
    assert _without_run("audit.md", audit) == _without_run("audit.md", audit.replace(b"26.9", b"30.1"))
    assert _without_run("audit.md", audit) != _without_run("audit.md", audit.replace(b"| 7 |", b"| 8 |"))

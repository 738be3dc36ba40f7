"""`mha release` publishes only the warehouse of a whole, successful `dbt build` of the current raw data.

The fast tests stamp the marker that the dbt hooks write (macros/hooks) on a hand-made warehouse. The
failed-rebuild test (issue 16) uses the warehouse that `make test` built and released: a damaged
`dbt build` over a copy of it fails, `mha release` refuses, and the release of `make test` is unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from conftest import run_command, scratch_env
from mha import damage
from mha.release import make_release
from test_release_files import build_warehouse


def snapshot(data_dir: Path, publish_dir: Path) -> dict[str, str]:
    """Every file under the releases folder by its sha256, and where the publish symlink points."""
    files = {
        str(p.relative_to(data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((data_dir / "releases").rglob("*"))
        if p.is_file()
    }
    files["publish ->"] = os.readlink(publish_dir) if publish_dir.is_symlink() else "(none)"
    return files


@pytest.fixture
def released(tmp_path, monkeypatch, build_marker_stamp):
    """A hand-made warehouse of a good build of `raw`, released once as `r1`."""
    monkeypatch.setenv("MHA_SDC_AUDIT_MAX_VARS", "2000")
    data, raw, wh = tmp_path / "data", tmp_path / "data" / "raw", tmp_path / "wh.duckdb"
    (raw / "HUURTAB").mkdir(parents=True)
    (raw / "HUURTAB" / "HUURTAB_2022.parquet").write_bytes(b"stands for a raw file")
    (raw / "_generation.json").write_text(json.dumps({"scale": 0.001, "seed": 7}))
    build_warehouse(wh)
    time.sleep(0.01)  # the build starts after the raw files were written
    build_marker_stamp(wh, raw)
    make_release(wh, data, data / "publish", raw, release_id="r1", log=lambda *_: None)
    return wh, data, raw


def release_again(released) -> None:
    wh, data, raw = released
    make_release(wh, data, data / "publish", raw, release_id="r2", log=lambda *_: None)


@pytest.mark.parametrize(
    ("status", "says"),
    [
        ("running", "did not finish"),
        ("failed", "failed (0 error(s), 0 skipped)"),
        ("partial", "was not a whole build"),
    ],
)
def test_refuses_a_build_that_did_not_succeed(released, build_marker_stamp, status, says):
    wh, data, raw = released
    before = snapshot(data, data / "publish")
    build_marker_stamp(wh, raw, status=status)
    with pytest.raises(SystemExit, match="nothing published") as refused:
        release_again(released)
    assert says in str(refused.value)
    assert snapshot(data, data / "publish") == before


def test_refuses_a_warehouse_without_marker(released):
    wh, data, _ = released
    before = snapshot(data, data / "publish")
    con = duckdb.connect(str(wh))
    con.execute("drop table meta.build_marker")
    con.close()
    with pytest.raises(SystemExit, match="has no build marker"):
        release_again(released)
    assert snapshot(data, data / "publish") == before


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda raw: (raw / "HUURTAB" / "HUURTAB_2022.parquet").write_bytes(b"damaged"), "HUURTAB_2022"),
        (
            lambda raw: (raw / "HUURTAB" / "HUURTAB_2022_old.parquet").write_bytes(b"stray"),
            "HUURTAB_2022_old",
        ),
        (lambda raw: (raw / "HUURTAB" / "HUURTAB_2022.parquet").unlink(), "HUURTAB"),
    ],
    ids=["replaced", "added", "deleted"],
)
def test_refuses_when_raw_data_changed_after_the_build(released, change, named):
    """A later build that stopped in the preflight leaves the old marker: the raw times give it away."""
    _, data, raw = released
    before = snapshot(data, data / "publish")
    time.sleep(0.01)
    change(raw)
    with pytest.raises(SystemExit, match="changed after the build") as refused:
        release_again(released)
    assert named in str(refused.value)
    assert snapshot(data, data / "publish") == before


def test_cli_says_why_without_traceback(released, tmp_path):
    wh, data, raw = released
    (raw / "new.parquet").write_bytes(b"x")
    env = scratch_env(data, raw) | {"MHA_WAREHOUSE": str(wh)}
    result = run_command([sys.executable, "-m", "mha", "release"], env)
    assert result.returncode != 0
    assert "release: nothing published: raw data in" in result.output
    assert "Traceback" not in result.output
    locked = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(wh)!r}); print(1, flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert locked.stdout.readline().strip() == "1"
        result = run_command([sys.executable, "-m", "mha", "release"], env)
    finally:
        locked.kill()
        locked.wait()
    assert result.returncode == 1
    assert "release: nothing published: IOException" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
@pytest.mark.skipif(
    not (os.environ.get("MHA_TEST_WAREHOUSE") and os.environ.get("MHA_PUBLISH_DIR")),
    reason="needs the warehouse and release of `make test`",
)
def test_failed_rebuild_over_a_good_warehouse_is_not_published(tmp_path, generated_raw):
    """Issue 16: a good build and release (make test), a damaged build over the same warehouse, a refusal."""
    good = Path(os.environ["MHA_TEST_WAREHOUSE"])
    publish = Path(os.environ["MHA_PUBLISH_DIR"])
    data = Path(os.environ.get("MHA_DATA_DIR", publish.parent))
    con = duckdb.connect(str(good), read_only=True)
    status = con.execute("select status from meta.build_marker").fetchone()[0]
    con.close()
    assert status == "succeeded", "the build of `make test` did not mark its warehouse as succeeded"
    before = snapshot(data, publish)
    assert before["publish ->"] != "(none)", "make test wrote no release"

    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(good, warehouse)  # the same warehouse, without spoiling it for the other tests
    raw = tmp_path / "raw"
    damage.apply(generated_raw, raw, "unknown_code")
    env = scratch_env(tmp_path, raw) | {"MHA_WAREHOUSE": str(warehouse)}
    build = run_command([str(Path(sys.executable).with_name("dbt")), "build", "--fail-fast"], env)
    assert not build.ok, build.output[-3000:]
    assert "FAILED TEST raw_checks_GBAHUISHOUDENSBUS" in build.output and "TYPHH=99" in build.output

    env |= {"MHA_DATA_DIR": str(data), "MHA_PUBLISH_DIR": str(publish)}
    result = run_command([sys.executable, "-m", "mha", "release"], env)
    assert result.returncode != 0
    assert "failed (1 error(s)" in result.output, result.output
    assert "Traceback" not in result.output
    assert snapshot(data, publish) == before

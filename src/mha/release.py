"""`python -m mha release`: export the published layer and swap it in atomically.

Publishes only a warehouse whose build marker says that the last dbt run on it was a whole, successful
`dbt build` of the raw data as it is now (`mha.build_marker`); otherwise it says why and writes nothing.

Reads the `pub_*` tables from `$MHA_WAREHOUSE` (read-only), writes `<name>.parquet`, `<name>.csv`
(a suppressed value shown as `?`), `monitor.xlsx` (the monitor's tables for every area and year,
see `mha.workbook`),
`audit.md` and `manifest.json` into `$MHA_DATA_DIR/releases/<id>/`, then points the
`$MHA_PUBLISH_DIR` symlink at it by renaming a new symlink over the old one. A reader that opened
the old release keeps a complete folder; the last `--keep` releases stay on disk.

Data files are byte-identical for the same warehouse: rows sorted by every column, fixed writer
options, and in the workbook fixed document and zip timestamps.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from mha import build_marker
from mha.sdc.report import run_audit, write_reports
from mha.workbook import write_workbook

PUBLISHED_TABLES = (
    "pub_counts",
    "pub_derived",
    "pub_magnitudes",
    "pub_areas",
    "pub_labels",
    "pub_inputs",
    "pub_parameters",
    "pub_publication_plan",
)
SCHEMA = "publish"
PROJECT_DIR = Path(__file__).resolve().parents[2]


def parameters(tables: dict[str, pa.Table]) -> dict[str, str]:
    """The published parameters (`pub_parameters`, kind parameter), e.g. the marker and the threshold."""
    t = tables["pub_parameters"].to_pylist()
    return {r["parameter_code"]: r["value"] for r in t if r["kind"] == "parameter"}


def tekens(tables: dict[str, pa.Table]) -> list[tuple[str, str]]:
    """The sheet `Tekens` of the workbook: the signs and rules, in the words of `pub_parameters`."""
    rules = {
        r["parameter_code"]: r["value"] for r in tables["pub_parameters"].to_pylist() if r["kind"] == "regel"
    }
    marker = parameters(tables)["sdc_marker"]
    return [
        ("Teken", "Betekenis"),
        (marker, rules["geheim"]),
        ("Afronding", rules["afronding"]),
        ("Bescherming", rules["bescherming"]),
        ("Afgeleide cijfers", rules["afgeleide_cijfers"]),
        ("Gemiddelden en medianen", rules["gemiddelden"]),
        ("Publicatieplan", rules["publicatieplan"]),
        ("status", f"visible = gepubliceerd; geheim = niet gepubliceerd (getoond als {marker})."),
    ]


def _env_path(name: str, default: Path | None = None) -> Path:
    value = os.environ.get(name)
    if value:
        return Path(value)
    if default is None:
        raise SystemExit(f"release: environment variable {name} is not set")
    return default


def trusted_build(warehouse: Path) -> build_marker.BuildMarker:
    """The build marker of the warehouse, or SystemExit saying why the warehouse may not be published."""
    if not warehouse.is_file():
        raise SystemExit(f"release: warehouse {warehouse} does not exist; run `dbt build` first")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return build_marker.trusted_build(con, warehouse)
    except build_marker.UntrustedBuild as exc:
        raise SystemExit(f"release: nothing published: {exc}") from None
    finally:
        con.close()


def read_tables(warehouse: Path) -> dict[str, pa.Table]:
    """Every published table, rows sorted by all columns (so the output does not depend on storage)."""
    if not warehouse.is_file():
        raise SystemExit(f"release: warehouse {warehouse} does not exist; run `dbt build` first")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        present = {
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = ?", [SCHEMA]
            ).fetchall()
        }
        missing = [t for t in PUBLISHED_TABLES if t not in present]
        if missing:
            raise SystemExit(f"release: warehouse {warehouse} lacks published tables {SCHEMA}.{missing}")
        return {
            t: con.sql(f"select * from {SCHEMA}.{t} order by all").to_arrow_table() for t in PUBLISHED_TABLES
        }
    finally:
        con.close()


def _text_table(table: pa.Table) -> pa.Table:
    """The table as people read it: `value` replaced by `shown` (so suppressed is `?`, never blank)."""
    if "shown" in table.column_names and "value" in table.column_names:
        i = table.column_names.index("value")
        table = table.set_column(i, "value", table.column("shown")).drop(["shown"])
    return table


def write_parquet(table: pa.Table, path: Path) -> None:
    pq.write_table(
        table, path, compression="zstd", compression_level=3, use_dictionary=True, write_statistics=True
    )


def write_csv(table: pa.Table, path: Path) -> None:
    con = duckdb.connect()
    con.register("t", _text_table(table))
    con.execute(f"copy (select * from t) to '{path}' (format csv, header true, delimiter ',', quote '\"')")
    con.close()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def data_source(raw_dir: Path, as_real: bool = False) -> dict:
    """Synthetic (with scale and seed, from the generator's `_generation.json`) or real data.
    `as_real` makes the twin count as real data (to try the real-data path on synthetic data)."""
    gen = raw_dir / "_generation.json"
    if gen.is_file() and not as_real:
        info = json.loads(gen.read_text(encoding="utf-8"))
        return {
            "synthetic": True,
            "scale": info.get("scale"),
            "seed": info.get("seed"),
            "data_source": "synthetic twin",
        }
    return {"synthetic": False, "scale": None, "seed": None, "data_source": "real data"}


def swap_symlink(publish_dir: Path, target: Path) -> None:
    """Point `publish_dir` at `target` atomically: make a new symlink beside it and rename it over."""
    publish_dir.parent.mkdir(parents=True, exist_ok=True)
    if publish_dir.exists() and not publish_dir.is_symlink():
        raise SystemExit(f"release: {publish_dir} exists and is not a symlink; move it away first")
    tmp = publish_dir.with_name(f".{publish_dir.name}.tmp-{os.getpid()}")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(os.path.relpath(target, publish_dir.parent), tmp)
    os.replace(tmp, publish_dir)


def prune(releases_dir: Path, keep: int, current: Path) -> list[Path]:
    """Remove all but the newest `keep` releases (never the current one)."""
    done = sorted(p for p in releases_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    removed = []
    for old in done[: max(0, len(done) - keep)]:
        if old.resolve() != current.resolve():
            shutil.rmtree(old)
            removed.append(old)
    return removed


def make_release(
    warehouse: Path,
    data_dir: Path,
    publish_dir: Path,
    raw_dir: Path,
    release_id: str | None = None,
    keep: int = 3,
    as_real: bool = False,
    log=print,
) -> Path:
    now = dt.datetime.now(dt.UTC)
    release_id = release_id or now.strftime("%Y%m%dT%H%M%S%fZ")
    releases_dir = data_dir / "releases"
    final = releases_dir / release_id
    if final.exists():
        raise SystemExit(f"release: {final} exists already")
    build = trusted_build(warehouse)
    tables = read_tables(warehouse)
    # nothing is published unless every primary cell is proven (real and synthetic data alike)
    result = run_audit(warehouse)
    if not result.passed:
        write_reports(result, None, data_dir / "audit.md")
        raise SystemExit(f"release: the disclosure audit failed, nothing published:\n{result.text()}")
    staging = releases_dir / f".{release_id}.partial"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    for name, table in tables.items():
        write_parquet(table, staging / f"{name}.parquet")
        write_csv(table, staging / f"{name}.csv")
    write_workbook(tables, staging / "monitor.xlsx", tekens(tables), source=data_source(raw_dir, as_real))
    summary = result.summary()
    write_reports(result, staging / "audit.md", data_dir / "audit.md")
    files = sorted(p.name for p in staging.iterdir())
    manifest = {
        "release_id": release_id,
        "released_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        **data_source(raw_dir, as_real),
        "tables": {name: {"rows": t.num_rows, "columns": t.column_names} for name, t in tables.items()},
        "files": {f: _sha256(staging / f) for f in files},
        "disclosure": parameters(tables),
        "audit": summary,
        "build": build.summary(),
    }
    (staging / "manifest.json").write_text(
        json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    os.replace(staging, final)
    swap_symlink(publish_dir, final)
    removed = prune(releases_dir, keep, final)
    log(f"release {release_id}: {', '.join(f'{n} {t.num_rows:,} rows' for n, t in tables.items())}")
    log(f"release: {publish_dir} -> {final}" + (f" (removed {len(removed)} old)" if removed else ""))
    return final


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mha release", description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=None, help="default $MHA_WAREHOUSE")
    parser.add_argument("--data-dir", type=Path, default=None, help="default $MHA_DATA_DIR")
    parser.add_argument("--publish-dir", type=Path, default=None, help="default $MHA_PUBLISH_DIR")
    parser.add_argument("--id", dest="release_id", default=None, help="release id (default: UTC time)")
    parser.add_argument("--keep", type=int, default=3, help="releases to keep (default 3)")
    parser.add_argument(
        "--as-real", action="store_true", help="treat synthetic data as real data (the real-data path)"
    )
    args = parser.parse_args(argv)
    data_dir = args.data_dir or _env_path("MHA_DATA_DIR", Path("data"))
    warehouse = args.warehouse or _env_path("MHA_WAREHOUSE", data_dir / "warehouse.duckdb")
    publish_dir = args.publish_dir or _env_path("MHA_PUBLISH_DIR", data_dir / "publish")
    raw_dir = _env_path("MHA_RAW_DIR", data_dir / "raw")
    try:
        make_release(
            warehouse.resolve(),
            data_dir.resolve(),
            publish_dir.absolute(),
            raw_dir,
            args.release_id,
            args.keep,
            as_real=args.as_real,
        )
    except (duckdb.Error, OSError) as exc:  # e.g. a warehouse locked by a running build, a full disk
        print(f"release: nothing published: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

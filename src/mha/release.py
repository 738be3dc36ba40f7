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
import yaml

from mha import build_marker
from mha.workbook import write_workbook

PUBLISHED_TABLES = ("pub_counts", "pub_derived", "pub_magnitudes", "pub_areas", "pub_labels", "pub_inputs")
SCHEMA = "publish"
MARKER = "?"
PROJECT_DIR = Path(__file__).resolve().parents[2]

TEKENS = [
    ("Teken", "Betekenis"),
    (
        MARKER,
        "Geheim: het aantal is niet gepubliceerd. Het ware aantal is kleiner dan 10 (status primary), of"
        " het is weggelaten omdat anders een klein aantal uit te rekenen zou zijn (status secondary).",
    ),
    (
        "Afronding",
        "Elk gepubliceerd aantal is afgerond op een veelvoud van 5 (5 x floor((n + 2) / 5)): de ware"
        " waarde ligt hooguit 2 ernaast en is ten minste 10. Totalen zijn afgerond vanuit hun eigen"
        " ware waarde;"
        " een getoond totaal kan daardoor afwijken van de som van de getoonde delen.",
    ),
    (
        "Afgeleide cijfers",
        "Aandelen, cijfers per 1.000 inwoners, personen per huishouden en de mutatiegraad zijn"
        " berekend uit de gepubliceerde (afgeronde) aantallen. Ze zijn geheim (?) wanneer de teller of"
        " de noemer geheim of kleiner dan 10 is, en bij aandelen ook wanneer het complement (noemer min"
        " teller) dat is.",
    ),
    (
        "Gemiddelden en medianen",
        "Alleen gepubliceerd bij ten minste 10 eenheden en wanneer de grootste bijdrage"
        " hooguit 50% van het totaal is; getoond in drie significante cijfers.",
    ),
    (
        "status",
        "visible = gepubliceerd; primary = klein aantal (< 10); secondary = weggelaten ter bescherming;"
        " suppressed = afgeleid cijfer of gemiddelde dat niet gepubliceerd mag worden.",
    ),
]


def _env_path(name: str, default: Path | None = None) -> Path:
    value = os.environ.get(name)
    if value:
        return Path(value)
    if default is None:
        raise SystemExit(f"release: environment variable {name} is not set")
    return default


def disclosure_parameters() -> dict:
    """The `sdc_*` vars of dbt_project.yml (the parameters the published layer was built with)."""
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    params = {k: v for k, v in project.get("vars", {}).items() if k.startswith("sdc_")}
    cap = os.environ.get("MHA_SDC_AUDIT_MAX_VARS")  # set by the Makefile, which passes it to dbt too
    if cap:
        params["sdc_audit_max_vars"] = int(cap)
    return params


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


def data_source(raw_dir: Path) -> dict:
    gen = raw_dir / "_generation.json"
    if gen.is_file():
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
    run_audit: bool = True,
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
    staging = releases_dir / f".{release_id}.partial"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    for name, table in tables.items():
        write_parquet(table, staging / f"{name}.parquet")
        write_csv(table, staging / f"{name}.csv")
    write_workbook(tables, staging / "monitor.xlsx", TEKENS, source=data_source(raw_dir))
    summary = None
    if run_audit:
        from mha.sdc.report import run_audit as audit
        from mha.sdc.report import write_report

        result = audit(warehouse)
        summary = result.summary()
        write_report(result, staging / "audit.md")
        source = data_source(raw_dir)
        refuse = not result.passed or (not result.result.complete and not source["synthetic"])
        if refuse:
            shutil.rmtree(staging)
            raise SystemExit(f"release: the disclosure audit failed, nothing published:\n{result.text()}")
        if not result.result.complete:
            log(f"release: WARNING {result.result.n_unaudited} primary cells not audited (synthetic data)")
    files = sorted(p.name for p in staging.iterdir())
    manifest = {
        "release_id": release_id,
        "released_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        **data_source(raw_dir),
        "tables": {name: {"rows": t.num_rows, "columns": t.column_names} for name, t in tables.items()},
        "files": {f: _sha256(staging / f) for f in files},
        "disclosure": disclosure_parameters(),
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
    parser.add_argument("--no-audit", action="store_true", help="skip the LP audit (not for publication)")
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
            not args.no_audit,
        )
    except (duckdb.Error, OSError) as exc:  # e.g. a warehouse locked by a running build, a full disk
        print(f"release: nothing published: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`python -m mha summary`: rows per layer of the warehouse, the release, and the time taken.

Printed at the end of `make build`, so a new user sees at once what was built and where.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import duckdb

LAYERS = ("reference", "staging", "intermediate", "marts", "cubes", "publish")


def layer_rows(warehouse: Path) -> list[tuple[str, int, int]]:
    """Return (schema, number of tables/views, total rows of its tables) per layer."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        found = con.execute(
            "select table_schema, table_name, table_type from information_schema.tables"
            " where table_schema in (select unnest(?::varchar[]))",
            [list(LAYERS)],
        ).fetchall()
        result = []
        for layer in LAYERS:
            objects = [(name, kind) for schema, name, kind in found if schema == layer]
            rows = 0
            for name, kind in objects:
                if kind == "BASE TABLE":
                    rows += con.execute(f'select count(*) from "{layer}"."{name}"').fetchone()[0]
            result.append((layer, len(objects), rows))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mha summary", description=__doc__)
    parser.add_argument("--warehouse", default=os.environ.get("MHA_WAREHOUSE", "data/warehouse.duckdb"))
    parser.add_argument("--publish", default=os.environ.get("MHA_PUBLISH_DIR", "data/publish"))
    parser.add_argument("--seconds", type=int, default=None, help="wall time of the build, to print")
    args = parser.parse_args(argv)

    warehouse = Path(args.warehouse)
    if not warehouse.exists():
        print(f"No warehouse at {warehouse}: run `make build` first.")
        return 1
    print(f"\nWarehouse {warehouse}")
    print(f"  {'layer':<13} {'objects':>7} {'rows (tables)':>15}")
    for layer, objects, rows in layer_rows(warehouse):
        print(f"  {layer:<13} {objects:>7} {rows:>15,}".replace(",", "."))
    manifest = Path(args.publish) / "manifest.json"
    if manifest.exists():
        info = json.loads(manifest.read_text())
        print(f"Release {Path(args.publish).resolve()} (id {info.get('release_id', '?')})")
        for name, count in sorted(info.get("row_counts", {}).items()):
            print(f"  {name:<20} {count:>10,} rows".replace(",", "."))
    else:
        print(f"No release at {args.publish} yet.")
    if args.seconds is not None:
        print(f"Build time: {args.seconds // 60} min {args.seconds % 60} s")
    return 0

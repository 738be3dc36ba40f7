"""`python -m mha equivalence`: prove that a change to the models leaves every result the same.

`save --out DIR` writes the canonical form of every mart, of `cube_counts` and `cube_magnitudes`, of
every table in the warehouse schema `publish` and of every Parquet file of the release to DIR (one
Parquet file per table, plus `tables.json` with row counts and columns). `compare --reference DIR`
builds the same canonical forms from the current warehouse and release and compares each table with
the saved one as multisets (EXCEPT ALL in both directions, computed in one aggregation): it prints
the row counts, the rows only in the reference and only in the current build (a few examples of
each), and exits with 1 on any difference, a missing table or a different column list.

The canonical form of a mart has the columns and types that the marts had before the integer keys
(commit 5f1f4dd): CBS identifiers (`person_id = RINPERSOONS || RINPERSOON`, `object_id`,
`household_id`) and code strings. A warehouse whose marts carry integer keys is mapped back through
the key views `marts.person_keys`, `marts.object_keys` and `marts.household_keys`; enum and integer
codes are cast to the strings they stand for. A warehouse built before that change is read as is, so
a reference saved from an older commit compares with a newer build.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

MARTS = ("person_years", "household_years", "dwelling_years", "letting_years")
CUBES = ("cube_counts", "cube_magnitudes")

# The canonical columns of each mart, in order, with the expression that gives each from a mart with
# integer keys (aliases: p person_keys, o object_keys, h household_keys). A column without an
# expression is taken as it is. The mart's own types are kept except where `::` casts a code back to
# its string.
MEMBERSHIPS = (
    "list_transform({col}, lambda m: struct_pack("
    "group_code := m.group_code::varchar, subgroup_code := m.subgroup_code::varchar))"
)
CANONICAL: dict[str, list[tuple[str, str | None]]] = {
    "person_years": [
        ("report_year", "t.report_year::integer"),
        ("person_id", "p.person_id"),
        ("age", "t.age::integer"),
        ("sex_code", "t.sex_code::varchar"),
        ("object_id", "o.object_id"),
        ("object_kind", "t.object_kind::varchar"),
        ("gemeente_code", "t.gemeente_code::varchar"),
        ("woonsituatie", "t.woonsituatie::varchar"),
        ("household_id", "h.household_id"),
        ("household_type_code", "t.household_type_code::varchar"),
        ("place_in_household_code", "t.place_in_household_code::varchar"),
        ("household_size_class", "t.household_size_class::varchar"),
        ("household_kind", "t.household_kind::varchar"),
        ("address_household_count_class", "t.address_household_count_class::varchar"),
        ("tenure", "t.tenure::varchar"),
        ("memberships", MEMBERSHIPS.format(col="t.memberships")),
        ("group_count", "t.group_count::bigint"),
    ],
    "household_years": [
        ("report_year", "t.report_year::integer"),
        ("household_id", "h.household_id"),
        ("object_id", "o.object_id"),
        ("gemeente_code", "t.gemeente_code::varchar"),
        ("household_type_code", "t.household_type_code::varchar"),
        ("household_size", "t.household_size::integer"),
        ("household_size_class", "t.household_size_class::varchar"),
        ("household_kind", "t.household_kind::varchar"),
        ("address_household_count_class", "t.address_household_count_class::varchar"),
        ("tenure", "t.tenure::varchar"),
        ("disposable_income", "t.disposable_income::integer"),
        ("taxable_income", "t.taxable_income::integer"),
        ("disposable_income_quintile", "t.disposable_income_quintile::integer"),
        ("taxable_income_quintile", "t.taxable_income_quintile::bigint"),
        ("has_housing_benefit", None),
        ("kale_huur", "t.kale_huur::double"),
        ("huurquote", "t.huurquote::double"),
        ("woonquote", "t.woonquote::double"),
        ("member_memberships", MEMBERSHIPS.format(col="t.member_memberships")),
    ],
    "dwelling_years": [
        ("report_year", "t.report_year::integer"),
        ("object_id", "o.object_id"),
        ("object_kind", "t.object_kind::varchar"),
        ("gemeente_code", "t.gemeente_code::varchar"),
        ("tenure", "t.tenure::varchar"),
        ("owner_type_code", "t.owner_type_code::varchar"),
        ("kale_huur", "t.kale_huur::double"),
        ("rent_band_monitor", "t.rent_band_monitor::varchar"),
        ("rent_band_sector", "t.rent_band_sector::varchar"),
        ("woz_value", "t.woz_value::integer"),
        ("koopprijsklasse", "t.koopprijsklasse::varchar"),
        ("bouwvorm", "t.bouwvorm::varchar"),
        ("floor_area_m2", "t.floor_area_m2::integer"),
        ("floor_area_class", "t.floor_area_class::varchar"),
        ("household_count", "t.household_count::bigint"),
        ("resident_count", "t.resident_count::bigint"),
        ("has_private_household", None),
        ("floor_area_per_person", "t.floor_area_per_person::double"),
        ("resident_memberships", MEMBERSHIPS.format(col="t.resident_memberships")),
    ],
    "letting_years": [
        ("report_year", "t.report_year::integer"),
        ("object_id", "o.object_id"),
        ("gemeente_code", "t.gemeente_code::varchar"),
        ("sector", "t.sector::varchar"),
        ("is_letting", None),
        ("in_stock_on_1_jan", None),
        ("new_resident_count", "t.new_resident_count::bigint"),
        ("new_resident_memberships", MEMBERSHIPS.format(col="t.new_resident_memberships")),
    ],
}
KEY_JOINS = {
    "p": ("person_key", "marts.person_keys"),
    "o": ("object_key", "marts.object_keys"),
    "h": ("household_key", "marts.household_keys"),
}


@dataclass
class Source:
    """Where the canonical tables come from: a warehouse file and, optionally, a release folder."""

    warehouse: Path
    publish: Path | None


def columns_of(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str]:
    rows = con.execute(
        "select column_name from duckdb_columns() where database_name = 'wh' and schema_name = ?"
        " and table_name = ? order by column_index",
        [schema, table],
    ).fetchall()
    return [name for (name,) in rows]


def mart_query(con: duckdb.DuckDBPyConnection, mart: str) -> str:
    """The select giving the canonical form of `mart` from the attached warehouse `wh`."""
    present = set(columns_of(con, "marts", mart))
    if not present:
        raise LookupError(f"table marts.{mart} not found in the warehouse")
    wanted = CANONICAL[mart]
    if {name for name, _ in wanted} <= present and not present & {key for key, _ in KEY_JOINS.values()}:
        # a warehouse from before the integer keys: the mart is already in canonical form
        return "select " + ", ".join(f'"{name}"' for name, _ in wanted) + f" from wh.marts.{mart}"
    joins = []
    for alias, (key, view) in KEY_JOINS.items():
        if key in present:
            joins.append(f"left join wh.{view} as {alias} on t.{key} = {alias}.{key}")
    select = ", ".join(f"{expr or 't.' + name} as {name}" for name, expr in wanted)
    return f"select {select} from wh.marts.{mart} as t " + " ".join(joins)


def canonical_tables(con: duckdb.DuckDBPyConnection, source: Source) -> dict[str, str]:
    """Name -> select of every canonical table of `source` (the warehouse is attached as `wh`)."""
    tables = {f"marts.{mart}": mart_query(con, mart) for mart in MARTS}
    tables |= {f"cubes.{cube}": f"select * from wh.cubes.{cube}" for cube in CUBES}
    published = con.execute(
        "select table_name from duckdb_tables() where database_name = 'wh' and schema_name = 'publish'"
        " order by table_name"
    ).fetchall()
    tables |= {f"publish.{name}": f"select * from wh.publish.{name}" for (name,) in published}
    if source.publish is not None:
        for path in sorted(source.publish.glob("*.parquet")):
            tables[f"release.{path.stem}"] = f"select * from read_parquet('{path}')"
    return tables


def connect(source: Source) -> duckdb.DuckDBPyConnection:
    if not source.warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {source.warehouse}")
    con = duckdb.connect()
    spill = tempfile.mkdtemp(prefix="mha-equivalence-")
    con.execute(f"set temp_directory = '{spill}'")
    con.execute("set preserve_insertion_order = false")
    con.execute(f"attach '{source.warehouse}' as wh (read_only)")
    return con


def save(source: Source, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    con = connect(source)
    info = {}
    for name, query in canonical_tables(con, source).items():
        path = out / f"{name}.parquet"
        con.execute(f"copy ({query}) to '{path}' (format parquet)")
        described = con.execute(f"describe select * from read_parquet('{path}')").fetchall()
        rows = con.execute(f"select count(*) from read_parquet('{path}')").fetchone()[0]
        info[name] = {"rows": rows, "columns": [[c[0], c[1]] for c in described]}
        print(f"saved {name}: {rows:,} rows")
    (out / "tables.json").write_text(json.dumps(info, indent=1, sort_keys=True) + "\n")
    return 0


def difference_query(ref: str, cur: str, columns: list[str]) -> str:
    """Rows whose count differs between `ref` and `cur`, with `diff` = count in ref - count in cur.

    One hash aggregation over both sides: the rows with diff > 0 are `ref EXCEPT ALL cur` (each
    `diff` times), those with diff < 0 are `cur EXCEPT ALL ref`. The same multisets as the two
    EXCEPT ALL queries, in one pass and without their sort; NULLs count as equal, as in EXCEPT ALL.
    """
    listed = ", ".join(f'"{c}"' for c in columns)
    return (
        f"select {listed}, sum(side) as diff from ("
        f"select {listed}, 1 as side from {ref} union all select {listed}, -1 as side from ({cur})"
        f") group by {listed} having sum(side) != 0"
    )


def compare(source: Source, reference: Path, examples: int, only: str | None) -> int:
    saved = json.loads((reference / "tables.json").read_text())
    con = connect(source)
    current = canonical_tables(con, source)
    problems = 0
    for name in sorted(saved.keys() | current.keys()):
        if only and only not in name:
            continue
        if name not in current:
            print(f"DIFFERENT {name}: in the reference, missing from the current build")
            problems += 1
            continue
        if name not in saved:
            print(f"DIFFERENT {name}: in the current build, not in the reference")
            problems += 1
            continue
        ref = f"read_parquet('{reference / (name + '.parquet')}')"
        ref_columns = [tuple(c) for c in saved[name]["columns"]]
        cur_columns = [(c[0], c[1]) for c in con.execute(f"describe {current[name]}").fetchall()]
        if ref_columns != cur_columns:
            print(f"DIFFERENT {name}: columns differ\n  reference: {ref_columns}\n  current:   {cur_columns}")
            problems += 1
            continue
        names = [c[0] for c in cur_columns]
        con.execute(
            f"create or replace temp table differing as {difference_query(ref, current[name], names)}"
        )
        n_cur = con.execute(f"select count(*) from ({current[name]})").fetchone()[0]
        only_ref, only_cur = con.execute(
            "select coalesce(sum(diff) filter (where diff > 0), 0),"
            " coalesce(-sum(diff) filter (where diff < 0), 0) from differing"
        ).fetchone()
        status = "same" if only_ref == only_cur == 0 else "DIFFERENT"
        print(
            f"{status} {name}: reference {saved[name]['rows']:,} rows, current {n_cur:,};"
            f" only in reference {only_ref:,}, only in current {only_cur:,}",
            flush=True,
        )
        if status != "same":
            problems += 1
            for label, sign in (("only in reference", ">"), ("only in current", "<")):
                rows = con.execute(
                    f"select * exclude (diff) from differing where diff {sign} 0"
                    f" order by all limit {examples}"
                ).fetchall()
                for row in rows:
                    cells = " | ".join(f"{n}={v}" for n, v in zip(names, row, strict=True))
                    print(f"    {label}: {cells}")
        con.execute("drop table differing")
    print(f"equivalence: {'PASSED' if problems == 0 else f'FAILED ({problems} table(s) differ)'}")
    return 0 if problems == 0 else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mha equivalence", description=__doc__)
    parser.add_argument("command", choices=["save", "compare"])
    parser.add_argument("--warehouse", default=os.environ.get("MHA_WAREHOUSE", "data/warehouse.duckdb"))
    parser.add_argument(
        "--publish",
        default=os.environ.get("MHA_PUBLISH_DIR", "data/publish"),
        help="release folder whose Parquet files are compared too ('' to skip)",
    )
    parser.add_argument("--out", help="save: the folder to write")
    parser.add_argument("--reference", help="compare: a folder written by save")
    parser.add_argument("--examples", type=int, default=5, help="example rows per side of a difference")
    parser.add_argument("--only", help="compare: only the tables whose name contains this text")
    args = parser.parse_args(argv)
    publish = Path(args.publish) if args.publish else None
    if publish is not None and not publish.exists():
        print(f"equivalence: no release at {publish}", file=sys.stderr)
        return 2
    source = Source(Path(args.warehouse), publish)
    if args.command == "save":
        if not args.out:
            parser.error("save needs --out")
        return save(source, Path(args.out))
    if not args.reference:
        parser.error("compare needs --reference")
    return compare(source, Path(args.reference), args.examples, args.only)

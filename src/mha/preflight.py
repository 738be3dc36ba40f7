"""`python -m mha preflight`: check every raw file against its layout before dbt reads it.

    python -m mha preflight [--raw $MHA_RAW_DIR]

`make dbt-build` runs it first, so a damaged raw directory stops with one clear message per problem
(table, file, column, count) instead of an engine error half-way through `dbt build`. It reads only the
Parquet footers (names, types, row counts), so it takes seconds at any scale. It checks, against
`mha.layouts` (the sources YAML):

- every table's file is present, is a Parquet file, and has the layout's columns and types;
- a yearly table's folder holds only `<TABLE>_<yyyy>.parquet` files (a stray `HUURTAB_2022_old.parquet`
  would be read by dbt as one more file year), and every file year the report years need;
- the file-level rules of seed `value_rules` (`checked_by` = preflight): no file is empty, and no yearly
  file loses more than a stated share of the rows of the year before.

A rule listed in the dbt var `value_rules_warn` only warns. Exit code 0: the raw data may be built
(warnings printed); 1: problems, listed; 2: the raw directory does not exist.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from mha import layouts

PROJECT_DIR = layouts.PROJECT_DIR
RULES_FILE = PROJECT_DIR / "seeds" / "reference" / "value_rules.csv"
PARQUET_MAGIC = b"PAR1"


@dataclass(frozen=True)
class Problem:
    """One finding: where (table, file, column), how many rows, what; a rule's code when a rule says so."""

    table: str
    file: str
    message: str
    column: str | None = None
    rule: str | None = None
    warn_only: bool = False

    def text(self) -> str:
        where = f"table {self.table}, file {self.file}" + (f", column {self.column}" if self.column else "")
        rule = f" [rule {self.rule}{', warning only' if self.warn_only else ''}]" if self.rule else ""
        return f"{where}: {self.message}{rule}"


@dataclass(frozen=True)
class Rule:
    code: str
    check_kind: str
    min_value: float | None
    max_value: float | None
    description_en: str
    warn_only: bool


def preflight_rules() -> dict[str, Rule]:
    """The rules of seed value_rules that the preflight checks, by rule code."""
    warn = set(layouts.project_vars().get("value_rules_warn") or [])
    rules = {}
    with RULES_FILE.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["checked_by"] != "preflight":
                continue
            rules[row["rule_code"]] = Rule(
                code=row["rule_code"],
                check_kind=row["check_kind"],
                min_value=float(row["min_value"]) if row["min_value"] else None,
                max_value=float(row["max_value"]) if row["max_value"] else None,
                description_en=row["description_en"],
                warn_only=row["rule_code"] in warn,
            )
    return rules


def duckdb_type(arrow: pa.DataType) -> str:
    """The DuckDB type name a Parquet column of this Arrow type is read as (for messages and checks)."""
    if pa.types.is_dictionary(arrow):
        arrow = arrow.value_type
    if pa.types.is_string(arrow) or pa.types.is_large_string(arrow):
        return "VARCHAR"
    names = {
        pa.int8(): "TINYINT",
        pa.int16(): "SMALLINT",
        pa.int32(): "INTEGER",
        pa.int64(): "BIGINT",
        pa.uint8(): "UTINYINT",
        pa.uint16(): "USMALLINT",
        pa.uint32(): "UINTEGER",
        pa.uint64(): "UBIGINT",
        pa.float32(): "FLOAT",
        pa.float64(): "DOUBLE",
        pa.date32(): "DATE",
        pa.bool_(): "BOOLEAN",
    }
    return names.get(arrow, str(arrow).upper())


def read_footer(table: layouts.Table, path: Path, shown: str) -> tuple[int | None, list[Problem]]:
    """Rows of one Parquet file and the problems of its format and columns (no data is read)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(4)
            fh.seek(max(0, size - 4))
            tail = fh.read(4)
    except OSError as exc:
        return None, [Problem(table.name, shown, f"cannot be read: {exc.strerror or exc}")]
    if size < 12 or head != PARQUET_MAGIC or tail != PARQUET_MAGIC:
        return None, [
            Problem(
                table.name,
                shown,
                f"is not a Parquet file ({size:,} bytes, starting with {head!r}); write it as Parquet "
                "(python -m mha import converts .sav and .csv)",
            )
        ]
    try:
        meta = pq.ParquetFile(path).metadata
        schema = pq.read_schema(path)
    except (pa.ArrowException, OSError) as exc:
        return None, [Problem(table.name, shown, f"is a damaged Parquet file: {exc}")]
    problems = []
    actual = {name.lower(): (name, duckdb_type(schema.field(name).type)) for name in schema.names}
    for col in table.columns:
        expected = col.data_type.upper()
        found = actual.pop(col.name.lower(), None)
        if found is None:
            problems.append(Problem(table.name, shown, "column missing from the file", column=col.name))
        elif found[1] != expected:
            problems.append(
                Problem(
                    table.name,
                    shown,
                    f"type {found[1]}, the layout says {expected} ({meta.num_rows:,} rows)",
                    column=col.name,
                )
            )
    for name, _ in sorted(actual.values()):
        problems.append(
            Problem(
                table.name, shown, "column not in the layout (models/staging/*/_*__sources.yml)", column=name
            )
        )
    return meta.num_rows, problems


def rows_if_parquet(path: Path) -> int | None:
    """Rows of a readable Parquet file, else None (for messages about files that do not belong)."""
    try:
        return pq.ParquetFile(path).metadata.num_rows if path.is_file() else None
    except (pa.ArrowException, OSError):
        return None


def required_years(table: layouts.Table, present: list[int]) -> list[int]:
    """File years a yearly table needs: the report years widened by its offsets, and no gap between
    the first and last year present (the dbt test yearly_files_complete asks the same)."""
    report_years = layouts.report_years()
    years = set(
        range(min(report_years) + table.first_year_offset, max(report_years) + table.last_year_offset + 1)
    )
    if present:
        years |= set(range(min(present), max(present) + 1))
    return sorted(years)


def check_rows(table: layouts.Table, rows_by_file: dict[str, int], rules: dict[str, Rule]) -> list[Problem]:
    """The file-level rules: no empty file; for a yearly table, no steep fall against the year before."""
    problems = []
    empty = rules.get("rows_not_empty")
    if empty:
        for shown, rows in rows_by_file.items():
            if rows < (empty.min_value or 1):
                problems.append(
                    Problem(
                        table.name,
                        shown,
                        f"has {rows:,} rows: {empty.description_en}",
                        None,
                        empty.code,
                        empty.warn_only,
                    )
                )
    shrink = rules.get("rows_shrink")
    if shrink and table.yearly:
        by_year = sorted(
            (file_year(table, Path(shown).name), rows, shown) for shown, rows in rows_by_file.items()
        )
        for (year_before, rows_before, shown_before), (year, rows, shown) in zip(
            by_year, by_year[1:], strict=False
        ):
            if year != year_before + 1 or rows_before < (shrink.min_value or 0) or rows == 0:
                continue
            lost = 1 - rows / rows_before
            if lost > (shrink.max_value or 0):
                problems.append(
                    Problem(
                        table.name,
                        shown,
                        f"has {rows:,} rows, {lost:.0%} fewer than {Path(shown_before).name} "
                        f"({rows_before:,}): {shrink.description_en}",
                        None,
                        shrink.code,
                        shrink.warn_only,
                    )
                )
    return problems


def file_year(table: layouts.Table, name: str) -> int | None:
    match = re.fullmatch(rf"{re.escape(table.name)}_(\d{{4}})\.parquet", name)
    return int(match.group(1)) if match else None


def check_table(raw: Path, table: layouts.Table, rules: dict[str, Rule]) -> list[Problem]:
    problems: list[Problem] = []
    rows_by_file: dict[str, int] = {}
    if not table.yearly:
        path = table.path(raw)
        shown = str(path.relative_to(raw))
        if not path.is_file():
            what = "is a folder, not a file" if path.exists() else "is missing"
            return [Problem(table.name, shown, f"{what} (expected at {path})")]
        rows, found = read_footer(table, path, shown)
        problems += found
        if rows is not None:
            rows_by_file[shown] = rows
        return problems + check_rows(table, rows_by_file, rules)

    folder = raw / table.name
    single = raw / f"{table.name}.parquet"
    if single.exists():
        problems.append(
            Problem(
                table.name,
                single.name,
                f"{table.name} is yearly: its files go in {table.name}/{table.name}_<yyyy>.parquet, "
                "one per file year",
            )
        )
    present: list[int] = []
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            shown = str(path.relative_to(raw))
            if path.name.startswith("."):
                continue
            year = file_year(table, path.name)
            if year is None or not path.is_file():
                rows = rows_if_parquet(path)
                problems.append(
                    Problem(
                        table.name,
                        shown,
                        "is not a file of the layout"
                        + ("" if rows is None else f" ({rows:,} rows)")
                        + f": the folder {table.name}/ holds only "
                        f"{table.name}_<yyyy>.parquet files, and dbt reads every {table.name}_*.parquet in "
                        "it as a file year. Move it out of the folder",
                    )
                )
                continue
            present.append(year)
            rows, found = read_footer(table, path, shown)
            problems += found
            if rows is not None:
                rows_by_file[shown] = rows
    missing = [y for y in required_years(table, present) if y not in present]
    for year in missing:
        shown = str(table.path(raw, year).relative_to(raw))
        problems.append(Problem(table.name, shown, f"file year {year} is missing (the report years need it)"))
    return problems + check_rows(table, rows_by_file, rules)


def check(raw_dir: str | Path) -> list[Problem]:
    """Every problem of the raw directory, table by table in layout order (warnings included)."""
    raw = Path(raw_dir)
    rules = preflight_rules()
    tables = layouts.load_tables()
    problems: list[Problem] = []
    for table in tables.values():
        problems += check_table(raw, table, rules)
    known = set(tables) | {f"{name}.parquet" for name in tables}
    for path in sorted(raw.iterdir()):
        if path.name.startswith((".", "_")) or path.name in known:
            continue
        problems.append(
            Problem(
                path.stem, path.name, "is not a table of the layout; dbt does not read it", warn_only=True
            )
        )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mha preflight", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--raw", type=Path, default=None, help="raw directory (default $MHA_RAW_DIR, else data/raw)"
    )
    args = parser.parse_args(argv)
    raw = args.raw or Path(os.environ.get("MHA_RAW_DIR") or "data/raw")
    if not raw.is_dir():
        print(
            f"preflight: raw directory {raw} does not exist (set MHA_RAW_DIR or give --raw)", file=sys.stderr
        )
        return 2
    problems = check(raw)
    errors = [p for p in problems if not p.warn_only]
    for problem in problems:
        label = "warning" if problem.warn_only else "error"
        print(f"preflight {label}: {problem.text()}", file=sys.stderr)
    if errors:
        tables = len({p.table for p in errors})
        print(
            f"preflight: {len(errors)} problem(s) in {tables} table(s) of {raw}; dbt build not started. "
            "Fix the raw files (docs/bad_input.md) and run again.",
            file=sys.stderr,
        )
        return 1
    print(
        f"preflight: {raw}: {len(layouts.load_tables())} tables match their layout"
        + (f" ({len(problems)} warning(s))" if problems else "")
    )
    return 0

"""The layout of every raw table, read from the dbt sources YAML (the one definition).

`models/staging/cbs/_cbs__sources.yml` and `models/staging/inputs/_inputs__sources.yml` name each raw
table, its columns, their `data_type` and description, and in `meta` whether CBS versions the table
per year (`yearly`), whether its layout is a stand-in for an unpublished one (`stand_in`) and the CBS
table name (`cbs_table`). The synthetic generator, the importer and the layout tests use this module,
so a column added to the YAML reaches all three.

    >>> from mha import layouts
    >>> t = layouts.table("BAGWOZTAB")
    >>> t.path("data/raw", 2023)
    PosixPath('data/raw/BAGWOZTAB/BAGWOZTAB_2023.parquet')
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import yaml

PROJECT_DIR = Path(__file__).resolve().parents[2]

SOURCE_FILES = (
    Path("models/staging/cbs/_cbs__sources.yml"),
    Path("models/staging/inputs/_inputs__sources.yml"),
)

ARROW_TYPES: dict[str, pa.DataType] = {
    "varchar": pa.string(),
    "integer": pa.int32(),
    "bigint": pa.int64(),
    "double": pa.float64(),
    "date": pa.date32(),
}


class LayoutError(ValueError):
    """The sources YAML does not describe a table the way this module needs."""


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    description: str

    @property
    def arrow_type(self) -> pa.DataType:
        return arrow_type(self.data_type, where=f"column {self.name}")


@dataclass(frozen=True)
class Table:
    source: str
    name: str
    description: str
    columns: tuple[Column, ...]
    yearly: bool
    stand_in: bool
    cbs_table: str
    # For a yearly table: the file years needed are those of the report years, widened by these
    # offsets (the arguments of its `yearly_files_complete` test in the sources YAML).
    first_year_offset: int = 0
    last_year_offset: int = 0

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"table {self.name} has no column {name!r}; columns: {', '.join(self.column_names)}")

    def arrow_schema(self) -> pa.Schema:
        return pa.schema(
            [pa.field(c.name, arrow_type(c.data_type, where=f"{self.name}.{c.name}")) for c in self.columns]
        )

    def path(self, raw_dir: str | Path, year: int | None = None) -> Path:
        """Where the table (or, for a yearly table, the file of `year`) lives under `raw_dir`."""
        raw = Path(raw_dir)
        if self.yearly:
            if year is None:
                raise ValueError(f"table {self.name} is yearly: give the file year")
            return raw / self.name / f"{self.name}_{int(year):04d}.parquet"
        if year is not None:
            raise ValueError(f"table {self.name} is not yearly: it has one file, no year {year}")
        return raw / f"{self.name}.parquet"


def arrow_type(data_type: str, where: str = "column") -> pa.DataType:
    """The Arrow type for a sources-YAML `data_type`; a clear error for any other type."""
    key = str(data_type).strip().lower()
    if key not in ARROW_TYPES:
        known = ", ".join(ARROW_TYPES)
        raise LayoutError(f"{where}: unknown data_type {data_type!r}; known types: {known}")
    return ARROW_TYPES[key]


def parse_sources(text: str, origin: str = "<string>") -> dict[str, Table]:
    """Parse the text of one dbt sources YAML into tables, checking names and types."""
    doc = yaml.safe_load(text) or {}
    tables: dict[str, Table] = {}
    for source in doc.get("sources") or []:
        source_name = source["name"]
        for raw_table in source.get("tables") or []:
            name = raw_table.get("name")
            if not name:
                raise LayoutError(f"{origin}: a table of source {source_name!r} has no name")
            meta = raw_table.get("meta") or {}
            columns = []
            for raw_col in raw_table.get("columns") or []:
                col_name = raw_col.get("name")
                where = f"{origin}: table {name} column {col_name}"
                if not col_name:
                    raise LayoutError(f"{origin}: table {name} has a column without a name")
                if "data_type" not in raw_col:
                    raise LayoutError(f"{where}: no data_type")
                data_type = str(raw_col["data_type"]).strip().lower()
                arrow_type(data_type, where=where)
                columns.append(Column(col_name, data_type, str(raw_col.get("description") or "")))
            if not columns:
                raise LayoutError(f"{origin}: table {name} has no columns")
            names = [c.name for c in columns]
            duplicates = sorted({n for n in names if names.count(n) > 1})
            if duplicates:
                raise LayoutError(f"{origin}: table {name} repeats columns {duplicates}")
            if name in tables:
                raise LayoutError(f"{origin}: table {name} is defined twice")
            offsets = yearly_offsets(raw_table.get("data_tests") or [])
            tables[name] = Table(
                source=source_name,
                name=name,
                description=str(raw_table.get("description") or ""),
                columns=tuple(columns),
                yearly=bool(meta.get("yearly", False)),
                stand_in=bool(meta.get("stand_in", False)),
                cbs_table=str(meta.get("cbs_table") or name),
                first_year_offset=offsets.get("first_year_offset", 0),
                last_year_offset=offsets.get("last_year_offset", 0),
            )
    return tables


def yearly_offsets(data_tests: list) -> dict[str, int]:
    """The offset arguments of a table's `yearly_files_complete` test ({} when it has none)."""
    for test in data_tests:
        if isinstance(test, dict) and "yearly_files_complete" in test:
            arguments = (test["yearly_files_complete"] or {}).get("arguments") or {}
            return {k: int(v) for k, v in arguments.items() if k.endswith("_year_offset")}
    return {}


@functools.cache
def load_tables(project_dir: str | Path | None = None) -> dict[str, Table]:
    """Every raw table of both sources files, by name (cached; do not mutate the result)."""
    root = Path(project_dir) if project_dir is not None else PROJECT_DIR
    tables: dict[str, Table] = {}
    for rel in SOURCE_FILES:
        file = root / rel
        parsed = parse_sources(file.read_text(encoding="utf-8"), origin=str(rel))
        clash = sorted(set(parsed) & set(tables))
        if clash:
            raise LayoutError(f"{rel}: tables {clash} are already defined in another sources file")
        tables.update(parsed)
    return tables


@functools.cache
def project_vars() -> dict:
    """The vars of dbt_project.yml (report years, rule settings), as dbt reads them."""
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return project.get("vars") or {}


def report_years() -> list[int]:
    return sorted(int(y) for y in project_vars()["report_years"])


def table(name: str) -> Table:
    """The layout of raw table `name` (exact CBS name, case-insensitive)."""
    tables = load_tables()
    if name in tables:
        return tables[name]
    by_upper = {k.upper(): v for k, v in tables.items()}
    if str(name).upper() in by_upper:
        return by_upper[str(name).upper()]
    raise KeyError(f"unknown raw table {name!r}; known tables: {', '.join(sorted(tables))}")

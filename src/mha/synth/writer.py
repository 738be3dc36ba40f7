"""Parquet output: one writer per table (and per year), rows appended chunk by chunk, into a
temporary directory that replaces the target directory only when everything is written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from mha import layouts

WRITE_OPTIONS = {"compression": "zstd", "compression_level": 1, "write_statistics": True}
# nearly unique strings: dictionary encoding only costs time (it falls back to plain after 1 MB)
ID_COLUMNS = frozenset({"RINPERSOON", "RINPERSOONHKW", "RINOBJECTNUMMER", "HUISHOUDNR"})


class RawWriter:
    def __init__(self, tmp_dir: Path):
        self.dir = tmp_dir
        self.writers: dict[tuple[str, int | None], pq.ParquetWriter] = {}
        self.rows: dict[str, int] = {}

    def _key_path(self, name: str, year: int | None) -> Path:
        return layouts.table(name).path(self.dir, year)

    def open(self, name: str, year: int | None = None) -> None:
        key = (name, year)
        if key in self.writers:
            return
        path = self._key_path(name, year)
        path.parent.mkdir(parents=True, exist_ok=True)
        schema = layouts.table(name).arrow_schema()
        dictionary = [c for c in schema.names if c not in ID_COLUMNS]
        self.writers[key] = pq.ParquetWriter(path, schema, use_dictionary=dictionary, **WRITE_OPTIONS)

    def write(self, name: str, table: pa.Table, year: int | None = None) -> None:
        expected = layouts.table(name).arrow_schema()
        if not table.schema.equals(expected):
            raise ValueError(f"table {name}: schema {table.schema} differs from the layout {expected}")
        self.open(name, year)
        if table.num_rows:
            self.writers[(name, year)].write_table(table, row_group_size=1_000_000)
        label = name if year is None else f"{name}_{year}"
        self.rows[label] = self.rows.get(label, 0) + table.num_rows

    def close(self) -> None:
        for w in self.writers.values():
            w.close()
        self.writers.clear()


def write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def replace_dir(tmp: Path, target: Path) -> None:
    """Swap the finished temporary directory into place (the old content is removed afterwards)."""
    target = Path(target)
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    tmp.rename(target)
    if old.exists():
        shutil.rmtree(old)

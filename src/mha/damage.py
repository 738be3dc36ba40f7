"""Write a deliberately damaged copy of a raw directory, for the robustness tests.

    python -m mha damage --in data/raw --out /tmp/damaged --kind duplicate_rows

copies the clean raw directory and applies exactly one kind of damage (see `KINDS`). The damage is
deterministic: it always hits the first suitable row of the file as written, so the same clean input
gives the same damaged output. `apply` returns a `Damage` naming the table, the column and an example
value that a correct `dbt build` must report when it fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from mha import layouts

OPEN_END = "20501231"


@dataclass(frozen=True)
class Damage:
    """What `apply` did: the damaged table and column, an example value from the damaged row."""

    kind: str
    table: str
    column: str
    example: str
    description: str


class DamageError(RuntimeError):
    """The clean input does not allow this damage (missing file or no suitable row)."""


def _read(raw: Path, name: str, year: int | None = None) -> tuple[Path, pa.Table]:
    path = layouts.table(name).path(raw, year)
    if not path.exists():
        raise DamageError(f"cannot damage {name}: {path} does not exist in the clean input")
    return path, pq.read_table(path)


def _first_row(table: pa.Table, name: str, mask: pa.ChunkedArray | None = None) -> int:
    """Index of the first row (where `mask` holds); a clear error when there is none."""
    if mask is None:
        if table.num_rows == 0:
            raise DamageError(f"cannot damage {name}: the table has no rows")
        return 0
    hits = pc.indices_nonzero(pc.fill_null(mask, False))
    if len(hits) == 0:
        raise DamageError(f"cannot damage {name}: no row fits this damage")
    return int(hits[0].as_py())


def _set_value(table: pa.Table, column: str, index: int, value: object) -> pa.Table:
    values = table.column(column).to_pylist()
    values[index] = value
    position = table.schema.get_field_index(column)
    return table.set_column(
        position, table.schema.field(position), pa.array(values, table.schema.field(column).type)
    )


def _shift(yyyymmdd: str, days: int) -> str:
    return (dt.datetime.strptime(yyyymmdd, "%Y%m%d").date() + dt.timedelta(days=days)).strftime("%Y%m%d")


def duplicate_rows(raw: Path) -> Damage:
    path, table = _read(raw, "GBAPERSOONTAB")
    row = _first_row(table, "GBAPERSOONTAB")
    pq.write_table(pa.concat_tables([table, table.slice(row, 1)]), path)
    person = table.column("RINPERSOON")[row].as_py()
    return Damage("duplicate_rows", "GBAPERSOONTAB", "RINPERSOON", person, f"person {person} appears twice")


def unknown_code(raw: Path) -> Damage:
    path, table = _read(raw, "GBAHUISHOUDENSBUS")
    row = _first_row(table, "GBAHUISHOUDENSBUS", pc.not_equal(table.column("TYPHH"), "99"))
    pq.write_table(_set_value(table, "TYPHH", row, "99"), path)
    person = table.column("RINPERSOON")[row].as_py()
    return Damage(
        "unknown_code", "GBAHUISHOUDENSBUS", "TYPHH", "99", f"TYPHH '99' on the spell of person {person}"
    )


def overlapping_spells(raw: Path) -> Damage:
    """Add a second address spell that starts one day after an existing one and ends with it."""
    name = "GBAADRESOBJECTBUS"
    path, table = _read(raw, name)
    start, end = table.column("GBADATUMAANVANGADRESHOUDING"), table.column("GBADATUMEINDEADRESHOUDING")
    row = _first_row(table, name, pc.less(start, end))
    extra = table.slice(row, 1).to_pylist()[0]
    extra["GBADATUMAANVANGADRESHOUDING"] = _shift(extra["GBADATUMAANVANGADRESHOUDING"], 1)
    extra["RINOBJECTNUMMER"] = "999999999999"
    pq.write_table(pa.concat_tables([table, pa.Table.from_pylist([extra], schema=table.schema)]), path)
    person = extra["RINPERSOON"]
    return Damage(
        "overlapping_spells", name, "GBADATUMAANVANGADRESHOUDING", person, f"person {person} at two addresses"
    )


def inverted_spell(raw: Path) -> Damage:
    """Swap the start and end of a closed household spell, so it ends before it starts."""
    name = "GBAHUISHOUDENSBUS"
    path, table = _read(raw, name)
    start, end = table.column("DATUMAANVANGHH"), table.column("DATUMEINDEHH")
    closed = pc.and_(pc.less(start, end), pc.not_equal(end, OPEN_END))
    try:
        row = _first_row(table, name, closed)
    except DamageError:
        row = _first_row(table, name, pc.less(start, end))
    old_start, old_end = start[row].as_py(), end[row].as_py()
    table = _set_value(_set_value(table, "DATUMAANVANGHH", row, old_end), "DATUMEINDEHH", row, old_start)
    pq.write_table(table, path)
    person = table.column("RINPERSOON")[row].as_py()
    return Damage(
        "inverted_spell",
        name,
        "DATUMAANVANGHH",
        person,
        f"spell of person {person} runs {old_end}-{old_start}",
    )


def bad_date(raw: Path) -> Damage:
    """Write the birth year of one person as 'abcd': staging must give null, the checks name it."""
    path, table = _read(raw, "GBAPERSOONTAB")
    row = _first_row(table, "GBAPERSOONTAB")
    pq.write_table(_set_value(table, "GBAGEBOORTEJAAR", row, "abcd"), path)
    person = table.column("RINPERSOON")[row].as_py()
    return Damage("bad_date", "GBAPERSOONTAB", "GBAGEBOORTEJAAR", "abcd", f"birth year of {person} is abcd")


def bad_identifier(raw: Path) -> Damage:
    """Give one address spell a person number with a letter: it has no exact integer key."""
    name = "GBAADRESOBJECTBUS"
    path, table = _read(raw, name)
    row = _first_row(table, name)
    bad = table.column("RINPERSOON")[row].as_py()[:-1] + "X"
    pq.write_table(_set_value(table, "RINPERSOON", row, bad), path)
    return Damage("bad_identifier", name, "RINPERSOON", bad, f"person number {bad}")


def missing_column(raw: Path) -> Damage:
    path, table = _read(raw, "VBOWONINGTYPETAB")
    pq.write_table(table.drop_columns(["VBOWONINGTYPE"]), path)
    return Damage("missing_column", "VBOWONINGTYPETAB", "VBOWONINGTYPE", "VBOWONINGTYPE", "column dropped")


def wrong_type(raw: Path) -> Damage:
    path, table = _read(raw, "GBAHUISHOUDENSBUS")
    position = table.schema.get_field_index("AANTALPERSHH")
    as_text = pc.cast(table.column("AANTALPERSHH"), pa.string())
    pq.write_table(table.set_column(position, pa.field("AANTALPERSHH", pa.string()), as_text), path)
    return Damage(
        "wrong_type", "GBAHUISHOUDENSBUS", "AANTALPERSHH", "VARCHAR", "AANTALPERSHH written as text"
    )


def missing_file(raw: Path) -> Damage:
    path = layouts.table("EIGENDOMTAB").path(raw, 2021)
    if not path.exists():
        raise DamageError(f"cannot damage EIGENDOMTAB: {path} does not exist in the clean input")
    path.unlink()
    return Damage("missing_file", "EIGENDOMTAB", "file_year", "2021", f"{path.name} deleted")


KINDS: dict[str, Callable[[Path], Damage]] = {
    "duplicate_rows": duplicate_rows,
    "unknown_code": unknown_code,
    "overlapping_spells": overlapping_spells,
    "inverted_spell": inverted_spell,
    "bad_date": bad_date,
    "bad_identifier": bad_identifier,
    "missing_column": missing_column,
    "wrong_type": wrong_type,
    "missing_file": missing_file,
}


def damage_in_place(raw_dir: str | Path, kind: str) -> Damage:
    """Apply damage `kind` to the raw directory itself (tests combine kinds that hit different checks)."""
    if kind not in KINDS:
        raise ValueError(f"unknown damage kind {kind!r}; kinds: {', '.join(KINDS)}")
    return KINDS[kind](Path(raw_dir))


def apply(raw_in: str | Path, out: str | Path, kind: str) -> Damage:
    """Copy `raw_in` to `out` (which must not exist or be empty) and apply damage `kind` to the copy."""
    if kind not in KINDS:
        raise ValueError(f"unknown damage kind {kind!r}; kinds: {', '.join(KINDS)}")
    source, target = Path(raw_in), Path(out)
    if not source.is_dir():
        raise DamageError(f"clean raw directory {source} does not exist")
    if target.exists() and any(target.iterdir()):
        raise DamageError(f"output directory {target} is not empty; give a new directory")
    if target.exists():
        target.rmdir()
    shutil.copytree(source, target)
    return damage_in_place(target, kind)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mha damage", description=__doc__.splitlines()[0])
    parser.add_argument("--in", dest="raw_in", required=True, help="clean raw directory")
    parser.add_argument("--out", required=True, help="new directory for the damaged copy")
    parser.add_argument("--kind", required=True, choices=sorted(KINDS), help="the one damage to apply")
    args = parser.parse_args(argv)
    try:
        damage = apply(args.raw_in, args.out, args.kind)
    except DamageError as error:
        print(f"damage: {error}", file=sys.stderr)
        return 1
    print(f"{damage.kind}: {damage.table}.{damage.column}: {damage.description} (in {args.out})")
    return 0

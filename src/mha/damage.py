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


def empty_table(raw: Path) -> Damage:
    """GBAOVERLIJDENTAB with its columns and no rows (an export that failed silently)."""
    path, table = _read(raw, "GBAOVERLIJDENTAB")
    pq.write_table(table.slice(0, 0), path)
    return Damage("empty_table", "GBAOVERLIJDENTAB", "(rows)", "0 rows", f"{path.name} emptied")


def shrinking_table(raw: Path) -> Damage:
    """EIGENDOMTAB of file year 2021 keeps only its first half of rows (an export cut short)."""
    path, table = _read(raw, "EIGENDOMTAB", 2021)
    kept = table.num_rows // 2
    pq.write_table(table.slice(0, kept), path)
    return Damage(
        "shrinking_table",
        "EIGENDOMTAB",
        "(rows)",
        f"{kept:,} rows",
        f"{path.name}: {kept} of {table.num_rows}",
    )


def empty_yearly_file(raw: Path) -> Damage:
    """HUURTAB of file year 2021 with its columns and no rows (present, so not a missing year)."""
    path, table = _read(raw, "HUURTAB", 2021)
    pq.write_table(table.slice(0, 0), path)
    return Damage("empty_yearly_file", "HUURTAB", "(rows)", "0 rows", f"{path.name} emptied")


def not_parquet(raw: Path) -> Damage:
    """GBAPERSOONTAB.parquet holds CSV text (a file saved in the wrong format under the right name)."""
    path, table = _read(raw, "GBAPERSOONTAB")
    head = table.slice(0, 3).to_pylist()
    lines = [",".join(table.column_names)] + [",".join(str(v) for v in row.values()) for row in head]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Damage(
        "not_parquet", "GBAPERSOONTAB", "(file)", "not a Parquet file", f"{path.name} holds CSV text"
    )


def stray_file(raw: Path) -> Damage:
    """A copy of HUURTAB_2022.parquet left as HUURTAB_2022_old.parquet in the HUURTAB folder."""
    path, _ = _read(raw, "HUURTAB", 2022)
    stray = path.with_name(f"{path.stem}_old.parquet")
    shutil.copyfile(path, stray)
    return Damage("stray_file", "HUURTAB", "(file)", stray.name, f"{stray.name} beside {path.name}")


def _first_known(table: pa.Table, name: str, column: str) -> int:
    return _first_row(table, name, pc.is_valid(table.column(column)))


def negative_rent(raw: Path) -> Damage:
    """A negative kale huur in HUURTAB of file year 2022 (the 1 January snapshot of report year 2021)."""
    path, table = _read(raw, "HUURTAB", 2022)
    row = _first_known(table, "HUURTAB", "KALEHUUR")
    pq.write_table(_set_value(table, "KALEHUUR", row, -450.0), path)
    obj = table.column("RINOBJECTNUMMER")[row].as_py()
    return Damage("negative_rent", "HUURTAB", "KALEHUUR", "-450", f"kale huur -450 for object {obj}")


def absurd_value(raw: Path) -> Damage:
    """A WOZ value of 2 billion euros in BAGWOZTAB of file year 2022."""
    path, table = _read(raw, "BAGWOZTAB", 2022)
    row = _first_known(table, "BAGWOZTAB", "WOZWAARDE")
    pq.write_table(_set_value(table, "WOZWAARDE", row, 2_000_000_000), path)
    obj = table.column("RINOBJECTNUMMER")[row].as_py()
    return Damage("absurd_value", "BAGWOZTAB", "WOZWAARDE", "2000000000", f"WOZ 2,000,000,000 for {obj}")


def non_date_birth_year(raw: Path) -> Damage:
    """The year of birth 'abcd' for one person of GBAPERSOONTAB."""
    path, table = _read(raw, "GBAPERSOONTAB")
    row = _first_row(table, "GBAPERSOONTAB")
    pq.write_table(_set_value(table, "GBAGEBOORTEJAAR", row, "abcd"), path)
    person = table.column("RINPERSOON")[row].as_py()
    return Damage(
        "non_date_birth_year", "GBAPERSOONTAB", "GBAGEBOORTEJAAR", "abcd", f"person {person} born 'abcd'"
    )


def date_out_of_range(raw: Path) -> Damage:
    """A date of death on 1 January 1700 in GBAOVERLIJDENTAB: a real date, before every date the
    value rules allow."""
    path, table = _read(raw, "GBAOVERLIJDENTAB")
    row = _first_row(table, "GBAOVERLIJDENTAB")
    pq.write_table(_set_value(table, "GBADATUMOVERLIJDEN", row, "17000101"), path)
    person = table.column("RINPERSOON")[row].as_py()
    return Damage(
        "date_out_of_range", "GBAOVERLIJDENTAB", "GBADATUMOVERLIJDEN", "17000101", f"{person} died 1700"
    )


def enrolment_outside_year(raw: Path) -> Damage:
    """An enrolment in the file of study year 2020/21 that runs from January to June 2022."""
    path, table = _read(raw, "ONDERWIJSINSCHRTAB", 2020)
    row = _first_row(table, "ONDERWIJSINSCHRTAB")
    table = _set_value(_set_value(table, "AANVINSCHR", row, "20220101"), "EINDINSCHR", row, "20220601")
    pq.write_table(table, path)
    person = table.column("RINPERSOON")[row].as_py()
    return Damage(
        "enrolment_outside_year", "ONDERWIJSINSCHRTAB", "AANVINSCHR", "20220101", f"{person} enrolled 2022"
    )


def _append(raw: Path, name: str, row: dict) -> None:
    path, table = _read(raw, name)
    pq.write_table(pa.concat_tables([table, pa.Table.from_pylist([row], schema=table.schema)]), path)


def old_gemeente_code(raw: Path) -> Damage:
    """A taakstelling of 2017 for GM1987 Menterwolde, which joined Midden-Groningen (GM1952) in 2018.
    Not an error: staging recodes it to GM1952 (seed herindelingen)."""
    _append(raw, "TAAKSTELLINGTAB", {"GEMEENTECODE": "1987", "JAAR": 2017, "HALFJAAR": 2, "TAAKSTELLING": 7})
    return Damage("old_gemeente_code", "TAAKSTELLINGTAB", "GEMEENTECODE", "1987", "Menterwolde 2017: 7")


def split_gemeente_code(raw: Path) -> Damage:
    """A taakstelling of 2020 for GM0788 Haaren, split over four gemeenten in 2021. Not an error:
    staging divides it by the documented shares of seed herindelingen (split_share)."""
    _append(raw, "TAAKSTELLINGTAB", {"GEMEENTECODE": "0788", "JAAR": 2020, "HALFJAAR": 1, "TAAKSTELLING": 10})
    return Damage("split_gemeente_code", "TAAKSTELLINGTAB", "GEMEENTECODE", "0788", "Haaren 2020: 10")


def split_without_share(raw: Path) -> Damage:
    """Plancapaciteit of 2017 for GM0140 Littenseradiel, split in 2018 with no documented shares."""
    row = {"GEMEENTECODE": "0140", "JAAR": 2017, "SEGMENT": "SH", "PLANSTATUS": "HARD", "AANTAL": 25}
    _append(raw, "PLANCAPACITEITTAB", row)
    return Damage("split_without_share", "PLANCAPACITEITTAB", "GEMEENTECODE", "GM0140", "Littenseradiel 2017")


def ceased_gemeente_code(raw: Path) -> Damage:
    """An agreement of 2023 for GM0457 Weesp, which joined Amsterdam on 24 March 2022."""
    _append(raw, "AFSPRAKENTAB", {"GEMEENTECODE": "0457", "JAAR": 2023, "GROEP": "elderly", "AANTAL": 3})
    return Damage("ceased_gemeente_code", "AFSPRAKENTAB", "GEMEENTECODE", "GM0457", "Weesp 2023")


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
    "empty_table": empty_table,
    "shrinking_table": shrinking_table,
    "empty_yearly_file": empty_yearly_file,
    "not_parquet": not_parquet,
    "stray_file": stray_file,
    "negative_rent": negative_rent,
    "absurd_value": absurd_value,
    "non_date_birth_year": non_date_birth_year,
    "date_out_of_range": date_out_of_range,
    "enrolment_outside_year": enrolment_outside_year,
    "old_gemeente_code": old_gemeente_code,
    "split_gemeente_code": split_gemeente_code,
    "split_without_share": split_without_share,
    "ceased_gemeente_code": ceased_gemeente_code,
}


def corrupt_sav(raw: Path, out: Path) -> Damage:
    """Import inputs for `python -m mha import --config <out>/import.yml`: a good .sav of
    GBAOVERLIJDENTAB and a .sav of VBOWONINGTYPETAB cut off half-way (a broken copy from the network
    drive). The importer must write the good one, refuse the broken one and keep its earlier file."""
    import pyreadstat

    out.mkdir(parents=True, exist_ok=True)
    files = []
    for name, broken in (("GBAOVERLIJDENTAB", False), ("VBOWONINGTYPETAB", True)):
        _, table = _read(raw, name)
        sav = out / f"{name}.sav"
        pyreadstat.write_sav(table.to_pandas(), str(sav))
        if broken:
            data = sav.read_bytes()
            sav.write_bytes(data[: len(data) // 2])
        files.append(f"  - {{table: {name}, input: {sav.name}}}")
    (out / "import.yml").write_text("files:\n" + "\n".join(files) + "\n", encoding="utf-8")
    return Damage("corrupt_sav", "VBOWONINGTYPETAB", "(file)", "VBOWONINGTYPETAB.sav", "cut off half-way")


# Kinds that write importer inputs into a new folder instead of damaging a raw directory.
IMPORT_KINDS: dict[str, Callable[[Path, Path], Damage]] = {"corrupt_sav": corrupt_sav}


def damage_in_place(raw_dir: str | Path, kind: str) -> Damage:
    """Apply damage `kind` to the raw directory itself (tests combine kinds that hit different checks)."""
    if kind not in KINDS:
        raise ValueError(f"unknown damage kind {kind!r}; kinds: {', '.join(KINDS)}")
    return KINDS[kind](Path(raw_dir))


def apply(raw_in: str | Path, out: str | Path, kind: str) -> Damage:
    """Copy `raw_in` to `out` (which must not exist or be empty) and apply damage `kind` to the copy;
    for an import kind (`IMPORT_KINDS`), write the damaged importer inputs into `out` instead."""
    if kind not in KINDS and kind not in IMPORT_KINDS:
        raise ValueError(f"unknown damage kind {kind!r}; kinds: {', '.join([*KINDS, *IMPORT_KINDS])}")
    source, target = Path(raw_in), Path(out)
    if not source.is_dir():
        raise DamageError(f"clean raw directory {source} does not exist")
    if target.exists() and any(target.iterdir()):
        raise DamageError(f"output directory {target} is not empty; give a new directory")
    if kind in IMPORT_KINDS:
        return IMPORT_KINDS[kind](source, target)
    if target.exists():
        target.rmdir()
    shutil.copytree(source, target)
    return damage_in_place(target, kind)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mha damage", description=__doc__.splitlines()[0])
    parser.add_argument("--in", dest="raw_in", required=True, help="clean raw directory")
    parser.add_argument("--out", required=True, help="new directory for the damaged copy")
    parser.add_argument(
        "--kind", required=True, choices=sorted([*KINDS, *IMPORT_KINDS]), help="the one damage to apply"
    )
    args = parser.parse_args(argv)
    try:
        damage = apply(args.raw_in, args.out, args.kind)
    except DamageError as error:
        print(f"damage: {error}", file=sys.stderr)
        return 1
    print(f"{damage.kind}: {damage.table}.{damage.column}: {damage.description} (in {args.out})")
    return 0

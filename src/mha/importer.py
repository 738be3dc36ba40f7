"""`python -m mha import`: convert real CBS files (.sav or .csv) into the raw Parquet layout.

One file:

    python -m mha import --table GBAADRESOBJECTBUS --input GBAADRESOBJECT2023BUSV1.sav --out $MHA_RAW_DIR
    python -m mha import --table BAGWOZTAB --input BAGWOZTAB2023V1.sav --year 2023 --mapping mapping.yml

Many files (see docs/importer.md):

    python -m mha import --config import.yml [--out $MHA_RAW_DIR]

The layout of every table comes from `mha.layouts` (the dbt sources YAML). Column names are matched
case-insensitively; a mapping renames the ones that differ. Values are cast to the layout types: codes
become strings (zero-padded to the width the column description gives, e.g. '01' or 9-character
person numbers), dates become 'yyyymmdd' strings (SPSS dates included). Codes are checked against the
seed their description names ("(seed typhh)"), dates in parts ('yyyy', 'mm', 'dd') each and together,
and a yearly table's --year against the report years and the year in the input's name. A file that
cannot be read, a missing column or bad values are refused: the whole file is read and every bad
column listed with its count and up to five values with their rows. Files are read in chunks and
written atomically (a temporary file renamed into place), so a refused file never replaces a good one;
with --config each file is imported on its own, and the exit code is 1 when any was refused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from mha import layouts

CHUNK_ROWS = 1_000_000
SEEDS_DIR = layouts.PROJECT_DIR / "seeds" / "reference"
OPEN_END_DATES = {"20501231", "88888888"}
MAX_EXAMPLES = 5
INT_RANGES = {"integer": (-(2**31), 2**31 - 1), "bigint": (-(2**63), 2**63 - 1)}


class ImportRefused(ValueError):
    """The input cannot be converted into the layout; the message names table, column and rows."""


@dataclass
class Job:
    table: str
    input: Path
    year: int | None = None
    mapping: dict[str, str] = field(default_factory=dict)


# --- formats per column ---------------------------------------------------------------------------
def is_date_column(col: layouts.Column) -> bool:
    return col.data_type == "varchar" and "yyyymmdd" in col.description.lower()


# Columns that hold the same kind of value as another column whose description states its width.
SAME_VALUES_AS = {"RINPERSOONHKW": "RINPERSOON"}


def code_width(col: layouts.Column) -> int | None:
    """The fixed width of a code column as its description (or that of a same-named column in another
    table, so that join keys are padded alike) states it, or None (no padding)."""
    own = described_width(col)
    if own is not None:
        return own
    name = SAME_VALUES_AS.get(col.name.upper(), col.name.upper())
    for other in layouts.load_tables().values():
        for other_col in other.columns:
            if other_col.name.upper() == name and other_col.data_type == col.data_type:
                width = described_width(other_col)
                if width is not None:
                    return width
    return None


def described_width(col: layouts.Column) -> int | None:
    text = col.description
    if col.data_type != "varchar":
        return None
    if is_date_column(col):
        return 8
    for pattern, width in (("'yyyy'", 4), ("'mm'", 2), ("'dd'", 2)):
        if pattern in text.lower():
            return width
    match = re.search(r"(\d+)-(?:digit|character)", text)
    if match:
        return int(match.group(1))
    codes = re.findall(r"'(\d+)'", text)
    if codes and any(c.startswith("0") and len(c) > 1 for c in codes) and len({len(c) for c in codes}) == 1:
        return len(codes[0])
    return None


# --- reading --------------------------------------------------------------------------------------
def read_chunks(path: Path, chunk_rows: int = CHUNK_ROWS) -> Iterator[pd.DataFrame]:
    """The input file as data frames of at most `chunk_rows` rows (strings kept as read)."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise ImportRefused(f"input file {path} does not exist")
    if suffix == ".sav" or suffix == ".zsav":
        import pyreadstat

        reader = pyreadstat.read_file_in_chunks(
            pyreadstat.read_sav, str(path), chunksize=chunk_rows, dates_as_pandas_datetime=True
        )
        for frame, _meta in reader:
            yield frame
    elif suffix == ".csv":
        sep = sniff_separator(path)
        yield from pd.read_csv(
            path, sep=sep, dtype=str, keep_default_na=False, chunksize=chunk_rows, encoding="utf-8-sig"
        )
    elif suffix == ".parquet":
        for batch in pq.ParquetFile(path).iter_batches(batch_size=chunk_rows):
            yield batch.to_pandas()
    else:
        raise ImportRefused(f"input file {path}: unknown format {suffix!r} (use .sav, .csv or .parquet)")


def sniff_separator(path: Path) -> str:
    with path.open(encoding="utf-8-sig") as fh:
        header = fh.readline()
    return max([",", ";", "\t", "|"], key=header.count)


# --- column matching ------------------------------------------------------------------------------
def match_columns(table: layouts.Table, source_columns: list[str], mapping: dict[str, str]) -> dict[str, str]:
    """Layout column -> source column, after the mapping; refuses missing or ambiguous columns."""
    renamed: dict[str, str] = {}  # normalised target name -> source column
    mapping_upper = {k.upper(): v for k, v in mapping.items()}
    for src in source_columns:
        target = mapping_upper.get(str(src).upper(), src)
        key = str(target).upper()
        if key in renamed:
            raise ImportRefused(
                f"table {table.name}: columns {renamed[key]!r} and {src!r} both map to {target!r}"
            )
        renamed[key] = src
    unknown_targets = sorted(
        {v for v in mapping.values() if v.upper() not in {c.upper() for c in table.column_names}}
    )
    if unknown_targets:
        raise ImportRefused(
            f"table {table.name}: mapping renames to {unknown_targets}, which are not columns of the layout "
            f"({', '.join(table.column_names)})"
        )
    missing = [c for c in table.column_names if c.upper() not in renamed]
    if missing:
        raise ImportRefused(
            f"table {table.name}: missing column(s) {', '.join(missing)}; the input has "
            f"{', '.join(map(str, source_columns))}. Add a mapping 'INPUT_NAME: {missing[0]}' if the "
            f"column has another name."
        )
    return {c: renamed[c.upper()] for c in table.column_names}


# --- casting --------------------------------------------------------------------------------------
@dataclass
class ColumnProblem:
    """Bad values of one kind in one column: how many in the whole file, the first few with their rows."""

    column: str
    what: str
    count: int = 0
    examples: list[tuple[int, object]] = field(default_factory=list)

    def text(self, table: str) -> str:
        shown = ", ".join(f"row {row}: {shown_value(v)!r}" for row, v in self.examples)
        return f"table {table}, column {self.column}: {self.count} value(s) {self.what}; e.g. {shown}"


class Problems:
    """Every value problem of one input file, column by column (the file is read to its end)."""

    def __init__(self, table: str) -> None:
        self.table = table
        self.found: dict[tuple[str, str], ColumnProblem] = {}

    def add(self, column: str, source: str, what: str, bad: pd.Series, row_offset: int) -> None:
        """Record the values of `bad` (index: row position in the chunk) as `what`."""
        name = column if source == column else f"{column} (input column {source})"
        problem = self.found.setdefault((name, what), ColumnProblem(name, what))
        problem.count += len(bad)
        room = MAX_EXAMPLES - len(problem.examples)
        problem.examples += [(row_offset + int(i) + 1, v) for i, v in bad.head(max(room, 0)).items()]

    def __bool__(self) -> bool:
        return bool(self.found)

    def message(self) -> str:
        lines = [p.text(self.table) for p in self.found.values()]
        total = sum(p.count for p in self.found.values())
        if len(lines) == 1:
            return lines[0]
        return f"{total} bad value(s) in {len(lines)} check(s):\n    " + "\n    ".join(lines)


def shown_value(value: object) -> object:
    """A value as the input holds it, for messages: 20231399.0 (an SPSS number) shows as 20231399."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, np.generic):
        return shown_value(value.item())
    return value


def null_mask(series: pd.Series) -> pd.Series:
    mask = series.isna()
    if series.dtype == object or pd.api.types.is_string_dtype(series):
        mask |= series.astype(str).str.strip().eq("") & ~series.isna()
    return mask


def integral_strings(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers as integer strings; returns (strings, mask of values that are not whole numbers)."""
    numbers = values.astype("float64")
    bad = ~np.isfinite(numbers) | (numbers != np.round(numbers))
    text = numbers.where(~bad, 0).astype("int64").astype(str)
    return text, bad


# Columns of a date in three parts: 'yyyy', 'mm', 'dd' in the description, with these checks.
DATE_PARTS = {
    "'yyyy'": (r"\d{4}", None, "are not a year 'yyyy'"),
    "'mm'": (r"\d{2}", (1, 12), "are not a month '01'-'12'"),
    "'dd'": (r"\d{2}", (1, 31), "are not a day '01'-'31'"),
}


def date_part(col: layouts.Column) -> str | None:
    """`'yyyy'`, `'mm'` or `'dd'` for a column that holds one part of a date, else None."""
    text = col.description.lower()
    return next((part for part in DATE_PARTS if part in text), None) if col.data_type == "varchar" else None


@functools.cache
def code_list(col: layouts.Column) -> tuple[str, frozenset[str]] | None:
    """(seed name, codes) of the seed that a column's description names as its code list, or None."""
    match = re.search(r"\(seed (\w+)", col.description)
    if not match:
        return None
    name = match.group(1)
    for candidate in (f"code_{name}", name):
        path = SEEDS_DIR / f"{candidate}.csv"
        if path.is_file():
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            key = "code" if "code" in frame.columns else next(c for c in frame.columns if c.endswith("_code"))
            return candidate, frozenset(frame[key])
    raise layouts.LayoutError(f"column {col.name}: its description names seed {name!r}, which does not exist")


def cast_varchar(
    series: pd.Series, col: layouts.Column, source: str, row_offset: int, problems: Problems
) -> pa.Array:
    nulls = null_mask(series)
    values = series[~nulls]
    width = code_width(col)
    good = pd.Series(True, index=values.index)
    if is_date_column(col):
        text = date_strings(values)
    elif pd.api.types.is_bool_dtype(values):
        text = values.astype(int).astype(str)
    elif pd.api.types.is_numeric_dtype(values):
        text, bad = integral_strings(values)
        if bad.any():
            problems.add(col.name, source, "are not whole numbers (a code)", values[bad], row_offset)
            good &= ~bad
    else:
        text = texts(values)
    if width is not None:
        digits = text.str.fullmatch(r"\d+")
        too_long = digits & (text.str.len() > width) & good
        if too_long.any():
            problems.add(col.name, source, f"are longer than {width} digits", values[too_long], row_offset)
            good &= ~too_long
        text = text.where(~digits, text.str.zfill(width))
    if is_date_column(col):
        bad = ~map_unique(text, valid_cbs_date).astype(bool) & good
        if bad.any():
            problems.add(col.name, source, "are not dates 'yyyymmdd'", values[bad], row_offset)
            good &= ~bad
    part = date_part(col)
    if part is not None:
        pattern, bounds, what = DATE_PARTS[part]
        ok = text.str.fullmatch(pattern)
        if bounds is not None:
            number = pd.to_numeric(text.where(ok, "0"))
            ok &= number.between(*bounds)
        bad = ~ok & good
        if bad.any():
            problems.add(col.name, source, what, values[bad], row_offset)
            good &= ~bad
    codes = code_list(col)
    if codes is not None:
        bad = ~text.isin(codes[1]) & good
        if bad.any():
            listed = ", ".join(sorted(codes[1])) if len(codes[1]) <= 15 else f"{len(codes[1])} codes"
            problems.add(
                col.name,
                source,
                f"are not in the code list (seed {codes[0]}: {listed})",
                values[bad],
                row_offset,
            )
            good &= ~bad
    out = pd.Series(None, index=series.index, dtype=object)
    out[~nulls] = text.where(good, None).values
    return pa.array(out, type=pa.string(), from_pandas=True)


def object_to_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.strftime("%Y%m%d")
    if isinstance(value, dt.date):
        return value.strftime("%Y%m%d")
    return str(value).strip()


def map_unique(values: pd.Series, fn) -> pd.Series:
    """`values.map(fn)`, calling fn once per distinct value (codes and dates repeat a lot)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    mapped = np.array([fn(u) for u in uniques] + [None], dtype=object)
    return pd.Series(mapped[codes], index=values.index)


def texts(values: pd.Series) -> pd.Series:
    """Non-null values of any Python type as stripped text."""
    if pd.api.types.infer_dtype(values, skipna=True) == "string":
        return values.astype(str).str.strip()
    return map_unique(values, object_to_text)


def date_strings(values: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        return map_unique(values, lambda ts: ts.strftime("%Y%m%d"))
    if pd.api.types.is_numeric_dtype(values):
        text, bad = integral_strings(values)
        return text.where(~bad, values.astype(str))
    text = texts(values)
    iso = text.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    return text.where(~iso, text.str.replace("-", "", regex=False))


def valid_cbs_date(text: str) -> bool:
    if text in OPEN_END_DATES:
        return True
    if not re.fullmatch(r"\d{8}", text):
        return False
    try:
        dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return False
    return True


def to_numbers(series: pd.Series, nulls: pd.Series) -> tuple[pd.Series, pd.Series]:
    values = series[~nulls]
    if pd.api.types.is_bool_dtype(values):
        values = values.astype(int)
    if not pd.api.types.is_numeric_dtype(values):
        text = values.map(lambda v: str(v).strip())
        text = text.where(~text.str.fullmatch(r"-?\d+,\d+"), text.str.replace(",", ".", regex=False))
        numbers = pd.to_numeric(text, errors="coerce")
    else:
        numbers = values.astype("float64")
    return values, numbers.astype("float64")


def cast_number(
    series: pd.Series, col: layouts.Column, source: str, row_offset: int, problems: Problems
) -> pa.Array:
    nulls = null_mask(series)
    values, numbers = to_numbers(series, nulls)
    bad = numbers.isna() | ~np.isfinite(numbers)
    if bad.any():
        problems.add(col.name, source, f"cannot be read as {col.data_type}", values[bad], row_offset)
        numbers = numbers.where(~bad, 0.0)
    if col.data_type in INT_RANGES:
        low, high = INT_RANGES[col.data_type]
        out_of_range = ~bad & ((numbers != np.round(numbers)) | (numbers < low) | (numbers > high))
        if out_of_range.any():
            what = f"are not whole numbers in the {col.data_type} range"
            problems.add(col.name, source, what, values[out_of_range], row_offset)
            numbers = numbers.where(~out_of_range, 0.0)
        full = pd.Series(pd.NA, index=series.index, dtype="Int64")
        full[~nulls] = numbers.astype("int64").values
        return pa.array(full, type=col.arrow_type, from_pandas=True)
    full = pd.Series(np.nan, index=series.index, dtype="float64")
    full[~nulls] = numbers.values
    return pa.array(full.to_numpy(), type=pa.float64(), mask=nulls.to_numpy())


def cast_date(
    series: pd.Series, col: layouts.Column, source: str, row_offset: int, problems: Problems
) -> pa.Array:
    nulls = null_mask(series)
    values = series[~nulls]
    text = date_strings(values)
    parsed = pd.to_datetime(text, format="%Y%m%d", errors="coerce")
    bad = parsed.isna()
    if bad.any():
        problems.add(col.name, source, "are not dates", values[bad], row_offset)
    full = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    full[~nulls] = parsed.values
    return pa.array(full.dt.date.where(full.notna(), None).tolist(), type=pa.date32())


CASTS = {
    "varchar": cast_varchar,
    "integer": cast_number,
    "bigint": cast_number,
    "double": cast_number,
    "date": cast_date,
}


def date_triples(table: layouts.Table) -> list[tuple[str, str, str]]:
    """Columns that together hold one date: <X>JAAR 'yyyy', <X>MAAND 'mm', <X>DAG 'dd'."""
    names = set(table.column_names)
    triples = []
    for col in table.columns:
        if date_part(col) == "'yyyy'" and col.name.endswith("JAAR"):
            stem = col.name[: -len("JAAR")]
            if {f"{stem}MAAND", f"{stem}DAG"} <= names:
                triples.append((col.name, f"{stem}MAAND", f"{stem}DAG"))
    return triples


def check_dates_in_parts(table: layouts.Table, part: pa.Table, row_offset: int, problems: Problems) -> None:
    """Year, month and day that are each fine but no real date together (1950-02-30)."""
    for year, month, day in date_triples(table):
        frame = part.select([year, month, day]).to_pandas()
        whole = frame.dropna()
        if whole.empty:
            continue
        text = whole[year] + whole[month] + whole[day]
        bad = ~map_unique(text, valid_cbs_date).astype(bool)
        if bad.any():
            shown = whole[year] + "-" + whole[month] + "-" + whole[day]
            problems.add(
                f"{year}, {month}, {day}",
                f"{year}, {month}, {day}",
                "are not a real date",
                shown[bad],
                row_offset,
            )


def convert_frame(
    frame: pd.DataFrame, table: layouts.Table, columns: dict[str, str], row_offset: int, problems: Problems
) -> pa.Table:
    frame = frame.reset_index(drop=True)
    arrays = [
        CASTS[col.data_type](frame[columns[col.name]], col, columns[col.name], row_offset, problems)
        for col in table.columns
    ]
    part = pa.Table.from_arrays(arrays, schema=table.arrow_schema())
    check_dates_in_parts(table, part, row_offset, problems)
    return part


def check_year(table: layouts.Table, year: int, input_path: Path) -> None:
    """A yearly table's file year: near the report years, and the one the input's name states (if any)."""
    years = layouts.report_years()
    first, last = years[0] - 1, years[-1] + 1
    if not first <= year <= last:
        raise ImportRefused(
            f"table {table.name}: --year {year} is not a file year of this monitor ({first}-{last}, the "
            "report years of dbt_project.yml widened by one year); add the report year there first"
        )
    named = {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", Path(input_path).stem)}
    if len(named) == 1 and year not in named:
        raise ImportRefused(
            f"table {table.name}: --year {year}, but the input file {Path(input_path).name} is named for "
            f"{named.pop()}; give the year of the file"
        )


# --- one file -------------------------------------------------------------------------------------
def read_error_types() -> tuple[type[BaseException], ...]:
    """What the readers raise for a file they cannot read (a damaged or truncated file, a wrong format)."""
    import pyreadstat

    types: list[type[BaseException]] = [OSError, ValueError, UnicodeDecodeError, pa.ArrowException]
    for name in ("ReadstatError", "PyreadstatError"):
        error = getattr(pyreadstat, name, None) or getattr(pyreadstat._readstat_parser, name, None)
        if isinstance(error, type):
            types.append(error)
    return tuple(types)


def chunks_or_refusal(table: layouts.Table, path: Path, chunk_rows: int) -> Iterator[pd.DataFrame]:
    """The chunks of the input; a file the reader cannot read becomes a refusal naming file and error."""
    chunks = read_chunks(path, chunk_rows)
    errors = read_error_types()
    while True:
        try:
            frame = next(chunks)
        except StopIteration:
            return
        except ImportRefused:
            raise
        except errors as exc:
            message = " ".join(str(exc).split()) or type(exc).__name__
            raise ImportRefused(
                f"table {table.name}: cannot read input {path.name} as {path.suffix.lower()[1:]}: {message}. "
                "Is the file complete (compare its size with the original)?"
            ) from None
        yield frame


def import_file(job: Job, raw_dir: Path, chunk_rows: int = CHUNK_ROWS, echo=print) -> Path:
    """Convert one input file into its raw Parquet file; returns the path written. Refuses (and leaves
    an earlier file in place) when anything is wrong, listing every bad column of the whole file."""
    try:
        table = layouts.table(job.table)
    except KeyError as exc:
        raise ImportRefused(str(exc.args[0])) from None
    if table.yearly and job.year is None:
        raise ImportRefused(f"table {table.name} is yearly (one file per year): give --year")
    if not table.yearly and job.year is not None:
        raise ImportRefused(f"table {table.name} has one file for all years: leave out --year")
    if job.year is not None:
        check_year(table, job.year, job.input)
    target = table.path(raw_dir, job.year)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    rows = 0
    columns: dict[str, str] | None = None
    writer: pq.ParquetWriter | None = None
    problems = Problems(table.name)
    try:
        for frame in chunks_or_refusal(table, Path(job.input), chunk_rows):
            if columns is None:
                columns = match_columns(table, [str(c) for c in frame.columns], job.mapping)
            part = convert_frame(frame, table, columns, rows, problems)
            rows += part.num_rows
            if problems:  # read on to count and show every problem; write nothing more
                continue
            if writer is None:
                writer = pq.ParquetWriter(tmp, table.arrow_schema(), compression="zstd")
            writer.write_table(part)
        if problems:
            raise ImportRefused(problems.message())
        if writer is None:  # empty input: still check the header where we can
            raise ImportRefused(f"table {table.name}: input {job.input} has no rows")
        writer.close()
        writer = None
        os.replace(tmp, target)
    finally:
        if writer is not None:
            writer.close()
        if tmp.exists():
            tmp.unlink()
    renamed = {k: v for k, v in (columns or {}).items() if v != k}
    note = f"; renamed {', '.join(f'{v} -> {k}' for k, v in renamed.items())}" if renamed else ""
    echo(f"wrote {target}: {rows} rows, {len(table.columns)} columns ({', '.join(table.column_names)}){note}")
    return target


# --- configuration --------------------------------------------------------------------------------
def load_mapping(value: object, base: Path, table: str | None = None) -> dict[str, str]:
    """A mapping given inline (dict) or as a YAML file; a file may hold one mapping per table."""
    if value is None:
        return {}
    if isinstance(value, (str, Path)):
        path = (base / value) if not Path(value).is_absolute() else Path(value)
        if not path.exists():
            raise ImportRefused(f"mapping file {path} does not exist")
        value = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(value, dict):
        raise ImportRefused(f"mapping must be 'input column: layout column' pairs, got {value!r}")
    if value and all(isinstance(v, dict) for v in value.values()):
        per_table = {str(k).upper(): v for k, v in value.items()}
        value = per_table.get(str(table).upper(), {}) if table else {}
    bad = {k: v for k, v in value.items() if not isinstance(v, str)}
    if bad:
        raise ImportRefused(f"mapping values must be column names, got {bad}")
    return {str(k): str(v) for k, v in value.items()}


def jobs_from_config(path: Path) -> tuple[list[Job], str | None]:
    if not path.exists():
        raise ImportRefused(f"config file {path} does not exist")
    config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    base = path.parent
    files = config.get("files")
    if not isinstance(files, list) or not files:
        raise ImportRefused(f"config {path}: needs a list 'files' of {{table, input, year?, mapping?}}")
    jobs = []
    for i, entry in enumerate(files, start=1):
        if not isinstance(entry, dict) or "table" not in entry or "input" not in entry:
            raise ImportRefused(f"config {path}: files entry {i} needs 'table' and 'input', got {entry!r}")
        mapping = load_mapping(config.get("mapping"), base, entry["table"])
        mapping.update(load_mapping(entry.get("mapping"), base, entry["table"]))
        input_path = Path(entry["input"])
        jobs.append(
            Job(
                table=str(entry["table"]),
                input=input_path if input_path.is_absolute() else base / input_path,
                year=int(entry["year"]) if entry.get("year") is not None else None,
                mapping=mapping,
            )
        )
    return jobs, config.get("out")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m mha import",
        description="Convert real CBS files (.sav, .csv) into the raw Parquet layout of the warehouse.",
    )
    p.add_argument("--table", help="raw table name, e.g. GBAADRESOBJECTBUS")
    p.add_argument("--input", type=Path, help="input file (.sav, .csv or .parquet)")
    p.add_argument("--year", type=int, help="file year, for yearly tables (BAGWOZTAB, EIGENDOMTAB, ...)")
    p.add_argument("--mapping", help="YAML file 'input column: layout column' (case is normalised)")
    p.add_argument("--config", type=Path, help="YAML file listing many files (see docs/importer.md)")
    p.add_argument("--out", type=Path, help="raw directory (default $MHA_RAW_DIR, else data/raw)")
    p.add_argument("--chunk-rows", type=int, default=CHUNK_ROWS, help=argparse.SUPPRESS)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.config:
            if args.table or args.input:
                raise ImportRefused("give either --config or --table/--input, not both")
            jobs, config_out = jobs_from_config(args.config)
            out = args.out or (args.config.parent / config_out if config_out else None)
        else:
            if not args.table or not args.input:
                parser().print_usage(sys.stderr)
                print("error: give --table and --input, or --config", file=sys.stderr)
                return 2
            mapping = load_mapping(args.mapping, Path.cwd(), args.table)
            jobs, out = [Job(args.table, args.input, args.year, mapping)], args.out
    except ImportRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    raw_dir = Path(out or os.environ.get("MHA_RAW_DIR") or "data/raw")
    refused: list[Job] = []
    for job in jobs:
        try:
            import_file(job, raw_dir, chunk_rows=args.chunk_rows)
        except ImportRefused as exc:
            refused.append(job)
            print(f"error: {job.input}: {exc}", file=sys.stderr)
        except Exception as exc:  # one file's surprise must not stop the others, nor show a traceback
            refused.append(job)
            print(
                f"error: {job.input}: table {job.table}: unexpected {type(exc).__name__}: {exc}",
                file=sys.stderr,
            )
    if refused:
        print(
            f"{len(refused)} of {len(jobs)} file(s) refused, nothing written for them (an earlier file of "
            "the same table stays as it was):",
            file=sys.stderr,
        )
        for job in refused:
            year = f" {job.year}" if job.year is not None else ""
            print(f"  refused: {job.table}{year} from {job.input}", file=sys.stderr)
        return 1
    return 0

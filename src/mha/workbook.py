"""`monitor.xlsx`: the monitor's own tables for every area and year, for people who work in Excel.

The full cubes (3.8 million cells) do not fit a worksheet (Excel stops at 1,048,576 rows) and are
in the Parquet and CSV files of the release. The workbook holds one sheet per table of the monitor
(SPEC section 4), pivoted as people read them, with Dutch labels from `pub_labels`, plus the small
published tables (`pub_areas`, `pub_inputs`), a sheet `Tekens` explaining the signs and a sheet
`Inhoud` listing the sheets. Every value is taken from the published layer as shown there: a number
or `?`, never blank and never 0 for a suppressed cell.

Output is byte-identical for the same release: rows in a fixed order, fixed document properties and
fixed zip entry times.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from mha import nl

FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
GEO_ORDER = (
    "case geo_level when 'nederland' then 1 when 'provincie' then 2 when 'woondealregio' then 3 else 4 end"
)


@dataclass(frozen=True)
class PivotSheet:
    """A monitor table: rows of `pub_counts` matching `where`, one row per `row_keys` value, one
    column per value of `column_kind` (labels from `pub_labels`)."""

    name: str
    description: str
    where: str
    row_keys: tuple[str, ...]
    column_key: str  # an expression over pub_counts naming the column
    column_kind: str  # `group` or `category:<dimension>` (plus `Totaal` first when `with_total`)
    with_total: bool = False


SHEETS = (
    PivotSheet(
        "Personen per groep",
        "Personen per aandachtsgroep (31 december), elk gebied en jaar.",
        "unit = 'persons' and subgroup_code = 'total' and dimension_code = 'total'",
        (),
        "group_code",
        "group",
    ),
    PivotSheet(
        "Subgroepen x eigendom",
        "Personen per subgroep naar eigendom van de woning (totaal, koop, corporatie, private huur).",
        "unit = 'persons' and (dimension_code = 'tenure' or dimension_code = 'total')",
        ("group_code", "subgroup_code"),
        "case when dimension_code = 'total' then 'total' else category_code end",
        "category:tenure",
        with_total=True,
    ),
    PivotSheet(
        "Overlap",
        "Personen in de groep van de rij die ook in de groep van de kolom zitten; de diagonaal is de"
        " groep zelf. 'In 2 of meer groepen' telt personen in ten minste twee groepen.",
        "unit = 'persons' and subgroup_code = 'total' and dimension_code = 'overlap'",
        ("group_code",),
        "category_code",
        "category:overlap",
    ),
    PivotSheet(
        "Corporatiewoningen x huur",
        "Corporatiewoningen naar huurprijsklasse (indeling monitor) en de groep van de bewoners.",
        "unit = 'dwellings' and subgroup_code = 'total' and dimension_code = 'rent_band_monitor_corporatie'",
        ("category_code",),
        "group_code",
        "group",
    ),
    PivotSheet(
        "Statushouders woonsituatie",
        "Statushouders per subgroep in een woning of een niet-woning (bijvoorbeeld een COA-locatie).",
        "unit = 'persons' and group_code = 'permit_holders' and"
        " (dimension_code = 'woonsituatie' or dimension_code = 'total')",
        ("subgroup_code",),
        "case when dimension_code = 'total' then 'total' else category_code end",
        "category:woonsituatie",
        with_total=True,
    ),
    PivotSheet(
        "Verhuringen",
        "Vrijgekomen en opnieuw verhuurde woningen per groep van de nieuwe bewoners, naar sector.",
        "unit = 'lettings' and subgroup_code = 'total' and dimension_code = 'sector'",
        ("category_code",),
        "group_code",
        "group",
    ),
)

KEY_LABELS = {
    "group_code": ("group", "", "Groep"),
    "subgroup_code": ("subgroup", "group_code", "Subgroep"),
    "category_code": ("category", None, "Categorie"),
}


def _columns(con: duckdb.DuckDBPyConnection, sheet: PivotSheet) -> list[tuple[str, str]]:
    """(code, label) of the sheet's value columns, in the labels' sort order, that occur in the data."""
    sql = f"select distinct {sheet.column_key} from pub_counts where {sheet.where}"
    present = {r[0] for r in con.execute(sql).fetchall()}
    if sheet.column_kind == "group":
        labels = con.execute(
            "select code, label_nl from pub_labels where kind = 'group' order by sort_order, code"
        ).fetchall()
    else:
        dimension = sheet.column_kind.split(":", 1)[1]
        labels = con.execute(
            "select code, label_nl from pub_labels where kind = 'category' and parent_code = ?"
            " order by sort_order, code",
            [dimension],
        ).fetchall()
    if sheet.column_kind == "category:overlap":  # the overlap's categories are the groups themselves
        labels += con.execute(
            "select code, label_nl from pub_labels where kind = 'group' order by sort_order, code"
        ).fetchall()
    columns = [("total", "Totaal")] if sheet.with_total else []
    for c, label in labels:
        if c != "total" and c not in {k for k, _ in columns}:
            columns.append((c, label))
    known = {c for c, _ in columns}
    columns += [(c, c) for c in sorted(present - known)]  # never drop data for want of a label
    return [(c, label) for c, label in columns if c in present]


def _label_join(key: str, alias: str) -> tuple[str, str]:
    """A left join of pub_labels (as `alias`) giving the label and sort order of a row key."""
    kind = KEY_LABELS[key][0]
    if kind == "subgroup":
        on = f"{alias}.parent_code = rows.group_code and {alias}.code = rows.subgroup_code"
    elif kind == "category":
        on = f"{alias}.parent_code = rows.dimension_code and {alias}.code = rows.category_code"
    else:
        on = f"{alias}.code = rows.{key}"
    return f"left join pub_labels as {alias} on {alias}.kind = '{kind}' and {on}", alias


def pivot_rows(con: duckdb.DuckDBPyConnection, sheet: PivotSheet) -> tuple[list[str], list[tuple]]:
    """Header and rows of one monitor table, rows in the seeds' order (`total` first)."""
    columns = _columns(con, sheet)
    keys = ("report_year", "geo_level", "area_code", *sheet.row_keys)
    # columns the label lookups need besides the row keys
    dim_key = ("dimension_code",) if "category_code" in sheet.row_keys else ()
    if "subgroup_code" in sheet.row_keys and "group_code" not in sheet.row_keys:
        dim_key += ("group_code",)
    select_values = ", ".join(
        f"first(shown) filter (where {sheet.column_key} = '{code}') as \"v{i}\""
        for i, (code, _) in enumerate(columns)
    )
    joins, labels, order = [], [], []
    for i, key in enumerate(sheet.row_keys):
        join, alias = _label_join(key, f"l{i}")
        joins.append(join)
        labels.append(
            f"coalesce({alias}.label_nl, case when rows.{key} = 'total' then 'Totaal' else rows.{key} end)"
        )
        order.append(f"case when rows.{key} = 'total' then -1 else coalesce({alias}.sort_order, 1000000) end")
        order.append(f"rows.{key}")
    sql = f"""
        with rows as (
            select {", ".join(keys + dim_key)}, {select_values or "null as v"}
            from pub_counts
            where {sheet.where}
            group by all
        ),
        geo_labels as (
            select code, first(label_nl) as label_nl from pub_labels where kind = 'geo_level' group by 1
        ),
        area_names as (select area_code, first(area_name) as area_name from pub_areas group by 1)
        select
            rows.report_year,
            coalesce(geo_labels.label_nl, rows.geo_level),
            rows.area_code,
            coalesce(area_names.area_name, rows.area_code),
            {", ".join(labels) + ("," if labels else "")}
            {", ".join(f'rows."v{i}"' for i in range(len(columns))) or "null"}
        from rows
        left join geo_labels on geo_labels.code = rows.geo_level
        left join area_names on area_names.area_code = rows.area_code
        {" ".join(joins)}
        order by rows.report_year, {GEO_ORDER.replace("geo_level", "rows.geo_level")}, rows.area_code,
            {", ".join(order) + ("," if order else "")} 1
    """
    header = ["Jaar", "Niveau", "Gebiedscode", "Gebied", *(KEY_LABELS[k][2] for k in sheet.row_keys)]
    header += [label for _, label in columns]
    return header, [tuple(_number(v) for v in r) for r in con.execute(sql).fetchall()]


def _number(v):
    """A shown count as Excel reads it: an integer, or `?` kept as text."""
    if isinstance(v, str) and v.isdigit():
        return int(v)
    return v


# the small published tables as people read them: Dutch headers, names beside codes
PLAIN_SHEETS = {
    "pub_areas": (
        "Gebieden",
        """
        select
            coalesce((select first(l.label_nl) from pub_labels as l
                where l.kind = 'geo_level' and l.code = a.geo_level), a.geo_level) as "Niveau",
            a.area_code as "Gebiedscode",
            a.area_name as "Gebied",
            (select first(p.area_name) from pub_areas as p
                where p.geo_level = 'provincie' and p.area_code = a.provincie_code) as "Provincie",
            a.woondealregio_codes as "Woondealregio's (codes)",
            case when a.is_indicative then 'ja' else 'nee' end as "Indeling indicatief"
        from pub_areas as a
        order by {order}, a.area_name
        """,
    ),
    "pub_inputs": (
        "Invoer",
        """
        select
            i.input_code as "Invoer",
            i.year as "Jaar",
            i.gemeente_code as "Gemeentecode",
            (select first(a.area_name) from pub_areas as a where a.area_code = i.gemeente_code) as "Gemeente",
            i.half_year as "Halfjaar",
            case when i.segment_code = 'total' then 'Totaal' else i.segment_code end as "Segment",
            case when i.plan_status_code = 'total' then 'Totaal' else i.plan_status_code end as "Planstatus",
            coalesce((select first(l.label_nl) from pub_labels as l
                where l.kind = 'group' and l.code = i.group_code),
                case when i.group_code = 'total' then 'Totaal' else i.group_code end) as "Aandachtsgroep",
            i.value as "Waarde"
        from pub_inputs as i
        order by all
        """,
    ),
}


def _plain_rows(con: duckdb.DuckDBPyConnection, name: str) -> tuple[list[str], list[tuple]]:
    sql = PLAIN_SHEETS[name][1].replace("{order}", GEO_ORDER.replace("geo_level", "a.geo_level"))
    result = con.execute(sql)
    return [d[0] for d in result.description], result.fetchall()


def about_rows(source: dict) -> list[tuple[str, str]]:
    """The head of the first sheet: what the file is, synthetic or real, the scale. Nothing that changes
    between two releases of the same data (the release id and time are in manifest.json beside it), so
    the file stays byte-identical."""
    rows = [
        ("Bestand", "monitor.xlsx: de tabellen van de Monitor Huisvesting Aandachtsgroepen voor elk gebied"
         " en jaar"),
        ("Bron", nl.source_sentence(source)),
    ]  # fmt: skip
    if source.get("synthetic"):
        rows.append(("Schaal", nl.fmt_dec(source.get("scale"), 3)))
        rows.append(("Seed", str(source.get("seed"))))
    rows.append(("Release", "Release-id en tijdstip staan in manifest.json naast dit bestand."))
    return rows


def _widths(header: list[str], rows: list[tuple]) -> list[float]:
    """Column widths from the header and the first rows (Excel's unit: about one character)."""
    widths = []
    for i, title in enumerate(header):
        longest = max([len(str(title)) * 0.9, *(len(str(r[i])) for r in rows[:500] if r[i] is not None)])
        widths.append(min(max(longest + 2, 8), 60))
    return widths


def write_workbook(
    tables: dict[str, pa.Table], path: Path, tekens: list[tuple[str, str]], source: dict | None = None
) -> None:
    """Write `monitor.xlsx` from the published tables (`pub_counts`, `pub_labels`, `pub_areas`, ...).

    `source` says whether the data are synthetic (and their scale and seed) or real (manifest keys)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    con = duckdb.connect()
    for name in ("pub_counts", "pub_labels", "pub_areas", "pub_inputs"):
        if name in tables:
            con.register(name, tables[name])
    wb = Workbook(write_only=True)
    wb.properties.creator = "Monitor Huisvesting Aandachtsgroepen"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    contents = [("Blad", "Inhoud")]
    sheets: list[tuple[str, list[str], list[tuple]]] = []
    for sheet in SHEETS:
        header, rows = pivot_rows(con, sheet)
        sheets.append((sheet.name, header, rows))
        contents.append((sheet.name, sheet.description))
    for name, (label, _) in PLAIN_SHEETS.items():
        if name in tables:
            header, rows = _plain_rows(con, name)
            sheets.append((label, header, rows))
            contents.append((label, f"De gepubliceerde tabel {name}, met Nederlandse kolomnamen."))
    contents.append(
        (
            "Volledige kubussen",
            "Alle gepubliceerde cellen (elke groep, subgroep, dimensie, gebied en jaar) staan in"
            " pub_counts, pub_derived en pub_magnitudes (.parquet en .csv) naast dit bestand.",
        )
    )
    con.close()
    bold = Font(bold=True)

    def head(ws, values):
        cells = []
        for value in values:
            cell = WriteOnlyCell(ws, value=value)
            cell.font = bold
            cells.append(cell)
        return cells

    first = [*about_rows(source or {}), ("", ""), *contents]
    for title, rows in (("Inhoud", first), ("Tekens", tekens)):
        ws = wb.create_sheet(title)
        ws.column_dimensions["A"].width = 26
        ws.column_dimensions["B"].width = 110
        for row in rows:
            ws.append(head(ws, row) if row[0] in {"Blad", "Teken"} else list(row))
    for name, header, rows in sheets:
        ws = wb.create_sheet(name)
        ws.freeze_panes = "A2"
        for i, width in enumerate(_widths(header, rows), start=1):
            ws.column_dimensions[get_column_letter(i)].width = round(width, 1)
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
        ws.append(head(ws, header))
        for row in rows:
            ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    _normalise_zip(buffer.getvalue(), path)


def _normalise_zip(data: bytes, path: Path) -> None:
    """Rewrite a zip with fixed entry times and fixed `created`/`modified` stamps in docProps/core.xml."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                for tag in (rb"dcterms:modified", rb"dcterms:created"):
                    body = re.sub(rb"(<" + tag + rb"[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\g<2>", body)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, body)

"""`monitor.xlsx` of the real small release: ordered and formatted as the monitor, saying what it is.

Orders and labels are read from the release's own `pub_labels.parquet` (the seeds' sort order), not
restated here.
"""

from __future__ import annotations

import json
import re
import zipfile

import duckdb
import pytest
from openpyxl import load_workbook

DATA_SHEETS = ("Personen per groep", "Subgroepen x eigendom", "Overlap", "Corporatiewoningen x huur",
               "Statushouders woonsituatie", "Verhuringen", "Gebieden", "Invoer")  # fmt: skip


@pytest.fixture(scope="module")
def book(published_release):
    return load_workbook(published_release / "monitor.xlsx", read_only=True)  # 1.6 million cells


def sheet_xml(release, book, name: str) -> str:
    """The XML of one sheet (openpyxl writes them as sheet1.xml, sheet2.xml, ... in order)."""
    with zipfile.ZipFile(release / "monitor.xlsx") as archive:
        return archive.read(f"xl/worksheets/sheet{book.sheetnames.index(name) + 1}.xml").decode()


def labels(release, kind: str, parent: str = "") -> list[str]:
    con = duckdb.connect()
    rows = con.execute(
        "select label_nl from read_parquet(?) where kind = ? and coalesce(parent_code, '') = ?"
        " and code <> 'total'"
        " and sort_order < 100 order by sort_order",
        [str(release / "pub_labels.parquet"), kind, parent],
    ).fetchall()
    return [r[0] for r in rows]


def test_first_sheet_says_what_the_file_is(book, published_release):
    manifest = json.loads((published_release / "manifest.json").read_text())
    assert book.sheetnames[0] == "Inhoud"
    first = {r[0]: r[1] for r in book["Inhoud"].iter_rows(values_only=True) if r[0]}
    assert first["Bestand"].startswith("monitor.xlsx")
    assert first["Bron"].startswith("Synthetische cijfers")
    assert f"1/{round(1 / manifest['scale']):,}".replace(",", ".") in first["Bron"]
    assert first["Seed"] == str(manifest["seed"]) and "manifest.json" in first["Release"]


def test_groups_and_categories_in_the_seed_order(book, published_release):
    groups = labels(published_release, "group")
    ws = book["Subgroepen x eigendom"]
    header, *rows = ws.iter_rows(max_row=300, values_only=True)
    first_area = [r for r in rows if (r[0], r[2]) == (rows[0][0], rows[0][2])]
    seen = list(dict.fromkeys(r[header.index("Groep")] for r in first_area))
    own = [s for s in seen if s in groups]  # the aandachtsgroepen; 'Alle inwoners' and the like follow
    assert own == [g for g in groups if g in own] and len(own) > 3  # Ouderen before Woonwagenbewoners
    assert seen[: len(own)] == own
    assert [r[header.index("Subgroep")] for r in first_area][0] == "Totaal"
    bands = labels(published_release, "category", "rent_band_monitor_corporatie")
    header, *rows = book["Corporatiewoningen x huur"].iter_rows(max_row=300, values_only=True)
    first_area = [r[header.index("Categorie")] for r in rows if (r[0], r[2]) == (rows[0][0], rows[0][2])]
    assert first_area == ["Totaal", *[b for b in bands if b in first_area]]


def test_dutch_headers_no_codes_as_labels_filters_and_frozen_headers(book, published_release):
    for name in DATA_SHEETS:
        ws = book[name]
        rows = ws.iter_rows(max_row=400, values_only=True)
        header = next(rows)
        assert not [h for h in header if re.fullmatch(r"[a-z_]+", str(h))], (name, header)
        for row in rows:
            assert "total" not in row, (name, row)
        xml = sheet_xml(published_release, book, name)
        assert re.search(r'<pane [^>]*topLeftCell="A2"[^>]*state="frozen"', xml), f"{name}: header not frozen"
        assert re.search(r'<autoFilter ref="A1:[A-Z]+\d+"', xml), f"{name}: no autofilter"
        widths = re.findall(r'<col [^>]*width="([\d.]+)"', xml)
        assert len(widths) == len(header) and all(float(w) >= 8 for w in widths), f"{name}: no widths"
        assert re.search(r'<c r="A1"[^>]* s="[1-9]', xml), f"{name}: header not styled"

"""Downloads of a Databank selection: CSV the Dutch way and an Excel workbook that says what it holds."""

from __future__ import annotations

import io

import pandas as pd

from mha import nl

YEAR = "jaar"
CELL_COLUMNS = ("waarde", "geheim", "getoond")


def signs(params: dict[str, str]) -> dict[str, str]:
    """What the signs mean, with the release's own rule values."""
    marker = params["sdc_marker"]
    return {
        marker: f"Geheim: minder dan {params['sdc_min_cell']}, of af te leiden uit andere cellen "
        "(statistische geheimhouding).",
        "–": "Komt in de cijfers niet voor, of is op dit niveau niet gepubliceerd.",
        "afronding": "Aantallen zijn afgerond op een veelvoud van "
        f"{params['sdc_round_base']}; totalen zijn afgerond uit het ware totaal.",
        "geheim": "ja = de cel is geheim (de kolom waarde is dan leeg); nee = gepubliceerd.",
        "…_code": "De codes van de monitor (zoals in de Parquet- en CSV-bestanden van de release), voor SQL.",
    }


def wide(frame: pd.DataFrame) -> pd.DataFrame:
    """Years as columns holding the figure as shown (a number, or the marker of a secret cell)."""
    keys = [c for c in frame.columns if c not in (YEAR, *CELL_COLUMNS)]
    out = frame.pivot_table(index=keys, columns=YEAR, values="getoond", aggfunc="first", sort=False)
    out.columns = [str(c) for c in out.columns]
    return out.reset_index()


def about(manifest: dict, title: str, rows: int) -> list[tuple[str, str]]:
    """The first sheet of a workbook: what the file is, the release, synthetic or real, the scale."""
    lines = [
        ("Bestand", "Selectie uit de Databank van de Monitor Huisvesting Aandachtsgroepen"),
        ("Inhoud", title),
        ("Rijen", nl.fmt_int(rows)),
        ("Bron", nl.source_sentence(manifest)),
        ("Release", str(manifest.get("release_id", ""))),
        ("Gemaakt op", nl.fmt_timestamp(manifest.get("released_at"))),
    ]
    if manifest.get("synthetic"):
        lines.append(("Schaal", nl.fmt_dec(manifest.get("scale"), 3)))
    return lines


def to_csv(frame: pd.DataFrame) -> bytes:
    """Semicolon-separated, decimal comma, UTF-8 with BOM (opens correctly in a Dutch Excel)."""
    return frame.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def to_excel(frame: pd.DataFrame, about_rows: list[tuple[str, str]], params: dict[str, str]) -> bytes:
    """A workbook: what it is (`Over dit bestand`), the selection (`Gegevens`), the signs (`Tekens`)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        first = pd.DataFrame(about_rows, columns=["Kenmerk", "Waarde"])
        first.to_excel(writer, sheet_name="Over dit bestand", index=False)
        frame.to_excel(writer, sheet_name="Gegevens", index=False, freeze_panes=(1, 0))
        meaning = signs(params)
        pd.DataFrame({"Teken": list(meaning), "Betekenis": list(meaning.values())}).to_excel(
            writer, sheet_name="Tekens", index=False
        )
        sheet = writer.sheets["Gegevens"]
        sheet.auto_filter.ref = sheet.dimensions
        for sheet_name, width in (("Over dit bestand", 90), ("Tekens", 100)):
            writer.sheets[sheet_name].column_dimensions["A"].width = 18
            writer.sheets[sheet_name].column_dimensions["B"].width = width
    return buffer.getvalue()

"""Downloads of a Databank selection: CSV the Dutch way and an Excel workbook with a sheet of signs."""

from __future__ import annotations

import io

import pandas as pd

SIGNS = {
    "?": "Niet gepubliceerd: minder dan 10, of af te leiden uit andere cellen (statistische geheimhouding).",
    "–": "Komt in de cijfers niet voor.",
    "afronding": "Aantallen zijn afgerond op vijftallen; totalen zijn afgerond uit het ware totaal.",
    "status": "visible = gepubliceerd, primary = kleiner dan 10, secondary = geheim tegen terugrekenen.",
}


def to_csv(frame: pd.DataFrame) -> bytes:
    """Semicolon-separated, decimal comma, UTF-8 with BOM (opens correctly in a Dutch Excel)."""
    return frame.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def to_excel(frame: pd.DataFrame) -> bytes:
    """A workbook with the selection (`Gegevens`) and what the signs mean (`Tekens`)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name="Gegevens", index=False)
        signs = pd.DataFrame({"Teken": list(SIGNS), "Betekenis": list(SIGNS.values())})
        signs.to_excel(writer, sheet_name="Tekens", index=False)
    return buffer.getvalue()

"""Over de cijfers: definitions, reference moments, disclosure rules and the release itself."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import data
import ui
from mha import nl

labels = data.labels()
release = data.release()
manifest = release.manifest
years = data.years()

st.title("Over de cijfers")
if release.synthetic:
    st.markdown(
        "**Deze cijfers zijn synthetisch.** Ze komen uit een synthetische tweeling van de CBS-microdata: "
        "nagemaakte personen, huishoudens en woningen met dezelfde opbouw als de echte bestanden. Ze zijn "
        "bedoeld om de monitor te bouwen en te testen, niet om beleid op te baseren."
    )

st.header("Aandachtsgroepen")
groups = labels.sorted("group", [code for kind, code in labels.label if kind == "group"])
rows = [
    {"Aandachtsgroep": labels.get("group", g), "Definitie": labels.describe("group", g)}
    for g in groups
    if g not in {"population", "all", "any_group"}
]
ui.table(pd.DataFrame(rows), text="groups")
st.markdown(
    "Een persoon kan tot meer groepen behoren; de overlapmatrix op de pagina *Gebied* laat zien hoeveel. "
    "Huishoudens en woonruimten tellen mee voor een groep als ten minste één lid of bewoner tot de groep "
    "behoort."
)

st.header("Peilmomenten")
st.markdown(
    f"""
- **Voorraden** (wie tot een groep behoort, waar en hoe die woont) gelden op **31 december** van het
  verslagjaar ({years[0]}-{years[-1]}); dat is hetzelfde moment als 1 januari van het jaar erna.
- **Stromen** (uitstroom uit detentie of zorg, verhuringen, huisvesting van vergunninghouders) tellen over
  het **hele kalenderjaar**; de voorraad voor de mutatiegraad is die van **1 januari**.
- **Inwoners** voor de cijfers per 1.000 inwoners: het aantal inwoners van het gebied.
- Alle jaren staan in de **gemeentelijke indeling van 2023** (342 gemeenten); eerdere jaren zijn per adres
  omgezet, niet door gemeenten achteraf samen te voegen.
"""
)

st.header("Gebieden en vergelijkingsniveaus")
areas = data.areas()
indicative = areas[(areas["geo_level"] == "woondealregio") & areas.get("is_indicative", False).astype(bool)]
st.markdown(
    "Cijfers zijn er per gemeente, woondealregio, provincie en voor Nederland. Een gemeente kan in twee "
    "woondealregio's liggen (bijvoorbeeld Barneveld en Nijkerk); regio's tellen daarom niet op tot "
    "Nederland. Op de pagina *Vergelijken* wordt een gemeente afgezet tegen haar provincie, haar (eerste) "
    "woondealregio of Nederland."
)
if not indicative.empty:
    st.caption(
        "Indicatief (indeling niet volledig uit een bron overgenomen): "
        + ", ".join(sorted(indicative["area_name"].astype(str)))
        + "."
    )

st.header("Geheimhouding")
rules = data.rules()
st.markdown(
    "Niets in deze app is terug te voeren op een persoon. Daarvoor gelden deze regels:\n\n"
    + "\n".join(
        f"- {rules[name]}"
        for name in (
            "geheim",
            "afronding",
            "bescherming",
            "afgeleide_cijfers",
            "gemiddelden",
            "publicatieplan",
        )
    )
)

st.header("Deze release")
info = {
    "Bron": nl.source_sentence(manifest),
    "Release": release.release_id,
    "Gemaakt op": nl.fmt_timestamp(manifest.get("released_at")),
}
if manifest.get("synthetic") and manifest.get("seed") is not None:
    info["Seed"] = str(manifest["seed"])
ui.table(pd.DataFrame({"Kenmerk": list(info), "Waarde": list(info.values())}), text="release")
tables = manifest.get("tables") or {}
if tables:
    st.caption(
        "Rijen per tabel: "
        + ", ".join(f"{name} {ui.fmt_int(t.get('rows'))}" for name, t in sorted(tables.items()))
        + ". De release bevat ook `monitor.xlsx` (de tabellen van de monitor voor elk gebied en jaar) en de "
        "volledige tabellen als Parquet en CSV."
    )

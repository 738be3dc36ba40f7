"""Databank: a free selection of indicator, groups, areas and years, downloadable as CSV and Excel."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import data
import downloads
import tables
import ui
from mha import nl

UNITS = {
    "persons": "Personen",
    "households": "Huishoudens",
    "dwellings": "Woonruimten",
    "lettings": "Verhuringen",
}
MEASURES = {"count": "Aantal", "share": "Aandeel (%)", "per_1000_inhabitants": "Per 1.000 inwoners"}

labels = data.labels()
years = data.years()
year = ui.choose_year()
ui.choose_area()  # kept in the sidebar (and the URL) while on this page; the default of Gebieden

st.title("Databank")
st.markdown("Stel zelf een tabel samen en download die als CSV of Excel.")

indicators = data.query("indicators", years[-1])
indicators = (
    indicators[indicators["dimension_code"] != "overlap"].copy() if len(indicators) > 1 else indicators
)
indicators["key"] = indicators["unit"] + "|" + indicators["dimension_code"]
indicators["sort"] = [
    (list(UNITS).index(u) if u in UNITS else 9, labels.sort("dimension", d))
    for u, d in zip(indicators["unit"], indicators["dimension_code"], strict=True)
]
keys = indicators.sort_values("sort")["key"].tolist()
overlap = "persons|overlap"
keys.append(overlap)


def indicator_label(key: str) -> str:
    unit, dimension = key.split("|")
    what = UNITS.get(unit, labels.get("unit", unit))
    if dimension == "total":
        return f"{what}: totaal"
    return f"{what} naar {labels.get('dimension', dimension).lower()}"


c1, c2 = st.columns(2)
key = c1.selectbox("Indicator", keys, format_func=indicator_label, key="db_indicator")
unit, dimension = key.split("|")
available = data.query("derived_measures", years[-1])
available = available[(available["unit"] == unit) & (available["dimension_code"] == dimension)]
measures = ["count"] + [
    m for m in ("share", "per_1000_inhabitants") if (available["measure_code"] == m).any()
]
measure = c2.radio("Maat", measures, format_func=MEASURES.get, horizontal=True, key=f"db_measure_{key}")

national = data.query("totals_areas_year", years[-1], [data.nederland_code()])
group_options = tables.group_codes(national, unit)
if (national[national["unit"] == unit]["group_code"] == "all").any():
    group_options.append("all")
if (national[national["unit"] == unit]["group_code"] == "population").any():
    group_options.append("population")
chosen_groups = st.multiselect(
    "Aandachtsgroepen",
    group_options,
    default=[g for g in group_options if g not in {"all", "population"}] or group_options[:1],
    format_func=lambda g: labels.get("group", g),
    key=f"db_groups_{unit}",
    placeholder="Kies een of meer aandachtsgroepen",
)
with_subgroups = st.checkbox("Met subgroepen", value=False, key="db_subgroups")
options = ui.area_options()
names = dict(zip(options["area_code"], options["area_name"], strict=True))
level_of = dict(zip(options["area_code"], options["geo_level"], strict=True))
start = [c for c in [st.session_state.get("area_code"), data.nederland_code()] if c in names]
chosen_areas = st.multiselect(
    "Gebieden", options["area_code"].tolist(), default=list(dict.fromkeys(start)),
    format_func=lambda c: ui.area_title(level_of[c], names[c]), key="db_areas",
    placeholder="Kies een of meer gebieden",
)  # fmt: skip
chosen_years = st.multiselect(
    "Jaren", years, default=[year], key=f"db_years_{year}", placeholder="Kies een of meer jaren"
)  # a new year in the sidebar starts a new selection of years

if not (chosen_groups and chosen_areas and chosen_years):
    st.info("Kies ten minste één aandachtsgroep, één gebied en één jaar.")
    st.stop()

params = (unit, dimension)
selection = ([int(y) for y in chosen_years], chosen_areas, chosen_groups)
if measure == "count":
    result = data.query("databank_counts", *params, *selection)
    fmt = ui.fmt_int
else:
    result = data.query("databank_derived", *params, measure, *selection)
    fmt = ui.fmt_pct if measure == "share" else (lambda v: ui.fmt_dec(v, 1))
if not with_subgroups:
    result = result[result["subgroup_code"] == "total"]
if result.empty:
    ui.no_data("Databank")
    st.stop()
result = result.assign(
    _area=[chosen_areas.index(c) for c in result["area_code"]],
    _group=[labels.sort("group", g) for g in result["group_code"]],
    _sub=[labels.sort("subgroup", s, parent=g) for g, s in zip(result["group_code"], result["subgroup_code"],
                                                               strict=True)],
    _cat=[labels.sort("category", c, parent=dimension) for c in result["category_code"]],
)  # fmt: skip
result = result.sort_values(["report_year", "_area", "_group", "_sub", "_cat"]).reset_index(drop=True)

pairs = list(zip(result["group_code"], result["subgroup_code"], strict=True))
table = pd.DataFrame(
    {
        "Jaar": result["report_year"].astype(str),
        "Gebied": [names.get(c, c) for c in result["area_code"]],
        "Aandachtsgroep": [labels.get("group", g) for g in result["group_code"]],
        "Subgroep": [labels.get("subgroup", s, parent=g) for g, s in pairs],
        "Categorie": [labels.get("category", c, parent=dimension) for c in result["category_code"]],
        MEASURES[measure]: ui.shown(result, fmt),
    }
)  # fmt: skip
title = f"{indicator_label(key)}, {MEASURES[measure].lower()}"
moment = "verhuurd in het jaar" if unit == "lettings" else "peilmoment 31 december van het jaar"
st.subheader(f"{title} ({moment})")
ui.table(table, interactive=True, right=["Jaar", MEASURES[measure]], height=min(600, 38 + 35 * len(table)))
st.caption(f"{len(table)} rijen.")
ui.suppressed_caption()

# -- downloads: Dutch headers and words, the codes in extra columns for SQL users -----------------------
release = data.release()
export = pd.DataFrame(
    {
        "jaar": result["report_year"].astype(int),
        "niveau": [labels.get("geo_level", g) for g in result["geo_level"]],
        "gebied": table["Gebied"],
        "aandachtsgroep": table["Aandachtsgroep"],
        "subgroep": table["Subgroep"],
        "eenheid": [UNITS.get(u, u) for u in result["unit"]],
        "indeling": labels.get("dimension", dimension),
        "categorie": table["Categorie"],
        "maat": MEASURES[measure],
        "waarde": result["value"].where(result["status"] == "visible"),
        "geheim": ["nee" if s == "visible" else "ja" for s in result["status"]],
        "getoond": table[MEASURES[measure]],
        "niveau_code": result["geo_level"],
        "gebied_code": result["area_code"],
        "groep_code": result["group_code"],
        "subgroep_code": result["subgroup_code"],
        "eenheid_code": result["unit"],
        "indeling_code": result["dimension_code"],
        "categorie_code": result["category_code"],
        "maat_code": measure,
        "bron": nl.source_short(release.manifest),
    }
)
shape = st.radio(
    "Vorm van de download",
    ["lang", "breed"],
    format_func={"lang": "Lang (een rij per jaar)", "breed": "Breed (jaren als kolommen)"}.get,
    horizontal=True,
    key="db_shape",
)
if shape == "breed":
    export = downloads.wide(export)
about = downloads.about(release.manifest, f"{title} ({moment})", len(export))

d1, d2 = st.columns(2)
d1.download_button(
    "Download CSV",
    lambda: downloads.to_csv(export),
    file_name=f"monitor_selectie_{shape}.csv",
    mime="text/csv",
    key="db_csv",
)
d2.download_button(
    "Download Excel",
    lambda: downloads.to_excel(export, about, data.parameters()),  # built only on a click: openpyxl is slow
    file_name=f"monitor_selectie_{shape}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="db_xlsx",
)
st.caption(
    "CSV met puntkomma als scheidingsteken en komma als decimaalteken (zoals Excel in het Nederlands). "
    "Naast de Nederlandse namen staan de codes (kolommen `…_code`) voor wie met SQL verder werkt; de kolom "
    "`bron` zegt of de cijfers synthetisch of echt zijn. Breed: de jaren als kolommen met de getoonde "
    "cijfers."
)

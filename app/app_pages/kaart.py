"""Kaart: a choropleth of one indicator per gemeente, from a GeoJSON file named by MHA_GEOJSON."""

from __future__ import annotations

import json
import os
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

import data
import tables
import ui

UNITS = {"persons": "Personen", "households": "Huishoudens", "dwellings": "Woonruimten"}
MEASURES = {"count": "Aantal", "per_1000": "Per 1.000 inwoners"}


@st.cache_data(max_entries=2, show_spinner=False)
def load_geojson(path: str, mtime: float) -> dict:
    """The features of the GeoJSON file (cached per file and modification time)."""
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


labels = data.labels()
year = ui.choose_year()
moment = ui.stock_moment(year)

st.title("Kaart")
cells_nl = data.query("totals_areas_year", year, [data.nederland_code()])
groups = tables.group_codes(cells_nl)
c1, c2 = st.columns(2)
group, sub = ui.choose_group(
    c1, groups, key="kaart_group", with_subgroup=True, subgroups=lambda g: tables.subgroup_codes(cells_nl, g)
)
unit = c2.selectbox("Eenheid", list(UNITS), format_func=UNITS.get, key="kaart_unit")
measure = c2.radio("Maat", list(MEASURES), format_func=MEASURES.get, horizontal=True, key="kaart_measure")

if measure == "count":
    values = data.query("level_indicator_year", year, "gemeente", group, sub, unit)
    fmt = ui.fmt_int
else:
    values = data.query("level_rate_year", year, "gemeente", group, sub, unit)
    fmt = lambda v: ui.fmt_dec(v, 1)  # noqa: E731
areas = data.areas()
names = areas[areas["geo_level"] == "gemeente"][["area_code", "area_name"]]
values = names.merge(values, on="area_code", how="left")
values["getoond"] = [
    (fmt(v) if s == "visible" and not pd.isna(v) else ui.marker())
    if isinstance(s, str)
    else ui.NOT_APPLICABLE
    for v, s in zip(values["value"], values["status"], strict=True)
]
values["waarde"] = values["value"].where(values["status"] == "visible")

what = labels.get("group", group) if sub == "total" else labels.get("subgroup", sub, parent=group)
title = f"{UNITS[unit]} per gemeente: {what}, {MEASURES[measure].lower()}, {moment}"
st.subheader(title)

geojson_path = os.environ.get("MHA_GEOJSON", "").strip()
if not geojson_path:
    st.info(
        "Er is geen kaart ingesteld: de omgevingsvariabele `MHA_GEOJSON` wijst niet naar een bestand met "
        "gemeentegrenzen. Hieronder staat de indicator daarom als gesorteerde tabel. Zie docs/app.md voor "
        "het officiële bestand (PDOK/CBS gebiedsindelingen, `gemeente_gegeneraliseerd`).",
        icon=":material/map:",
    )
elif not Path(geojson_path).is_file():
    st.warning(
        f"Het kaartbestand `{geojson_path}` (uit `MHA_GEOJSON`) bestaat niet. Hieronder staat de indicator "
        "als gesorteerde tabel.",
        icon=":material/map:",
    )
else:
    try:
        geo = load_geojson(geojson_path, Path(geojson_path).stat().st_mtime)
        features = geo["features"]
        codes = {f.get("properties", {}).get("statcode") for f in features}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        st.warning(f"Het kaartbestand `{geojson_path}` kan niet worden gelezen als GeoJSON ({err}).")
        features = []
        codes = set()
    if features:
        lookup = values[["area_code", "area_name", "waarde", "getoond"]].fillna({"area_name": ""})
        # The boundaries go into the spec as they are; building the chart on named data and adding the
        # features afterwards saves Altair a second-long copy of every polygon on each rerun.
        tooltip = [
            alt.Tooltip("properties.statnaam:N", title="Gemeente"),
            alt.Tooltip("getoond:N", title=MEASURES[measure]),
        ]
        figures = alt.LookupData(lookup, "area_code", ["area_name", "waarde", "getoond"])
        # the grey layer carries the figure too, so a secret gemeente's tooltip shows the marker
        grey = (
            alt.Chart()
            .transform_lookup(lookup="properties.statcode", from_=figures)
            .mark_geoshape(fill="#dddddd", stroke="white", strokeWidth=0.4)
            .encode(tooltip=tooltip)
        )
        shapes = (
            alt.Chart()
            .transform_lookup(lookup="properties.statcode", from_=figures)
            .transform_filter("isValid(datum.waarde)")
            .mark_geoshape(stroke="white", strokeWidth=0.4)
            .encode(
                color=alt.Color("waarde:Q", scale=alt.Scale(scheme="blues"), title=MEASURES[measure]),
                tooltip=tooltip,
            )
        )
        # every gemeente grey underneath, the published figures coloured on top
        chart = alt.layer(grey, shapes, data=alt.Data(name="gemeenten"))
        chart = ui.dutch(chart.project("mercator").properties(height=640)).configure_view(stroke=None)
        spec = chart.to_dict()
        spec["data"] = {"values": features}
        st.vega_lite_chart(spec=spec)
        missing = sum(1 for c in values["area_code"] if c not in codes)
        st.caption(
            f"Grijs: geheim (**{ui.marker()}**) of geen cijfer. Grenzen: `{Path(geojson_path).name}` "
            f"({len(features)} gemeenten)."
            + (f" {missing} gemeenten uit de release staan niet op de kaart." if missing else "")
        )

ranked = values.sort_values(["waarde", "area_name"], ascending=[False, True], na_position="last")
ranked = pd.DataFrame(
    {"Rang": range(1, len(ranked) + 1), "Gemeente": ranked["area_name"], MEASURES[measure]: ranked["getoond"]}
)
with st.expander("De indicator als gesorteerde tabel", expanded=not geojson_path):
    ui.table(ranked.astype(str), interactive=True, height=420, right=["Rang", MEASURES[measure]])
    ui.suppressed_caption()

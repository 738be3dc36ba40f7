"""Vergelijken: up to six areas side by side, in numbers and per 1,000 inhabitants, against a reference."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import data
import tables
import ui
from mha import published

MAX_AREAS = 6
UNITS = {"persons": "Personen", "households": "Huishoudens", "dwellings": "Woonruimten"}

labels = data.labels()
year = ui.choose_year()
moment = ui.stock_moment(year)
options = ui.area_options()
names = dict(zip(options["area_code"], options["area_name"], strict=True))
level_of = dict(zip(options["area_code"], options["geo_level"], strict=True))


def area_label(code: str) -> str:
    return ui.area_title(level_of[code], names[code])


st.title("Vergelijken")
st.markdown(
    f"Zet tot {MAX_AREAS} gebieden naast elkaar, in aantallen en per 1.000 inwoners, en vergelijk ze met "
    "hun provincie, woondealregio of Nederland."
)
gemeenten = options.loc[options["geo_level"] == "gemeente", "area_code"].tolist()
start = [st.session_state.get("area_code"), "GM0599", "GM0363", "GM0344", *gemeenten[:3]]
default = list(dict.fromkeys(c for c in start if c in names))[:3]
chosen = st.multiselect(
    f"Gebieden (hoogstens {MAX_AREAS})",
    options["area_code"].tolist(),
    default=default,
    max_selections=MAX_AREAS,
    format_func=area_label,
    key="vergelijk_areas",
    placeholder="Kies gebieden",
)
left, middle, right = st.columns(3)
cells_nl = data.query("totals_areas_year", year, [data.nederland_code()])
groups = tables.group_codes(cells_nl)
group = ui.choose_group(left, groups, key="vergelijk_group")
unit = middle.selectbox("Eenheid", list(UNITS), format_func=UNITS.get, key="vergelijk_unit")
niveau = right.radio(
    "Vergelijkingsniveau",
    list(published.COMPARISON_LEVELS),
    format_func=lambda g: labels.get("geo_level", g),
    horizontal=True,
    key="vergelijk_niveau",
)
if not chosen:
    st.info("Kies ten minste één gebied.")
    st.stop()


def reference_area(code: str) -> str | None:
    """The comparison area of `code` at level `niveau` (None when there is none)."""
    if level_of[code] == niveau:
        return code
    found = [c for lvl, c in published.comparison_areas(data.areas(), level_of[code], code) if lvl == niveau]
    return found[0] if found else None


refs = {c: reference_area(c) for c in chosen}
codes = sorted(set(chosen) | {r for r in refs.values() if r})
totals = data.query("totals_areas_year", year, codes)
rates = data.query("rates_areas_year", year, codes)
sel = {"group_code": group, "subgroup_code": "total", "unit": unit}
noun = UNITS[unit].lower()

st.subheader(f"{UNITS[unit]}: {labels.get('group', group).lower()}, {moment}")
rows = []
plot = []
series_area, series_ref = "Gebied", f"Vergelijkingsniveau ({labels.get('geo_level', niveau).lower()})"
for code in chosen:
    ref = refs[code]
    rows.append(
        {
            "Gebied": area_label(code),
            "Aantal": ui.cell(totals, area_code=code, **sel),
            "Per 1.000 inwoners": ui.cell(rates, fmt=lambda v: ui.fmt_dec(v, 1), area_code=code, **sel),
            "Vergelijkingsgebied": names.get(ref, ui.NOT_APPLICABLE) if ref else ui.NOT_APPLICABLE,
            "Per 1.000 inwoners (vergelijking)": (
                ui.cell(rates, fmt=lambda v: ui.fmt_dec(v, 1), area_code=ref, **sel)
                if ref
                else ui.NOT_APPLICABLE
            ),
        }
    )
    # one bar per row of the chart: each area, then its comparison area (once, when areas share it)
    for bar_code, series in ((code, series_area), (ref, series_ref)):
        label = names.get(bar_code, "")
        label = label if series == series_area else f"{label} (vergelijking)"
        if bar_code and label not in {p["balk"] for p in plot}:
            value = ui.cell_value(rates, area_code=bar_code, **sel)
            plot.append({"balk": label, "reeks": series, "waarde": value, "tekst": ui.fmt_dec(value, 1)})
ui.table(pd.DataFrame(rows))
if any(r is None for r in refs.values()):
    st.caption(
        f"– = geen vergelijkingsgebied op niveau {labels.get('geo_level', niveau).lower()} "
        "(alleen een gemeente ligt in een provincie of woondealregio)."
    )
ui.suppressed_caption()

frame = pd.DataFrame(plot)
if ui.chart_message(frame["waarde"], f"{UNITS[unit]} per 1.000 inwoners"):
    y = alt.Y("balk:N", title=None, sort=list(frame["balk"]), axis=alt.Axis(labelLimit=220))
    base = alt.Chart(frame).encode(y=y)
    bars = base.mark_bar().encode(
        x=alt.X("waarde:Q", title=f"{noun} per 1.000 inwoners, {moment}"),
        color=alt.Color("reeks:N", title=None, scale=alt.Scale(range=["#1f5fa8", "#9db8d9"])),
        tooltip=[alt.Tooltip("balk:N", title="Gebied"), alt.Tooltip("tekst:N", title="Per 1.000 inwoners")],
    )
    labels_at_end = base.mark_text(align="left", dx=4).encode(x=alt.X("waarde:Q"), text="tekst:N")
    chart = (bars + labels_at_end).properties(height=alt.Step(30))
    st.altair_chart(ui.dutch(chart, orient="bottom", columns=2))
    st.caption("Een balk zonder lengte met **?** is geheim.")

st.subheader(f"Alle aandachtsgroepen per 1.000 inwoners, {moment}")
wide = []
for g in groups:
    row = {"Aandachtsgroep": labels.get("group", g)}
    for code in chosen:
        row[names[code]] = ui.cell(
            rates,
            fmt=lambda v: ui.fmt_dec(v, 1),
            area_code=code,
            group_code=g,
            subgroup_code="total",
            unit=unit,
        )
    wide.append(row)
ui.table(pd.DataFrame(wide))
st.caption(f"{UNITS[unit]} in de groep per 1.000 inwoners van het gebied (inwoners op 1 januari).")

"""Vergelijken: up to six areas side by side, in numbers and per 1,000 inhabitants, against a reference."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import data
import tables
import ui

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
)
left, middle, right = st.columns(3)
cells_nl = data.query("totals_areas_year", year, ["NL01"])
groups = tables.group_codes(cells_nl)
group = left.selectbox(
    "Aandachtsgroep", groups, format_func=lambda g: labels.get("group", g), key="vergelijk_group"
)
unit = middle.selectbox("Eenheid", list(UNITS), format_func=UNITS.get, key="vergelijk_unit")
niveau = right.radio(
    "Vergelijkingsniveau",
    ["provincie", "woondealregio", "nederland"],
    format_func=lambda g: labels.get("geo_level", g),
    horizontal=True,
    key="vergelijk_niveau",
)
if not chosen:
    st.info("Kies ten minste één gebied.")
    st.stop()

areas = data.areas().set_index("area_code")


def reference_area(code: str) -> str | None:
    """The comparison area of `code` at level `niveau`, from pub_areas (None when there is none)."""
    level = level_of[code]
    if niveau == "nederland":
        return "NL01"
    if level == niveau:
        return code
    if level != "gemeente":
        return None
    if niveau == "provincie" and "provincie_code" in areas.columns:
        value = areas.loc[code, "provincie_code"]
        return None if pd.isna(value) else str(value)
    regions = data.woondealregio_codes(areas.loc[code])
    return regions[0] if regions else None


refs = {c: reference_area(c) for c in chosen}
codes = sorted(set(chosen) | {r for r in refs.values() if r})
totals = data.query("totals_areas_year", year, codes)
rates = data.query("rates_areas_year", year, codes)
sel = {"group_code": group, "subgroup_code": "total", "unit": unit}
noun = UNITS[unit].lower()

st.subheader(f"{UNITS[unit]}: {labels.get('group', group).lower()}, {moment}")
rows = []
plot = []
for code in chosen:
    ref = refs[code]
    rate = ui.cell_value(rates, area_code=code, **sel)
    ref_rate = ui.cell_value(rates, area_code=ref, **sel) if ref else None
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
    plot.append({"gebied": names[code], "soort": "Gebied", "naam": names[code], "waarde": rate,
                 "tekst": ui.fmt_dec(rate, 1)})  # fmt: skip
    if ref:
        series = f"Vergelijkingsniveau ({labels.get('geo_level', niveau).lower()})"
        plot.append(
            {"gebied": names[code], "soort": series, "naam": names.get(ref, ref), "waarde": ref_rate,
             "tekst": ui.fmt_dec(ref_rate, 1)}
        )  # fmt: skip
ui.table(pd.DataFrame(rows))
if any(r is None for r in refs.values()):
    st.caption(
        f"– = geen vergelijkingsgebied op niveau {labels.get('geo_level', niveau).lower()} "
        "(alleen een gemeente ligt in een provincie of woondealregio)."
    )
ui.suppressed_caption()

frame = pd.DataFrame(plot)
bars = (
    alt.Chart(frame)
    .mark_bar()
    .encode(
        y=alt.Y("gebied:N", title=None, sort=[names[c] for c in chosen]),
        yOffset=alt.YOffset("soort:N"),
        x=alt.X("waarde:Q", title=f"{noun} per 1.000 inwoners, {moment}"),
        color=alt.Color("soort:N", title=None, scale=alt.Scale(range=["#1f5fa8", "#9db8d9"])),
        tooltip=[alt.Tooltip("naam:N", title="Gebied"), alt.Tooltip("soort:N", title="Reeks"),
                 alt.Tooltip("tekst:N", title="Per 1.000 inwoners")],
    )
    .properties(height=max(160, 60 * len(chosen)))
)  # fmt: skip
st.altair_chart(ui.dutch(bars, orient="bottom"))

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

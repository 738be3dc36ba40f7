"""Overzicht: Nederland and a chosen area at a glance, and the trend 2018-2023 per group."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import data
import ui

labels = data.labels()
year = ui.choose_year()
level, code, name = ui.choose_area()

st.title("Overzicht")
st.markdown(
    "Hoeveel mensen uit elke aandachtsgroep wonen er in Nederland en in het gekozen gebied? "
    "Kies het gebied en het jaar links."
)

codes = sorted({code, "NL01"})
totals = data.query("totals_areas_year", year, codes)
rates = data.query("rates_areas_year", year, codes)
persons = totals[(totals["unit"] == "persons") & (totals["subgroup_code"] == "total")]
groups = labels.sorted("group", [g for g in persons["group_code"].unique() if g not in {"population", "all"}])

if persons[persons["area_code"] == code].empty:
    ui.no_data(f"{name}, {year}")
    st.stop()

# -- key figures -----------------------------------------------------------------------------------------
st.subheader(f"{ui.area_title(level, name)}, {ui.stock_moment(year)}")
inhabitants = ui.cell(persons, area_code=code, group_code="population")
columns = st.columns(4)
columns[0].metric("Inwoners", inhabitants)
for i, group in enumerate(groups[:3]):
    columns[i + 1].metric(labels.get("group", group), ui.cell(persons, area_code=code, group_code=group))

# -- persons per group, area against Nederland -----------------------------------------------------------
st.subheader(f"Personen per aandachtsgroep, {ui.stock_moment(year)}")
area_rates = rates[(rates["unit"] == "persons") & (rates["subgroup_code"] == "total")]
rows = []
for group in groups:
    row = {"Aandachtsgroep": labels.get("group", group)}
    row[f"{name}: aantal"] = ui.cell(persons, area_code=code, group_code=group)
    row[f"{name}: per 1.000 inwoners"] = ui.cell(
        area_rates, fmt=lambda v: ui.fmt_dec(v, 1), area_code=code, group_code=group
    )
    if code != "NL01":
        row["Nederland: aantal"] = ui.cell(persons, area_code="NL01", group_code=group)
        row["Nederland: per 1.000 inwoners"] = ui.cell(
            area_rates, fmt=lambda v: ui.fmt_dec(v, 1), area_code="NL01", group_code=group
        )
    rows.append(row)
ui.table(pd.DataFrame(rows))
ui.suppressed_caption()

# -- trend -----------------------------------------------------------------------------------------------
years = data.years()
st.subheader(f"Ontwikkeling {years[0]}-{years[-1]}: personen per aandachtsgroep, {name}")
trend = data.query("totals_area_all_years", level, code)
trend = trend[
    (trend["unit"] == "persons") & (trend["subgroup_code"] == "total") & trend["group_code"].isin(groups)
]
trend = trend.assign(
    groep=[labels.get("group", g) for g in trend["group_code"]],
    aantal=trend["value"].where(trend["status"] == "visible"),
    getoond=ui.shown(trend),
    peilmoment=[ui.stock_moment(y) for y in trend["report_year"]],
)
order = [labels.get("group", g) for g in groups]
chart = (
    alt.Chart(trend)
    .mark_line(point=True)
    .encode(
        x=alt.X("report_year:O", title=None),
        y=alt.Y("aantal:Q", title="personen", axis=alt.Axis(format=",d")),
        color=alt.Color("groep:N", sort=order, legend=None),
        tooltip=[
            alt.Tooltip("groep:N", title="Groep"),
            alt.Tooltip("peilmoment:N", title="Peilmoment"),
            alt.Tooltip("getoond:N", title="Personen"),
        ],
    )
    .properties(height=140, width=230)
    .facet(facet=alt.Facet("groep:N", sort=order, title=None), columns=3)
    .resolve_scale(y="independent")
)
st.altair_chart(ui.dutch(chart))
st.caption(
    "Elke groep heeft een eigen verticale as. Peilmoment steeds 31 december; ontbrekende punten zijn geheim."
)

wide = trend.pivot_table(index="groep", columns="report_year", values="getoond", aggfunc="first")
wide = (
    wide.reindex([g for g in order if g in wide.index])
    .reset_index()
    .rename(columns={"groep": "Aandachtsgroep"})
)
wide.columns = [str(c) for c in wide.columns]
with st.expander("Ontwikkeling als tabel"):
    ui.table(wide)

"""Overzicht: a chosen area next to its vergelijkingsniveau at a glance, and the trend per group."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import data
import tables
import ui

labels = data.labels()
year = ui.choose_year()
level, code, name = ui.choose_area()
comparison = ui.choose_comparison(level, code)

st.title("Overzicht")
st.markdown(
    "Hoeveel mensen uit elke aandachtsgroep wonen er in het gekozen gebied, naast het vergelijkingsniveau? "
    "Kies het gebied, het jaar en het vergelijkingsniveau links."
)

cmp_code = comparison[1] if comparison else None
codes = [c for c in (code, cmp_code) if c]
totals = data.query("totals_areas_year", year, codes)
rates = data.query("rates_areas_year", year, codes)
persons = totals[(totals["unit"] == "persons") & (totals["subgroup_code"] == "total")]
groups = labels.sorted("group", [g for g in persons["group_code"].unique() if g not in tables.GROUPLESS])

if persons[persons["area_code"] == code].empty:
    ui.no_data(f"{name}, {year}")
    st.stop()

area_rates = rates[(rates["unit"] == "persons") & (rates["subgroup_code"] == "total")]


def rate(area: str, group: str) -> str:
    return ui.cell(area_rates, fmt=lambda v: ui.fmt_dec(v, 1), area_code=area, group_code=group)


# -- key figures: inhabitants and every group ------------------------------------------------------------
st.subheader(f"{ui.area_title(level, name)}, {ui.stock_moment(year)}")
figures = [("Inwoners", ui.cell(persons, area_code=code, group_code="population"), "")]
for g in groups:
    figures.append(
        (
            labels.get("group", g),
            ui.cell(persons, area_code=code, group_code=g),
            f"{rate(code, g)} per 1.000 inwoners",
        )
    )
for start in range(0, len(figures), 4):
    for column, (label, value, note) in zip(st.columns(4), figures[start : start + 4], strict=False):
        column.metric(label, value)
        if note:
            column.caption(note)

# -- persons per group, the area next to its comparison area ---------------------------------------------
st.subheader(f"Personen per aandachtsgroep, {ui.stock_moment(year)}")
rows = []
for group in groups:
    row = {"Aandachtsgroep": labels.get("group", group)}
    row[f"{name}: aantal"] = ui.cell(persons, area_code=code, group_code=group)
    row[f"{name}: per 1.000 inwoners"] = rate(code, group)
    if comparison:
        row[f"{comparison[2]}: aantal"] = ui.cell(persons, area_code=cmp_code, group_code=group)
        row[f"{comparison[2]}: per 1.000 inwoners"] = rate(cmp_code, group)
    rows.append(row)
ui.table(pd.DataFrame(rows))
if comparison:
    st.caption(
        f"Vergelijkingsniveau: {labels.get('geo_level', comparison[0]).lower()} {comparison[2]}. "
        "Per 1.000 inwoners maakt gebieden van verschillende grootte vergelijkbaar."
    )
ui.suppressed_caption()

# -- trend: one small chart per group, each with its own axis ---------------------------------------------
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
if ui.chart_message(trend["aantal"], f"Ontwikkeling in {name}"):
    drawn = [g for g in order if trend.loc[trend["groep"] == g, "aantal"].notna().any()]
    columns = st.columns(3)
    for i, group_label in enumerate(drawn):
        part = trend[trend["groep"] == group_label]
        chart = (
            alt.Chart(part, title=alt.Title(group_label, fontSize=13, anchor="start"))
            .mark_line(point=True)
            .encode(
                x=alt.X("report_year:O", title=None),
                y=alt.Y("aantal:Q", title=None, axis=alt.Axis(format=",d", tickCount=4)),
                tooltip=[
                    alt.Tooltip("groep:N", title="Groep"),
                    alt.Tooltip("peilmoment:N", title="Peilmoment"),
                    alt.Tooltip("getoond:N", title="Personen"),
                ],
            )
            .properties(height=150)
        )
        with columns[i % 3]:
            st.altair_chart(ui.dutch(chart), width="stretch")
    secret = [g for g in order if g not in drawn]
    st.caption(
        "Elke groep heeft een eigen verticale as. Peilmoment steeds 31 december; ontbrekende punten zijn "
        "geheim."
        + (f" Geheim in elk jaar (geen grafiek): {', '.join(s.lower() for s in secret)}." if secret else "")
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

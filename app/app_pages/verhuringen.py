"""Verhuringen: lettings per group, their shares, the mutatiegraad and the permit-holder task."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import data
import tables
import ui

SECTORS = ("corporatie", "private_huur")

labels = data.labels()
year = ui.choose_year()
level, code, name = ui.choose_area()

st.title("Verhuringen")
st.markdown(
    "Een zelfstandige huurwoning is in een jaar *vrijgekomen en verhuurd* als de bewoners op 31 december "
    "allemaal anderen zijn dan op 1 januari en er op 31 december een particulier huishouden woont. De "
    "verhuring telt mee voor een aandachtsgroep als ten minste één nieuwe bewoner tot die groep behoort."
)
cells = data.query("counts_area_year", year, level, code)
derived = data.query("derived_area_year", year, level, code)
lettings = cells[(cells["unit"] == "lettings") & (cells["dimension_code"] == "sector")]
if lettings.empty:
    ui.no_data(f"Verhuringen in {name}, {year}")
    st.stop()

shares = derived[derived["measure_code"] == "share_of_lettings"]

st.subheader(f"Verhuurde woningen per aandachtsgroep, {ui.area_title(level, name)}, in {year}")
rows = []
for group in [*tables.group_codes(lettings, "lettings"), "all"]:
    row = {"Aandachtsgroep": "Alle verhuringen" if group == "all" else labels.get("group", group)}
    for sector in SECTORS:
        title = labels.get("category", sector, parent="sector")
        where = {"group_code": group, "subgroup_code": "total", "category_code": sector}
        row[f"{title}: verhuringen"] = ui.cell(lettings, **where)
        if group == "all":  # all lettings are the whole, when they are published
            row[f"{title}: aandeel"] = "100,0%" if ui.cell_value(lettings, **where) is not None else "?"
        else:
            row[f"{title}: aandeel"] = ui.cell(shares, fmt=ui.fmt_pct, unit="lettings", **where)
    rows.append(row)
ui.table(pd.DataFrame(rows))
st.caption(
    "Aandeel = deel van alle verhuringen in de sector dat naar de groep ging. Een woning kan voor meer "
    "groepen tellen, dus de aandelen tellen niet op tot 100%."
)
ui.suppressed_caption()

# -- mutatiegraad ------------------------------------------------------------------------------------------
st.subheader(f"Mutatiegraad in {year}")
stock = cells[(cells["dimension_code"] == "stock_1_jan") & (cells["group_code"] == "all")]
columns = st.columns(len(SECTORS))
for column, sector in zip(columns, SECTORS, strict=True):
    title = labels.get("category", sector, parent="sector")
    rate = ui.cell(
        derived,
        fmt=ui.fmt_pct,
        measure_code="mutatiegraad",
        group_code="all",
        unit="lettings",
        category_code=sector,
    )
    column.metric(f"Mutatiegraad {title.lower()}", rate)
    column.caption(
        f"Verhuringen in {year} gedeeld door de voorraad op {ui.first_january(year)}: "
        f"{ui.cell(stock, category_code=sector)} woningen."
    )

# -- trend ----------------------------------------------------------------------------------------------
history = data.query("lettings_area_all_years", level, code)
history = history[(history["category_code"] == "corporatie") & (history["group_code"] != "all")]
if not history.empty:
    years = data.years()
    st.subheader(f"Verhuurde corporatiewoningen per aandachtsgroep, {years[0]}-{years[-1]}")
    order = [labels.get("group", g) for g in tables.group_codes(history, "lettings")]
    history = history.assign(
        groep=[labels.get("group", g) for g in history["group_code"]],
        aantal=history["value"].where(history["status"] == "visible"),
        getoond=ui.shown(history),
    )
    chart = (
        alt.Chart(history)
        .mark_line(point=True)
        .encode(
            x=alt.X("report_year:O", title="verhuurd in"),
            y=alt.Y("aantal:Q", title="verhuringen", axis=alt.Axis(format=",d")),
            color=alt.Color("groep:N", sort=order, title=None),
            tooltip=[alt.Tooltip("groep:N", title="Groep"), alt.Tooltip("report_year:O", title="Jaar"),
                     alt.Tooltip("getoond:N", title="Verhuringen")],
        )
        .properties(height=300)
    )  # fmt: skip
    st.altair_chart(ui.dutch(chart))

# -- taakstelling against realisation -------------------------------------------------------------------
st.subheader(f"Taakstelling vergunninghouders en realisatie, {ui.area_title(level, name)}, {year}")
housed = cells[(cells["dimension_code"] == "housed_from_coa") & (cells["group_code"] == "permit_holders")]
members = data.member_gemeenten(level, code)
inputs = data.query("inputs_gemeenten_year", year, members) if members else pd.DataFrame()
task = inputs[inputs["input_code"] == "taakstelling"] if not inputs.empty else inputs
if housed.empty and task.empty:
    ui.no_data("Taakstelling en realisatie")
else:
    rows = []
    for half in (1, 2):
        got = task[task["half_year"] == half]["value"] if not task.empty else pd.Series(dtype=float)
        rows.append(
            {
                "Halfjaar": f"{half}e halfjaar {year}",
                "Taakstelling (personen)": ui.fmt_int(got.iloc[0]) if len(got) else ui.NOT_APPLICABLE,
                "Gehuisvest uit COA of zonder adres": ui.cell(housed, category_code=f"halfjaar_{half}"),
            }
        )
    ui.table(pd.DataFrame(rows))
    st.caption(
        "Taakstelling: het aantal vergunninghouders dat de gemeente(n) per halfjaar moet huisvesten (invoer, "
        "geen microdata; voor een groter gebied opgeteld over de gemeenten). Realisatie: vergunninghouders "
        "die "
        "in het halfjaar vanuit een COA-locatie of zonder adres in een woning in het gebied zijn gaan wonen."
    )
    ui.suppressed_caption()

"""Gebied: the monitor's own tables for one area and one year."""

from __future__ import annotations

import altair as alt
import streamlit as st

import data
import tables
import ui

labels = data.labels()
year = ui.choose_year()
level, code, name = ui.choose_area()
comparison = ui.choose_comparison(level, code)
moment = ui.stock_moment(year)

st.title(f"Gebied: {ui.area_title(level, name)}")
cells = data.query("counts_area_year", year, level, code)
if cells.empty:
    ui.no_data(f"{name}, {year}")
    st.stop()
derived = data.query("derived_area_year", year, level, code)
mags = data.query("magnitudes_area_year", year, level, code)
left, right = st.columns(2)
share = left.toggle(
    "Aandelen (%) en per 1.000 inwoners",
    key="gebied_share",
    help="Het aandeel van de groep (of van het eigen totaal van de indeling) dat in de categorie valt; "
    "op het tabblad Personen het aantal per 1.000 inwoners.",
)
show_beside = comparison is not None and right.toggle(
    f"Met {comparison[2]} ter vergelijking",
    value=True,
    key="gebied_beside",
    help="Kies het vergelijkingsniveau (woondealregio, provincie of Nederland) links.",
)
if show_beside:
    cmp_cells = data.query("counts_area_year", year, comparison[0], comparison[1])
    cmp_derived = data.query("derived_area_year", year, comparison[0], comparison[1])
    cmp_mags = data.query("magnitudes_area_year", year, comparison[0], comparison[1])


def show(make, frame=None) -> None:
    """Show `make(cells, derived, mags)` for the area (or its `frame`, when already made), with the
    comparison area's row under each of its rows."""
    frame = make(cells, derived, mags) if frame is None else frame
    if show_beside and not frame.empty:
        frame = tables.beside(frame, make(cmp_cells, cmp_derived, cmp_mags), comparison[2])
    ui.table(frame)


with st.popover("Rapport van dit gebied (PDF of HTML)", icon=":material/picture_as_pdf:"):
    st.markdown(
        f"Het rapport van {name} voor {year}: de tabellen en grafieken van de monitor naast de "
        "woondealregio, de provincie en Nederland, om te printen of te delen. Het maken duurt "
        "enkele seconden."
    )
    folder = data.release().folder

    def rapport_pdf() -> bytes:
        from mha.rapport import build  # imported on a click only: Altair and vl-convert take a second

        return build.pdf_bytes(folder, code, year)

    def rapport_html() -> bytes:
        from mha.rapport import build

        return build.render_html(folder, code, year)[0].encode("utf-8")

    st.download_button(
        "Download PDF",
        rapport_pdf,
        file_name=f"rapport_{code}_{year}.pdf",
        mime="application/pdf",
        key="gebied_rapport_pdf",
    )
    st.download_button(
        "Download HTML",
        rapport_html,
        file_name=f"rapport_{code}_{year}.html",
        mime="text/html",
        key="gebied_rapport_html",
    )


def present(*candidates: str) -> list[str]:
    """The dimension codes among `candidates` that this release has."""
    have = set(cells["dimension_code"].unique())
    return [c for c in candidates if c in have]


def dimension_tables(unit: str, candidates: tuple[str, ...], noun: str) -> None:
    found = present(*candidates)
    if not found:
        ui.no_data(noun)
        return
    for dimension in found:
        frame = tables.dimension_by_group(cells, derived, dimension, unit, share=share)
        if frame.empty:
            continue
        dim_label = labels.get("dimension", dimension).lower()
        st.markdown(f"**{noun} naar {dim_label} en aandachtsgroep, {moment}**")
        show(lambda c, d, m, dim=dimension: tables.dimension_by_group(c, d, dim, unit, share=share), frame)


tabs = st.tabs(["Personen", "Subgroepen en eigendom", "Overlap", "Huurprijsklassen", "Woonsituatie",
                "Huishoudens", "Woonruimten", "Inkomen", "Ontwikkeling"])  # fmt: skip

with tabs[0]:
    st.subheader(f"Personen, huishoudens en woonruimten per aandachtsgroep, {moment}")
    show(lambda c, d, m: tables.groups_units(c, d, share=share))
    ui.suppressed_caption()
    rates = derived[
        (derived["measure_code"] == "per_1000_inhabitants") & (derived["unit"] == "persons")
        & (derived["subgroup_code"] == "total") & (derived["dimension_code"] == "total")
        & ~derived["group_code"].isin(tables.GROUPLESS)
    ]  # fmt: skip
    if ui.chart_message(rates["value"].where(rates["status"] == "visible"), "Personen per 1.000 inwoners"):
        order = [labels.get("group", g) for g in tables.group_codes(cells)]
        plot = rates.assign(
            groep=[labels.get("group", g) for g in rates["group_code"]],
            getoond=ui.shown(rates, lambda v: ui.fmt_dec(v, 1)),
        )  # fmt: skip
        chart = (
            alt.Chart(plot)
            .mark_bar()
            .encode(
                y=alt.Y("groep:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
                x=alt.X("value:Q", title=f"personen per 1.000 inwoners, {moment}"),
                tooltip=[
                    alt.Tooltip("groep:N", title="Groep"),
                    alt.Tooltip("getoond:N", title="Per 1.000 inwoners"),
                ],
            )
            .properties(height=alt.Step(26))
        )
        st.altair_chart(ui.dutch(chart))

with tabs[1]:
    found = present("tenure")
    if found:
        noun = "Aandeel personen" if share else "Personen"
        st.subheader(f"{noun} per subgroep naar eigendom, {moment}")
        show(lambda c, d, m: tables.subgroups_by_dimension(c, d, found[0], "persons", share=share))
        ui.suppressed_caption()
    else:
        ui.no_data("Personen naar eigendom")

with tabs[2]:
    st.subheader(f"Overlap tussen de aandachtsgroepen: personen, {moment}")
    matrix = tables.overlap_matrix(cells)
    if matrix.empty:
        ui.no_data("Overlap")
    else:
        show(lambda c, d, m: tables.overlap_matrix(c), matrix)
        st.caption(
            "Een cel telt de personen die tot de groep in de rij én tot de groep in de kolom behoren. Op de "
            "diagonaal staat de groep zelf (het totaal van de groep). Een persoon kan in meer groepen zitten."
        )
        ui.suppressed_caption()

with tabs[3]:
    st.subheader(f"Woonruimten naar huurprijsklasse en koopprijsklasse, {moment}")
    st.caption(
        "Huurwoningen (corporatie en private huur) met één particulier huishouden op het adres, naar de kale "
        "huur op het peilmoment en de huurgrenzen van dat jaar (elke grens is een bovengrens 'tot en met'). "
        "Koopwoningen naar WOZ-waarde tegenover de NHG-kostengrens."
    )
    dimension_tables(
        "dwellings",
        (
            "rent_band_monitor_corporatie",
            "rent_band_monitor_private_huur",
            "koopprijsklasse",
        ),
        "Woonruimten",
    )
    with st.expander("Huurprijsklassen in de indeling van de sector (middelste klasse gesplitst)"):
        dimension_tables(
            "dwellings",
            ("rent_band_sector_corporatie", "rent_band_sector_private_huur"),
            "Woonruimten",
        )
    ui.suppressed_caption()

with tabs[4]:
    st.subheader(f"Woonsituatie: woning of niet-woning, {moment}")
    found = present("woonsituatie")
    if found:
        show(lambda c, d, m: tables.subgroups_by_dimension(c, d, found[0], "persons", share=share))
    dimension_tables("persons", ("household_kind", "address_household_count"), "Personen")
    ui.suppressed_caption()

with tabs[5]:
    st.subheader(f"Huishoudens, {moment}")
    st.caption("Particuliere huishoudens met ten minste één lid in de groep.")
    dimension_tables("households", ("household_type", "household_size"), "Huishoudens")
    dimension_tables("persons", ("place_in_household",), "Personen")
    ui.suppressed_caption()

with tabs[6]:
    st.subheader(f"Woonruimten, {moment}")
    st.caption("Woningen en standplaatsen met ten minste één bewoner in de groep.")
    dimension_tables("dwellings", ("tenure", "bouwvorm", "floor_area_class"), "Woonruimten")
    frame = tables.magnitudes_by_group(mags, "dwellings")
    if not frame.empty:
        st.markdown(f"**Kenmerken van de woonruimten, {moment}**")
        show(lambda c, d, m: tables.magnitudes_by_group(m, "dwellings"), frame)
    ui.suppressed_caption()

with tabs[7]:
    st.subheader(f"Inkomen van de huishoudens, {moment}")
    st.caption(
        "Besteedbaar en belastbaar inkomen over het jaar, in kwintielen van alle particuliere huishoudens; "
        "huurquote = 12 × kale huur / besteedbaar inkomen (huurders)."
    )
    dimension_tables(
        "households",
        ("housing_benefit", "disposable_income_quintile", "taxable_income_quintile"),
        "Huishoudens",
    )
    frame = tables.magnitudes_by_group(mags, "households")
    if not frame.empty:
        st.markdown(f"**Inkomen en woonlasten, {moment}**")
        show(lambda c, d, m: tables.magnitudes_by_group(m, "households"), frame)
    st.caption(
        "Gemiddelden en medianen alleen bij ten minste 10 huishoudens en als de grootste bijdrage hoogstens "
        "de helft van het totaal is; anders **?**."
    )
    ui.suppressed_caption()

with tabs[8]:
    groups = tables.group_codes(cells)
    group = ui.choose_group(st, groups, key="gebied_group")
    years = data.years()
    st.subheader(f"Ontwikkeling {years[0]}-{years[-1]}: {labels.get('group', group).lower()}, {name}")
    trend = data.query("totals_area_all_years", level, code)
    trend = trend[(trend["group_code"] == group) & (trend["unit"] == "persons")]
    trend = trend.assign(
        reeks=[labels.get("group", group) if s == "total" else labels.get("subgroup", s, parent=group)
               for s in trend["subgroup_code"]],
        aantal=trend["value"].where(trend["status"] == "visible"),
        getoond=ui.shown(trend),
    )  # fmt: skip
    subs = tables.subgroup_codes(cells, group)
    order = [labels.get("group", group)] + [labels.get("subgroup", s, parent=group) for s in subs]
    chart = (
        alt.Chart(trend)
        .mark_line(point=True)
        .encode(
            x=alt.X("report_year:O", title="31 december van het jaar"),
            y=alt.Y("aantal:Q", title="personen", axis=alt.Axis(format=",d")),
            color=alt.Color("reeks:N", sort=order, title=None),
            tooltip=[alt.Tooltip("reeks:N", title="Groep"), alt.Tooltip("report_year:O", title="Jaar"),
                     alt.Tooltip("getoond:N", title="Personen")],
        )
        .properties(height=320)
    )  # fmt: skip
    if ui.chart_message(trend["aantal"], f"{labels.get('group', group)} in {name}"):
        st.altair_chart(ui.dutch(chart))
    wide = trend.pivot_table(index="reeks", columns="report_year", values="getoond", aggfunc="first")
    wide = (
        wide.reindex([o for o in order if o in wide.index]).reset_index().rename(columns={"reeks": "Groep"})
    )
    wide.columns = [str(c) for c in wide.columns]
    ui.table(wide)
    ui.suppressed_caption()

if share:
    st.caption(
        "Aandelen zijn berekend uit de gepubliceerde (afgeronde) aantallen en geheim als teller, noemer of "
        "het complement geheim of kleiner dan 10 is."
    )

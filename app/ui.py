"""Presentation helpers shared by the pages: Dutch number formats, notes, the area and year choice."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import data
from mha import nl
from mha.published import comparison_areas

NOT_APPLICABLE = "–"
INDENT = "\u2003"  # an em space: HTML keeps it, so subgroup rows stay indented under their group
# Dutch number formats: one definition for the app, the workbook and the report (mha.nl)
fmt_int, fmt_dec, fmt_pct, fmt_fraction, fmt_money = (
    nl.fmt_int, nl.fmt_dec, nl.fmt_pct, nl.fmt_fraction, nl.fmt_money
)  # fmt: skip
stock_moment, first_january = nl.stock_moment, nl.first_january


MAGNITUDE_LABELS = {
    "disposable_income": "besteedbaar huishoudinkomen (euro per jaar)",
    "taxable_income": "belastbaar huishoudinkomen (euro per jaar)",
    "huurquote": "huurquote",
    "woonquote": "woonquote",
    "kale_huur": "kale huur (euro per maand)",
    "floor_area_m2": "gebruiksoppervlakte (m²)",
    "floor_area_per_person": "oppervlakte per bewoner (m²)",
}
STATISTICS = {"mean": "Gemiddelde", "median": "Mediaan"}


def measure_label(code: str) -> str:
    """A Dutch label for a magnitude code like `huurquote_median` when pub_labels has none."""
    base, _, stat = str(code).rpartition("_")
    if stat in STATISTICS and base in MAGNITUDE_LABELS:
        return f"{STATISTICS[stat]} {MAGNITUDE_LABELS[base]}"
    return str(code).replace("_", " ").capitalize()


def fmt_measure(code: str, value) -> str:
    """Format a derived figure or a magnitude by what its code says it is."""
    code = str(code)
    if code in {"share", "mutatiegraad", "share_of_lettings"}:
        return fmt_pct(value)
    if "quote" in code:
        return fmt_fraction(value)
    if "income" in code or "huur" in code:
        return fmt_money(value)
    return fmt_dec(value, 1)


_INDEXES: dict[tuple[int, tuple[str, ...]], tuple[pd.DataFrame, dict]] = {}


def _index(frame: pd.DataFrame, columns: tuple[str, ...]) -> dict:
    """A dict from the values of `columns` to (value, status), built once per frame and set of columns."""
    key = (id(frame), columns)
    held = _INDEXES.get(key)
    if held is not None and held[0] is frame:
        return held[1]
    keys = zip(*(frame[c].tolist() for c in columns), strict=True)
    cells = zip(frame["value"].tolist(), frame["status"].tolist(), strict=True)
    index = dict(zip(keys, cells, strict=True))
    if len(_INDEXES) > 2048:  # the frames of earlier runs are gone; start afresh
        _INDEXES.clear()
    _INDEXES[key] = (frame, index)  # holding the frame keeps its id from being reused
    return index


def _lookup(frame: pd.DataFrame, where: dict):
    columns = tuple(sorted(where))
    return _index(frame, columns).get(tuple(where[c] for c in columns))


_MARKERS: dict[str, str] = {}


def marker() -> str:
    """The sign of a secret cell in this release (`sdc_marker`, `?`); looked up once per release, since
    a page formats thousands of cells."""
    token = data.release_token()
    if token not in _MARKERS:
        _MARKERS[token] = data.parameters()["sdc_marker"]
    return _MARKERS[token]


def cell(frame: pd.DataFrame, fmt=fmt_int, **where) -> str:
    """The formatted value of the row of `frame` matching `where`: '?' when suppressed, '–' when absent."""
    hit = _lookup(frame, where)
    if hit is None:
        return NOT_APPLICABLE
    value, status = hit
    if status != "visible" or nl.missing(value):
        return marker()
    return fmt(value)


def shown(frame: pd.DataFrame, fmt=fmt_int) -> list[str]:
    """The formatted values of a frame with `value` and `status`, '?' where suppressed."""
    pairs = zip(frame["value"], frame["status"], strict=True)
    mark = marker()
    return [fmt(v) if s == "visible" and not nl.missing(v) else mark for v, s in pairs]


def cell_value(frame: pd.DataFrame, **where):
    """The published value of the row matching `where`, or None when it is suppressed or absent."""
    hit = _lookup(frame, where)
    if hit is None or hit[1] != "visible" or nl.missing(hit[0]):
        return None
    return hit[0]


DUTCH_LOCALE = {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]}}


def dutch(chart, **legend):
    """Configure an Altair chart: Dutch numbers (179.060; 5,9), level year labels, whole legend labels.

    Call it before any `configure_*` of its own: Altair's `configure` replaces the chart's config.
    """
    return chart.configure(locale=DUTCH_LOCALE, axisX={"labelAngle": 0}, legend={"labelLimit": 340, **legend})


# -- words --------------------------------------------------------------------------------------------


def area_title(geo_level: str, area_name: str) -> str:
    if geo_level == "nederland":
        return area_name
    return f"{area_name} ({data.labels().get('geo_level', geo_level).lower()})"


# -- page furniture -----------------------------------------------------------------------------------


def synthetic_note(rel: data.Release) -> None:
    """On every page of a synthetic release: what the figures are, and what the scale means."""
    if rel.synthetic:
        st.warning(
            f"**Synthetische cijfers.** {nl.scale_sentence(rel.manifest.get('scale'))} Deze release is "
            "gemaakt uit de synthetische tweeling, niet uit echte CBS-microdata: de aantallen lijken op de "
            "werkelijkheid maar zijn het niet.",
            icon=":material/science:",
        )


TABLE_CSS = """
<style>
[data-testid="stTable"] { overflow-x: auto; max-width: 100%; }
[data-testid="stTable"] th { white-space: normal; vertical-align: bottom; }
[data-testid="stTable"] th, [data-testid="stTable"] td { text-align: right !important; }
[data-testid="stTable"] td { white-space: nowrap; font-variant-numeric: tabular-nums; }
[data-testid="stTable"] th:first-child,
[data-testid="stTable"] td:first-child { text-align: left !important; white-space: normal; min-width: 9rem; }
[class*="st-key-text-table"] [data-testid="stTable"] th,
[class*="st-key-text-table"] [data-testid="stTable"] td { text-align: left !important; white-space: normal; }
[data-testid="stVegaLiteChart"] { max-width: 100%; overflow-x: auto; }
/* Streamlit's own English toolbars (Download as CSV, Search, Fullscreen): the pages have Dutch ones */
[data-testid="stElementToolbar"] { display: none; }
</style>
"""


def page_style() -> None:
    """Right-align the figures of every static table, let wide tables scroll (once per run)."""
    st.html(TABLE_CSS)


def table(
    frame: pd.DataFrame,
    *,
    text: str | None = None,
    interactive: bool = False,
    height="auto",
    right: list[str] | None = None,
) -> None:
    """Show a table of formatted strings: the first column left, the figures right-aligned.

    Monitor tables are static HTML (every row visible, readable by screen readers, printable); long
    selections (`interactive=True`) get the scrolling, sortable data grid. A table of words gets a
    `text` key and is left-aligned throughout.
    """
    if interactive:
        right = list(frame.columns[1:]) if right is None else right
        config = {c: st.column_config.TextColumn(c, alignment="right") for c in right}
        st.dataframe(frame, hide_index=True, column_config=config, height=height)
    elif text:
        with st.container(key=f"text-table-{text}"):
            st.table(frame, hide_index=True, border="horizontal")
    else:
        st.table(frame, hide_index=True, border="horizontal")


def suppressed_note() -> str:
    """What `?`, rounding and `–` mean, with the release's own rule values."""
    params = data.parameters()
    marker = params["sdc_marker"]
    return (
        f"**{marker}** = geheim: minder dan {params['sdc_min_cell']}, of af te leiden uit andere "
        f"cellen (statistische geheimhouding). Aantallen zijn afgerond op een veelvoud van "
        f"{params['sdc_round_base']}; totalen zijn afgerond uit het ware totaal en hoeven daarom "
        "niet precies de som van de delen te zijn. **–** = komt in de cijfers niet voor of is op dit niveau "
        "niet "
        "gepubliceerd."
    )


def suppressed_caption() -> None:
    st.caption(suppressed_note())


def no_data(what: str) -> None:
    st.info(
        f"{what}: voor deze keuze zijn in deze release geen cijfers gepubliceerd.", icon=":material/info:"
    )


def chart_message(values: pd.Series, what: str) -> bool:
    """Say "geen cijfers" or "geheim" instead of drawing an empty chart; True when a chart can be drawn."""
    if values.empty:
        st.info(f"{what}: geen cijfers.", icon=":material/info:")
        return False
    if values.isna().all():
        st.info(f"{what}: geheim (alle cijfers zijn **?**).", icon=":material/lock:")
        return False
    return True


# -- the shared choice: level, area, year, comparison, group (sidebar + URL, kept across pages) --------

# session-state name -> query parameter of a shareable URL (the page itself is the URL's path)
PARAMS = {
    "geo_level": "niveau",
    "area_code": "gebied",
    "year": "jaar",
    "comparison": "vergelijk",
    "group": "groep",
    "subgroup": "subgroep",
}


def _from_url(name: str, options: list, cast=str):
    """The value of query parameter PARAMS[name] if it is one of `options`, else None."""
    raw = st.query_params.get(PARAMS[name])
    if raw is None:
        return None
    try:
        value = cast(raw)
    except (TypeError, ValueError):
        return None
    return value if value in options else None


def _current(name: str, options: list, default, cast=str):
    """The remembered choice, else the URL's, else `default` (always one of `options`)."""
    value = st.session_state.get(name)
    if value not in options:
        value = _from_url(name, options, cast)
    return value if value in options else default


def _keep(name: str, value) -> None:
    """Remember a choice for the other pages and write it into the URL, so the view can be shared."""
    st.session_state[name] = value
    if value is None:
        st.query_params.pop(PARAMS[name], None)
    elif st.query_params.get(PARAMS[name]) != str(value):
        st.query_params[PARAMS[name]] = str(value)


def _remember(name: str, widget_key: str) -> None:
    st.session_state[name] = st.session_state[widget_key]


def choose_year(label: str = "Jaar") -> int:
    years = data.years()
    if not years:
        raise data.ReleaseError("De release bevat geen jaren: `pub_counts.parquet` is leeg.")
    current = _current("year", years, years[-1], int)
    year = st.sidebar.selectbox(
        label, years, index=years.index(current), key="w_year", on_change=_remember, args=("year", "w_year")
    )
    _keep("year", year)
    return year


def area_options() -> pd.DataFrame:
    labels = data.labels()
    df = data.areas().copy()
    df["level_sort"] = [labels.sort("geo_level", g) for g in df["geo_level"]]
    return df.sort_values(["level_sort", "area_name"])


def choose_area() -> tuple[str, str, str]:
    """Sidebar choice of level and area; returns (geo_level, area_code, area_name)."""
    labels = data.labels()
    df = area_options()
    levels = list(dict.fromkeys(df["geo_level"]))
    codes_all = df["area_code"].tolist()
    url_code = _from_url("area_code", codes_all) if "area_code" not in st.session_state else None
    default_level = "gemeente" if "gemeente" in levels else levels[0]
    if url_code:  # a shared URL names the area; its level follows from it
        default_level = df.loc[df["area_code"] == url_code, "geo_level"].iloc[0]
    level_now = _current("geo_level", levels, default_level)
    if url_code:
        level_now = default_level
    level = st.sidebar.selectbox(
        "Niveau",
        levels,
        index=levels.index(level_now),
        format_func=lambda g: labels.get("geo_level", g),
        key="w_geo_level",
        on_change=_remember,
        args=("geo_level", "w_geo_level"),
    )
    of_level = df[df["geo_level"] == level]
    codes = of_level["area_code"].tolist()
    names = dict(zip(of_level["area_code"], of_level["area_name"], strict=True))
    fallback = "GM0599" if "GM0599" in codes else codes[0]
    code_now = _current("area_code", codes, fallback)
    code = st.sidebar.selectbox(
        "Gebied",
        codes,
        index=codes.index(code_now),
        format_func=lambda c: names.get(c, c),
        key=f"w_area_{level}",
        on_change=_remember,
        args=("area_code", f"w_area_{level}"),
    )
    _keep("geo_level", level)
    _keep("area_code", code)
    row = of_level[of_level["area_code"] == code].iloc[0]
    if "is_indicative" in row.index and bool(row["is_indicative"]):
        st.sidebar.caption(
            "De indeling van deze woondealregio is indicatief: niet alle gemeenten komen uit een bron."
        )
    return level, code, names[code]


def choose_comparison(level: str, code: str) -> tuple[str, str, str] | None:
    """Sidebar choice of the vergelijkingsniveau of the chosen area (woondealregio, provincie, Nederland).

    Returns (geo_level, area_code, area_name) of the comparison area, or None for Nederland itself.
    """
    labels = data.labels()
    found = comparison_areas(data.areas(), level, code)
    if not found:
        _keep("comparison", None)
        return None
    by_level: dict[str, str] = {}
    for cmp_level, cmp_code in found:
        by_level.setdefault(cmp_level, cmp_code)  # a gemeente in two woondeals: the first
    levels = list(by_level)
    default = "provincie" if "provincie" in levels else levels[0]
    current = _current("comparison", levels, default)
    chosen = st.sidebar.selectbox(
        "Vergelijkingsniveau",
        levels,
        index=levels.index(current),
        format_func=lambda g: f"{labels.get('geo_level', g)}: {area_name(by_level[g])}",
        key=f"w_comparison_{code}",
        on_change=_remember,
        args=("comparison", f"w_comparison_{code}"),
    )
    _keep("comparison", chosen)
    return chosen, by_level[chosen], area_name(by_level[chosen])


def choose_group(container, groups: list[str], key: str, with_subgroup: bool = False, subgroups=None):
    """A group (and optionally subgroup) choice in `container`, shared by the pages and kept in the URL.

    `subgroups(group) -> list[str]` lists the subgroup codes of a group (without 'total').
    Returns the group code, or (group, subgroup) when `with_subgroup`.
    """
    labels = data.labels()
    current = _current("group", groups, groups[0])
    group = container.selectbox(
        "Aandachtsgroep",
        groups,
        index=groups.index(current),
        format_func=lambda g: labels.get("group", g),
        key=key,
        on_change=_remember,
        args=("group", key),
    )
    _keep("group", group)
    if not with_subgroup:
        return group
    options = ["total", *(subgroups(group) if subgroups else [])]
    sub_now = _current("subgroup", options, "total")
    sub_key = f"{key}_sub_{group}"
    sub = container.selectbox(
        "Subgroep",
        options,
        index=options.index(sub_now),
        format_func=lambda s: labels.get("subgroup", s, parent=group),
        key=sub_key,
        on_change=_remember,
        args=("subgroup", sub_key),
    )
    _keep("subgroup", sub)
    return group, sub


def area_name(code: str) -> str:
    df = data.areas()
    hit = df[df["area_code"] == code]
    return str(hit.iloc[0]["area_name"]) if not hit.empty else code

"""Presentation helpers shared by the pages: Dutch number formats, notes, the area and year choice."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

import data

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]  # fmt: skip
NOT_APPLICABLE = "–"
INDENT = "\u2003"  # an em space: HTML keeps it, so subgroup rows stay indented under their group
SUPPRESSED_NOTE = (
    "**?** = niet gepubliceerd: minder dan 10, of af te leiden uit andere cellen (statistische "
    "geheimhouding). Aantallen zijn afgerond op vijftallen; totalen zijn afgerond uit het ware totaal "
    "en hoeven daarom niet precies de som van de delen te zijn. **–** = komt in de cijfers niet voor."
)


# -- numbers -----------------------------------------------------------------------------------------


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def fmt_int(value) -> str:
    """179060 -> '179.060'; None -> '?'."""
    if _missing(value):
        return "?"
    return f"{round(float(value)):,}".replace(",", ".")


def fmt_dec(value, digits: int = 1) -> str:
    """2.345 -> '2,3'; None -> '?'."""
    if _missing(value):
        return "?"
    text = f"{float(value):,.{digits}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def fmt_pct(percent, digits: int = 1) -> str:
    """5.9 -> '5,9%' (pub_derived publishes shares and the mutatiegraad in percent); None -> '?'."""
    if _missing(percent):
        return "?"
    return fmt_dec(percent, digits) + "%"


def fmt_fraction(fraction, digits: int = 1) -> str:
    """0.27 -> '27,0%' (huurquote and woonquote are fractions); None -> '?'."""
    if _missing(fraction):
        return "?"
    return fmt_pct(float(fraction) * 100, digits)


def fmt_money(value) -> str:
    if _missing(value):
        return "?"
    return "€ " + fmt_int(value)


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
    if len(_INDEXES) > 256:  # the frames of earlier runs are gone; start afresh
        _INDEXES.clear()
    _INDEXES[key] = (frame, index)  # holding the frame keeps its id from being reused
    return index


def _lookup(frame: pd.DataFrame, where: dict):
    columns = tuple(sorted(where))
    return _index(frame, columns).get(tuple(where[c] for c in columns))


def cell(frame: pd.DataFrame, fmt=fmt_int, **where) -> str:
    """The formatted value of the row of `frame` matching `where`: '?' when suppressed, '–' when absent."""
    hit = _lookup(frame, where)
    if hit is None:
        return NOT_APPLICABLE
    value, status = hit
    if status != "visible" or _missing(value):
        return "?"
    return fmt(value)


def shown(frame: pd.DataFrame, fmt=fmt_int) -> list[str]:
    """The formatted values of a frame with `value` and `status`, '?' where suppressed."""
    pairs = zip(frame["value"], frame["status"], strict=True)
    return [fmt(v) if s == "visible" and not _missing(v) else "?" for v, s in pairs]


def cell_value(frame: pd.DataFrame, **where):
    """The published value of the row matching `where`, or None when it is suppressed or absent."""
    hit = _lookup(frame, where)
    if hit is None or hit[1] != "visible" or _missing(hit[0]):
        return None
    return hit[0]


DUTCH_LOCALE = {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]}}


def dutch(chart, **legend):
    """Configure an Altair chart: Dutch numbers (179.060; 5,9), level year labels, whole legend labels.

    Call it before any `configure_*` of its own: Altair's `configure` replaces the chart's config.
    """
    return chart.configure(locale=DUTCH_LOCALE, axisX={"labelAngle": 0}, legend={"labelLimit": 340, **legend})


# -- words --------------------------------------------------------------------------------------------


def stock_moment(year: int) -> str:
    """The reference moment of a stock: 31 december of the report year."""
    return f"31 december {year}"


def first_january(year: int) -> str:
    return f"1 januari {year}"


def area_title(geo_level: str, area_name: str) -> str:
    if geo_level == "nederland":
        return area_name
    return f"{area_name} ({data.labels().get('geo_level', geo_level).lower()})"


# -- page furniture -----------------------------------------------------------------------------------


def synthetic_note(rel: data.Release) -> None:
    if rel.synthetic:
        scale = rel.manifest.get("scale")
        seed = rel.manifest.get("seed")
        extra = f" (schaal {fmt_dec(scale, 3)}, seed {seed})" if scale is not None else ""
        st.warning(
            f"**Synthetische cijfers.** Deze release is gemaakt uit de synthetische tweeling{extra}, niet "
            "uit echte CBS-microdata. De aantallen lijken op de werkelijkheid maar zijn het niet.",
            icon=":material/science:",
        )


TABLE_CSS = """
<style>
[data-testid="stTable"] th, [data-testid="stTable"] td { text-align: right !important; }
[data-testid="stTable"] th:first-child,
[data-testid="stTable"] td:first-child { text-align: left !important; }
[class*="st-key-text-table"] [data-testid="stTable"] th,
[class*="st-key-text-table"] [data-testid="stTable"] td { text-align: left !important; }
[data-testid="stTable"] td { font-variant-numeric: tabular-nums; }
</style>
"""


def page_style() -> None:
    """Right-align the figures of every static table (once per run, from the entry point)."""
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


def suppressed_caption() -> None:
    st.caption(SUPPRESSED_NOTE)


def no_data(what: str) -> None:
    st.info(
        f"{what}: voor deze keuze zijn in deze release geen cijfers gepubliceerd.", icon=":material/info:"
    )


# -- the choice of area and year (sidebar, remembered across pages) -----------------------------------


def _remember(name: str, widget_key: str) -> None:
    st.session_state[name] = st.session_state[widget_key]


def choose_year(label: str = "Jaar") -> int:
    years = data.years()
    if not years:
        raise data.ReleaseError("De release bevat geen jaren: `pub_counts.parquet` is leeg.")
    current = st.session_state.get("year", years[-1])
    index = years.index(current) if current in years else len(years) - 1
    return st.sidebar.selectbox(
        label, years, index=index, key="w_year", on_change=_remember, args=("year", "w_year")
    )


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
    level_now = st.session_state.get("geo_level", "gemeente" if "gemeente" in levels else levels[0])
    level = st.sidebar.selectbox(
        "Niveau",
        levels,
        index=levels.index(level_now) if level_now in levels else 0,
        format_func=lambda g: labels.get("geo_level", g),
        key="w_geo_level",
        on_change=_remember,
        args=("geo_level", "w_geo_level"),
    )
    of_level = df[df["geo_level"] == level]
    codes = of_level["area_code"].tolist()
    names = dict(zip(of_level["area_code"], of_level["area_name"], strict=True))
    code_now = st.session_state.get("area_code")
    if code_now not in codes:
        code_now = "GM0599" if "GM0599" in codes else codes[0]
    code = st.sidebar.selectbox(
        "Gebied",
        codes,
        index=codes.index(code_now),
        format_func=lambda c: names.get(c, c),
        key=f"w_area_{level}",
        on_change=_remember,
        args=("area_code", f"w_area_{level}"),
    )
    st.session_state["geo_level"] = level
    st.session_state["area_code"] = code
    row = of_level[of_level["area_code"] == code].iloc[0]
    if "is_indicative" in row.index and bool(row["is_indicative"]):
        st.sidebar.caption(
            "De indeling van deze woondealregio is indicatief: niet alle gemeenten komen uit een bron."
        )
    return level, code, names[code]


def area_name(code: str) -> str:
    df = data.areas()
    hit = df[df["area_code"] == code]
    return str(hit.iloc[0]["area_name"]) if not hit.empty else code

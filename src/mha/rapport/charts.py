"""The report's charts: Altair (Vega-Lite) specs rendered to SVG by vl-convert, without a browser.

The SVG goes inline into the HTML, so the report is one self-contained file that prints the same in
Chromium and opens offline (inside CBS Remote Access too). A chart without a published value is not
drawn; the report says "geen cijfers" or "geheim" instead.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import vl_convert

DUTCH_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€\u00a0", ""]}
PALETTE = ["#1f5fa8", "#6a9bd1", "#a9c4e4", "#d7e3f1"]
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"


def _svg(chart: alt.TopLevelMixin) -> str:
    spec = chart.configure(font=FONT, axisX={"labelAngle": 0}, view={"stroke": None}).to_dict()
    return vl_convert.vegalite_to_svg(spec, format_locale=DUTCH_LOCALE)


def empty_message(values: pd.Series) -> str | None:
    """'geen cijfers' when there are no cells, 'geheim' when every cell is suppressed, else None."""
    if values.empty:
        return "geen cijfers"
    if values.isna().all():
        return "geheim"
    return None


def rates_bars(frame: pd.DataFrame, areas: list[str], title: str) -> str:
    """Horizontal bars: per 1.000 inwoners per group, one bar per area (the area first)."""
    groups = list(dict.fromkeys(frame["groep"]))
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("groep:N", sort=groups, title=None, axis=alt.Axis(labelLimit=220)),
            yOffset=alt.YOffset("gebied:N", sort=areas),
            x=alt.X("waarde:Q", title=title, axis=alt.Axis(format=",.0f")),
            color=alt.Color(
                "gebied:N",
                sort=areas,
                title=None,
                scale=alt.Scale(domain=areas, range=PALETTE[: len(areas)]),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=300),
            ),
        )
        .properties(width=470, height=alt.Step(9))
    )  # fmt: skip
    return _svg(chart)


def trend_lines(frame: pd.DataFrame, groups: list[str]) -> str:
    """Small multiples: persons per group over the years, each group with its own axis."""
    chart = (
        alt.Chart(frame)
        .mark_line(point=True, color=PALETTE[0])
        .encode(
            x=alt.X("jaar:O", title=None),
            y=alt.Y("aantal:Q", title=None, axis=alt.Axis(format=",d", tickCount=4)),
        )
        .properties(width=190, height=90)
        .facet(facet=alt.Facet("groep:N", sort=groups, title=None), columns=3)
        .resolve_scale(y="independent")
    )
    return _svg(chart)

"""Dutch words and number formats shared by the app, the workbook and the report per area.

179060 -> '179.060', 1.614 -> '1,6', 5.9 -> '5,9%'; a missing (suppressed) value becomes the marker `?`.
The marker itself is a disclosure parameter of the release; callers that know the release pass it.
"""

from __future__ import annotations

import datetime as dt
import math

MARKER = "?"
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]  # fmt: skip


def missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(isinstance(value, float) and math.isnan(value)) or str(value) == "<NA>"
    except TypeError:
        return False


def fmt_int(value, marker: str = MARKER) -> str:
    """179060 -> '179.060'; None -> '?'."""
    if missing(value):
        return marker
    return f"{round(float(value)):,}".replace(",", ".")


def fmt_dec(value, digits: int = 1, marker: str = MARKER) -> str:
    """2.345 -> '2,3'; None -> '?'."""
    if missing(value):
        return marker
    text = f"{float(value):,.{digits}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def fmt_pct(percent, digits: int = 1, marker: str = MARKER) -> str:
    """5.9 -> '5,9%' (shares and the mutatiegraad are published in percent); None -> '?'."""
    if missing(percent):
        return marker
    return fmt_dec(percent, digits) + "%"


def fmt_fraction(fraction, digits: int = 1, marker: str = MARKER) -> str:
    """0.27 -> '27,0%' (huurquote and woonquote are fractions); None -> '?'."""
    if missing(fraction):
        return marker
    return fmt_pct(float(fraction) * 100, digits)


def fmt_money(value, marker: str = MARKER) -> str:
    """714 -> '€ 714' with a no-break space, so the amount never wraps onto two lines."""
    if missing(value):
        return marker
    return "€\u00a0" + fmt_int(value)


def stock_moment(year: int) -> str:
    """The reference moment of a stock: 31 december of the report year."""
    return f"31 december {year}"


def first_january(year: int) -> str:
    return f"1 januari {year}"


def fmt_timestamp(text: str | None) -> str:
    """'2026-12-04T09:15:00Z' -> '4 december 2026, 10:15' (Dutch time); unknown -> 'onbekend'."""
    if not text:
        return "onbekend"
    try:
        moment = dt.datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return str(text)
    if moment.tzinfo is not None:
        try:
            from zoneinfo import ZoneInfo

            moment = moment.astimezone(ZoneInfo("Europe/Amsterdam"))
        except Exception:  # no time-zone data on this machine: keep UTC and say so
            return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M} UTC"
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M}"


def scale_sentence(scale) -> str:
    """What the scale of a synthetic release means for the counts a reader sees."""
    if missing(scale):
        return ""
    scale = float(scale)
    if scale >= 0.995:
        return "De aantallen hebben de omvang van heel Nederland."
    return (
        f"Alle aantallen zijn ongeveer 1/{fmt_int(1 / scale)} van de werkelijke (schaal {fmt_dec(scale, 3)})."
    )


def source_sentence(manifest: dict) -> str:
    """One sentence saying whether a release is synthetic or real, and its scale."""
    if manifest.get("synthetic"):
        return (
            "Synthetische cijfers: gemaakt uit de synthetische tweeling, niet uit echte CBS-microdata. "
            + scale_sentence(manifest.get("scale"))
        ).strip()
    source = manifest.get("data_source") or "echte microdata"
    return f"Echte cijfers: gemaakt uit {source} (CBS-microdata, beschermd tegen onthulling)."


def source_short(manifest: dict) -> str:
    """A short statement of the source for a column or a cell: synthetic with its scale, or real."""
    if manifest.get("synthetic"):
        scale = manifest.get("scale")
        if missing(scale):
            return "synthetisch (niet echt)"
        share = fmt_int(1 / float(scale))
        return f"synthetisch (niet echt), schaal {fmt_dec(scale, 3)}: aantallen ongeveer 1/{share}"
    return f"echt: {manifest.get('data_source') or 'CBS-microdata'}"

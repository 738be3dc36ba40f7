"""`python -m mha rapport --area GM0599 --year 2023`: the report per area, as HTML and PDF.

Reads only the published release (`$MHA_PUBLISH_DIR`), fills a Jinja2 template with the monitor's
tables for the area next to its woondealregio, provincie and Nederland, charts rendered to SVG by
vl-convert, a short Dutch explanation, the disclosure rules and the release's identity, and prints
the HTML to PDF with the headless Chromium the browser tests use (`/usr/bin/chromium`). Writes
`rapport_<area>_<year>.html` and `.pdf` into `--out` (default `$MHA_DATA_DIR/rapport`).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jinja2

from mha import nl
from mha.published import open_release
from mha.rapport import charts
from mha.rapport.content import Report

TEMPLATES = Path(__file__).resolve().parent / "templates"
CHROMIUM = os.environ.get("MHA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw"]  # fmt: skip


class RapportError(SystemExit):
    """A report that cannot be made: unknown area or year, no figures, no Chromium."""


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    return env


def disclosure_text(params: dict[str, str]) -> list[str]:
    """The disclosure rules in Dutch, with the release's own parameter values."""
    minimum = params.get("sdc_min_cell", "?")
    base = params.get("sdc_round_base", "?")
    marker = params["sdc_marker"]
    pct = params.get("sdc_pct_min", minimum)
    return [
        f"Een aantal kleiner dan {minimum} (ook 0) wordt niet gepubliceerd en staat als {marker}.",
        f"Elk gepubliceerd aantal is afgerond op een veelvoud van {base}; totalen zijn afgerond uit hun"
        " eigen ware waarde en hoeven niet precies de som van de delen te zijn.",
        f"Een cel die uit andere gepubliceerde cellen terug te rekenen is, staat ook als {marker}.",
        "Aandelen, cijfers per 1.000 inwoners en de mutatiegraad zijn berekend uit de gepubliceerde"
        f" aantallen en geheim als teller, noemer of complement geheim of kleiner dan {pct} is.",
        "– betekent: komt in de cijfers niet voor of is op dit niveau niet gepubliceerd.",
    ]


def render_html(publish: Path, area: str, year: int | None = None) -> tuple[str, Report]:
    """The report of one area as an HTML string."""
    release = open_release(publish)
    years = release.years()
    year = years[-1] if year is None else int(year)
    if year not in years:
        raise RapportError(f"rapport: year {year} is not in the release (years {years[0]}-{years[-1]})")
    try:
        report = Report(release, area, year)
    except KeyError:
        raise RapportError(f"rapport: area {area!r} is not in pub_areas of {publish}") from None
    if not report.has_data():
        raise RapportError(f"rapport: the release has no figures for {area} in {year}")
    groups = [release.labels.get("group", g) for g in report.groups()]
    rates = report.rates_frame()
    areas = [report.title_of(c) for c in report.codes]
    trend = report.trend_frame()
    # a group without any published point gets no empty panel: the caption names it as secret
    drawn = [g for g in groups if trend.loc[trend["groep"] == g, "aantal"].notna().any()]
    figures = {
        "rates": charts.empty_message(rates["waarde"])
        or charts.rates_bars(rates, areas, f"personen per 1.000 inwoners, {report.moment}"),
        "trend": charts.empty_message(trend["aantal"])
        or charts.trend_lines(trend[trend["groep"].isin(drawn)], drawn),
        "trend_secret": [g for g in groups if g not in drawn],
    }
    manifest = release.manifest
    params = release.parameters()
    identity = [
        ("Bron", nl.source_sentence(manifest)),
        ("Release", str(manifest.get("release_id", ""))),
        ("Gemaakt op", nl.fmt_timestamp(manifest.get("released_at"))),
    ]
    if manifest.get("synthetic") and manifest.get("seed") is not None:
        identity.append(("Seed", str(manifest["seed"])))
    tables = {
        "persons": report.persons_next_to_comparisons(),
        "units": report.units_per_group(),
        "tenure": report.subgroups_by(
            "tenure", "persons", f"Personen per subgroep naar eigendom, {report.area_name}, {report.moment}"
        ),
        "corporatie_share": report.share_next_to_comparisons(
            "tenure",
            "corporatie",
            "persons",
            f"Aandeel personen in een corporatiewoning (%), {report.moment}",
        ),  # fmt: skip
        "overlap": report.overlap(),
        "rent": report.dimension_by_group(
            "rent_band_monitor_corporatie",
            "dwellings",
            f"Corporatiewoningen naar huurprijsklasse en aandachtsgroep, {report.area_name}, {report.moment}",
            "Woonruimten met één particulier huishouden op het adres, naar de kale huur en de huurgrenzen"
            f" van {year} (elke grens 'tot en met').",
        ),  # fmt: skip
        "woonsituatie": report.subgroups_by(
            "woonsituatie",
            "persons",
            f"Woonsituatie: woning of niet-woning, {report.area_name}, {report.moment}",
        ),  # fmt: skip
        "lettings": report.lettings(),
        "mutatiegraad": report.mutatiegraad(),
        "taakstelling": report.taakstelling(),
        "trend": report.trend_table(),
    }
    html = (
        _environment()
        .get_template("rapport.html.j2")
        .render(
            report=report,
            comparisons=[
                (report.level_label(level), report.title_of(code)) for level, code in report.comparisons
            ],
            tables=tables,
            figures=figures,
            identity=identity,
            synthetic=bool(manifest.get("synthetic")),
            source=nl.source_sentence(manifest),
            disclosure=disclosure_text(params),
            marker=report.marker,
            years=years,
        )
    )
    return html, report


def print_pdf(html_path: Path, pdf_path: Path, timeout: int = 60) -> None:
    """Print an HTML file to PDF with headless Chromium (A4, the page's own print CSS)."""
    if not Path(CHROMIUM).exists():
        raise RapportError(f"rapport: {CHROMIUM} is absent; install Debian's chromium to print the PDF")
    with tempfile.TemporaryDirectory(prefix="mha-chromium-") as profile:
        command = [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                   f"--print-to-pdf={pdf_path}", html_path.resolve().as_uri()]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0 or not pdf_path.is_file() or pdf_path.stat().st_size == 0:
        raise RapportError(f"rapport: chromium could not print {html_path}:\n{done.stderr[-2000:]}")


def write_report(publish: Path, area: str, year: int | None, out: Path, pdf: bool = True) -> list[Path]:
    html, report = render_html(publish, area, year)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"rapport_{report.area_code}_{report.year}"
    html_path = out / f"{stem}.html"
    html_path.write_text(html, encoding="utf-8")
    written = [html_path]
    if pdf:
        pdf_path = out / f"{stem}.pdf"
        print_pdf(html_path, pdf_path)
        written.append(pdf_path)
    return written


def pdf_bytes(publish: Path, area: str, year: int | None) -> bytes:
    """The PDF of one report, made in a temporary folder (the app's download button)."""
    with tempfile.TemporaryDirectory(prefix="mha-rapport-") as tmp:
        paths = write_report(publish, area, year, Path(tmp), pdf=True)
        return paths[-1].read_bytes()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mha rapport", description=__doc__.splitlines()[0])
    parser.add_argument("--area", required=True, help="area code from pub_areas, e.g. GM0599 or WD01")
    parser.add_argument("--year", type=int, default=None, help="report year (default: the latest)")
    parser.add_argument(
        "--publish", type=Path, default=None, help="release folder (default $MHA_PUBLISH_DIR)"
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="output folder (default $MHA_DATA_DIR/rapport)"
    )
    parser.add_argument("--no-pdf", action="store_true", help="write the HTML only")
    args = parser.parse_args(argv)
    data_dir = Path(os.environ.get("MHA_DATA_DIR") or "data")
    publish = args.publish or Path(os.environ.get("MHA_PUBLISH_DIR") or data_dir / "publish")
    out = args.out or data_dir / "rapport"
    start = time.perf_counter()
    written = write_report(publish, args.area, args.year, out, pdf=not args.no_pdf)
    for path in written:
        print(f"rapport: {path}")
    print(f"rapport: {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The report per area: HTML and PDF from the real small release, the PDF's first page rendered.

`python -m mha rapport` is run as a user runs it; the PDF's first page is rendered to PNG by pdftoppm
(Debian's poppler-utils) and its text read by pdftotext. Expected figures come straight from the
release's Parquet files, formatted here the Dutch way (179.060, ? for a secret cell).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from PIL import Image

from conftest import REPO_ROOT, require_tool

pytestmark = pytest.mark.browser  # needs Chromium, like the browser test


def dutch_int(value: int) -> str:
    return f"{int(value):,}".replace(",", ".")


def make_report(publish: Path, area: str, out: Path, year: int | None = None) -> tuple[Path, Path]:
    command = [
        sys.executable,
        "-m",
        "mha",
        "rapport",
        "--area",
        area,
        "--publish",
        str(publish),
        "--out",
        str(out),
    ]
    if year:
        command += ["--year", str(year)]
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    stem = f"rapport_{area}_{year}" if year else next(out.glob(f"rapport_{area}_*.html")).stem
    return out / f"{stem}.html", out / f"{stem}.pdf"


def first_page(pdf: Path, tmp: Path) -> tuple[Image.Image, str]:
    subprocess.run(
        ["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp / "page")], check=True
    )
    (png,) = tmp.glob("page*.png")
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout  # fmt: skip
    return Image.open(png), text


def shown(publish: Path, area: str, year: int, group: str) -> str:
    con = duckdb.connect()
    (value, status) = con.execute(
        "select value, status from read_parquet(?) where report_year = ? and area_code = ? and group_code = ?"
        " and subgroup_code = 'total' and unit = 'persons' and dimension_code = 'total'"
        " and category_code = 'total'",
        [str(publish / "pub_counts.parquet"), year, area, group],
    ).fetchone()
    return dutch_int(value) if status == "visible" else "?"


@pytest.fixture(scope="module")
def tools():
    require_tool("/usr/bin/chromium")
    require_tool("/usr/bin/pdftoppm")


def test_report_for_rotterdam_2023(tools, published_release, tmp_path):
    html, pdf = make_report(published_release, "GM0599", tmp_path, 2023)
    assert html.is_file() and pdf.read_bytes().startswith(b"%PDF")
    image, text = first_page(pdf, tmp_path)
    width, height = image.size
    assert abs(height / width - 297 / 210) < 0.02, "the page is not A4"
    grey = image.convert("L")
    dark = sum(grey.histogram()[:128])
    assert dark > 0.01 * width * height, "the first page is (nearly) blank"
    assert "Rotterdam (gemeente), 2023" in text
    assert "Personen per aandachtsgroep, 31 december 2023" in text
    # the table: Rotterdam's elderly as published, next to the woondealregio, provincie and Nederland
    row = next(line for line in text.splitlines() if line.strip().startswith("Ouderen"))
    assert shown(published_release, "GM0599", 2023, "elderly") == row.split()[1]
    assert shown(published_release, "NL01", 2023, "elderly") in row.split()
    for name in ("Zuid-Holland", "Nederland"):
        assert name in text
    assert "Synthetische cijfers" in text and "van de werkelijke" in text
    page = html.read_text(encoding="utf-8")
    assert "<svg" in page and "Geheimhouding" in page and "Taakstelling" in page


def test_report_for_a_woondealregio(tools, published_release, tmp_path):
    con = duckdb.connect()
    code, name = con.execute(
        "select area_code, area_name from read_parquet(?) where geo_level = 'woondealregio' and area_code in"
        " (select unnest(string_split(woondealregio_codes, ';')) from read_parquet(?)"
        " where area_code = 'GM0599')",
        [str(published_release / "pub_areas.parquet")] * 2,
    ).fetchone()
    html, pdf = make_report(published_release, code, tmp_path)
    image, text = first_page(pdf, tmp_path)
    assert f"{name} (woondealregio)" in text
    assert "Nederland" in text and "Aandachtsgroep" in text
    assert image.size[0] > 0


def test_unknown_area_is_refused(published_release, tmp_path):
    command = [sys.executable, "-m", "mha", "rapport", "--area", "GM9999",
               "--publish", str(published_release), "--out", str(tmp_path), "--no-pdf"]  # fmt: skip
    done = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "GM9999" in done.stderr + done.stdout
    assert not list(tmp_path.iterdir())

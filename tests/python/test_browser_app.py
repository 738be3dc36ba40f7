"""Open every page of the running app in headless Chromium, at 1440 px and at phone width (390 px).

Starts `streamlit run` on a free localhost port against the real small release (`$MHA_PUBLISH_DIR`,
built by `make test`), visits each page, checks the heading, a number in Dutch format and that no table
or chart reaches past the viewport, and saves a screenshot per page and width to
test-output/screenshots/. Then: Vergelijken with two areas draws every bar at least 12 px high, and a
shared URL restores area, year and group.
"""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest
from PIL import Image

from conftest import require_tool
from mha import published

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
GEOJSON = ROOT.parent / "shared" / "reference" / "gemeente_2023_gegeneraliseerd_wgs84.geojson"
SHOTS = ROOT / "test-output" / "screenshots"
WIDTHS = {"breed": 1440, "telefoon": 390}
# url path, heading, a number a person should see (Dutch thousands separator or a Dutch decimal)
PAGES = [
    ("", "Overzicht", r"\d+(\.\d{3})*"),
    ("gebied", "Gebied: Rotterdam (gemeente)", r"\d+(\.\d{3})*"),
    ("vergelijken", "Vergelijken", r"\d+,\d"),
    ("kaart", "Kaart", r"\d+(\.\d{3})*"),
    ("verhuringen", "Verhuringen", r"\d+"),
    ("databank", "Databank", r"\d+(\.\d{3})*"),
    ("over_de_cijfers", "Over de cijfers", r"\d{1,3}(\.\d{3})+"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, published_release):
    require_tool(CHROMIUM)
    port = free_port()
    env = dict(os.environ, MHA_PUBLISH_DIR=str(published_release))
    if GEOJSON.exists():
        env["MHA_GEOJSON"] = str(GEOJSON)
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app" / "streamlit_app.py"),
             "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.time() > deadline or proc.poll() is not None:
                pytest.fail(f"streamlit did not start; log:\n{log.read_text()}")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


MAIN = "[data-testid='stMain']"
# the text of the page without the synthetic-data note (whose "schaal 0,002" must not count as a figure)
CONTENT = """() => {
    const main = document.querySelector("[data-testid='stMain']");
    const note = main.querySelector("[data-testid='stAlert']");
    return main.innerText.replace(note ? note.innerText : "", "");
}"""
# every visible table, data grid and chart whose box reaches past the viewport (a cut-off element)
OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    const selector = "[data-testid='stTable'], [data-testid='stDataFrame'], [data-testid='stVegaLiteChart'],"
        + " [data-testid='stMetric'], h1, h2, h3";
    return Array.from(document.querySelectorAll(selector))
        .filter((e) => e.offsetParent !== null)
        .map((e) => [e.getAttribute("data-testid") || e.tagName, e.getBoundingClientRect()])
        .filter(([, r]) => r.width > 0 && (r.right > width + 1 || r.left < -1))
        .map(([name, r]) => `${name} ${Math.round(r.left)}-${Math.round(r.right)} of ${width}`);
}"""
# tables wider than the viewport: "scrolls" when a box around the table scrolls sideways (reachable,
# allowed on a phone, not on a wide screen), "cut off" when nothing lets a person reach the rest
WIDE_TABLES = """(kind) => Array.from(document.querySelectorAll("[data-testid='stTable'] table"))
    .filter((t) => t.offsetParent !== null
        && t.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map((t) => {
        let box = t.parentElement, scrolls = false;
        while (box && !scrolls) {
            const x = getComputedStyle(box).overflowX;
            scrolls = (x === "auto" || x === "scroll") && box.scrollWidth > box.clientWidth + 1;
            if (box.getAttribute("data-testid") === "stTable") break;
            box = box.parentElement;
        }
        return [scrolls ? "scrolls" : "cut off", t.innerText.split("\\n")[0].slice(0, 60)];
    })
    .filter(([how]) => how === kind)
    .map(([, name]) => name)"""


def wait_until_rendered(page, number: str) -> None:
    """Wait for the heading, a number like `number` and every visible chart drawn (they load lazily)."""
    page.wait_for_selector("h1", timeout=90_000)
    page.wait_for_function(
        f"(pattern) => new RegExp(pattern).test(({CONTENT})())", arg=number, timeout=90_000
    )
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll("[data-testid='stVegaLiteChart']"))
                 .filter((c) => c.offsetParent !== null)
                 .every((c) => c.querySelector("canvas, svg"))""",
        timeout=90_000,
    )
    page.wait_for_function(
        """() => !document.querySelector("[data-testid='stStatusWidget']")
                 && !document.querySelector("[data-testid='stSkeleton']")""",
        timeout=90_000,
    )
    page.wait_for_timeout(500)


def full_screenshot(page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its main box, so grow the viewport to its height first."""
    height = page.evaluate("() => document.querySelector(\"[data-testid='stMain']\").scrollHeight")
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width, "height": min(max(height, 1000), 8000)})
    page.wait_for_timeout(800)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": width, "height": 1000})


def check_widths(page, width_name: str, where: str) -> None:
    """Nothing cut off at this width; on a wide screen no table needs sideways scrolling either."""
    width = WIDTHS[width_name]
    assert page.evaluate(OVERFLOWING) == [], f"an element past the viewport{where} at {width} px"
    assert page.evaluate(WIDE_TABLES, "cut off") == [], f"a table cut off{where} at {width} px"
    if width_name == "breed":
        assert page.evaluate(WIDE_TABLES, "scrolls") == [], f"a table scrolls sideways{where} at {width} px"


def open_page(browser, url: str, width: int, number: str):
    page = browser.new_page(viewport={"width": width, "height": 1000}, locale="nl-NL")
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(url, wait_until="domcontentloaded")
    wait_until_rendered(page, number)
    return page, errors


@pytest.mark.parametrize("width_name", list(WIDTHS))
@pytest.mark.parametrize("path, heading, number", PAGES, ids=[p[1].split(":")[0] for p in PAGES])
def test_page_in_chromium(app_url, browser, path, heading, number, width_name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page, errors = open_page(browser, f"{app_url}/{path}", WIDTHS[width_name], number)
    try:
        name = path or "overzicht"
        full_screenshot(page, SHOTS / f"{name}_{width_name}.png")
        headings = page.locator("h1").all_inner_texts()
        assert any(heading in h for h in headings), headings
        text = page.locator(MAIN).first.inner_text()
        assert "Synthetische cijfers" in text and "van de werkelijke" in text
        content = page.evaluate(CONTENT)
        assert re.search(number, content), f"no number like {number!r} on {name}"
        assert "Traceback" not in text
        assert not page.locator("[data-testid='stException']").count(), "the page shows an exception"
        check_widths(page, width_name, "")
        tabs = page.get_by_role("tab")
        for i in range(tabs.count()):  # Gebied: the tables of every tab, not only the first
            tabs.nth(i).click()
            page.wait_for_timeout(400)
            wait_until_rendered(page, number)
            check_widths(page, width_name, f" on tab {tabs.nth(i).inner_text()}")
        assert not errors, errors
    finally:
        page.close()


def bar_heights(png: bytes, colours: list[tuple[int, int, int]], min_width: int = 40) -> list[int]:
    """Heights in px of the horizontal bars in a chart screenshot: runs of pixel rows in which at least
    `min_width` pixels have one of the bars' colours (the legend's small squares do not count)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    pixels = image.load()

    def is_bar(p):
        return any(sum(abs(a - b) for a, b in zip(p, c, strict=True)) < 24 for c in colours)

    rows = [sum(1 for x in range(width) if is_bar(pixels[x, y])) >= min_width for y in range(height)]
    runs, run = [], 0
    for filled in [*rows, False]:
        if filled:
            run += 1
        elif run:
            runs.append(run)
            run = 0
    return runs


UNIT_LABELS = {"persons": "Personen", "households": "Huishoudens", "dwellings": "Woonruimten"}


def visible_bars(release: Path, group: str, unit: str, areas: list[str], level: str) -> int:
    """How many bars Vergelijken draws for `areas` and their comparison areas at `level` (a secret
    rate draws none), read from the release's own files."""
    con = duckdb.connect()
    frame = con.execute(f"select * from read_parquet('{release / 'pub_areas.parquet'}')").df()
    year = con.execute(
        f"select max(report_year) from read_parquet('{release / 'pub_derived.parquet'}')"
    ).fetchone()[0]
    codes = set(areas)
    for code in areas:
        found = [c for lvl, c in published.comparison_areas(frame, "gemeente", code) if lvl == level]
        codes |= set(found[:1])
    return con.execute(
        f"select count(*) from read_parquet('{release / 'pub_derived.parquet'}') where report_year = ?"
        " and group_code = ? and unit = ? and subgroup_code = 'total' and dimension_code = 'total'"
        " and measure_code = 'per_1000_inhabitants' and status = 'visible' and area_code in"
        f" ({', '.join('?' for _ in codes)})",
        [year, group, unit, *sorted(codes)],
    ).fetchone()[0]


def test_vergelijken_two_areas_bars_at_least_12_px(app_url, browser, published_release):
    """Two areas against their comparison areas: a bar for every visible rate, each at least 12 px
    high. Group, unit and level are those whose rates the release shows most (the small test scale
    keeps many secret); the release's own files say how many bars there must be."""
    areas = ["GM0599", "GM0363"]
    groups = duckdb.sql(
        f"select distinct group_code from read_parquet('{published_release / 'pub_derived.parquet'}')"
        " where group_code not in ('population', 'any_group', 'all') order by group_code"
    ).fetchall()
    options = [
        (visible_bars(published_release, g, u, areas, lvl), g, u, lvl)
        for (g,) in groups
        for u in UNIT_LABELS
        for lvl in published.COMPARISON_LEVELS
    ]
    bars, group, unit, level = max(options, key=lambda o: (o[0], o[2] == "persons", o[3] == "woondealregio"))
    assert bars >= 2, f"the test release shows fewer than two rates to compare: {options}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    url = f"{app_url}/vergelijken?gebied=GM0599&groep={group}"
    page, errors = open_page(browser, url, WIDTHS["breed"], r"\d+,\d")
    try:
        rows = page.locator("[data-testid='stTable']").first.locator("tbody tr")
        field = page.locator("[data-testid='stMultiSelect'] input").first
        field.click()
        for _ in range(rows.count() - 2):  # Backspace removes the last area, as a person would
            field.press("Backspace")
            page.wait_for_timeout(300)
        field.press("Escape")
        page.locator("h1").first.click()
        page.wait_for_function(
            "() => document.querySelector(\"[data-testid='stTable'] tbody\").rows.length === 2",
            timeout=60_000,
        )
        if level != published.COMPARISON_LEVELS[0]:
            label = duckdb.sql(
                f"select label_nl from read_parquet('{published_release / 'pub_labels.parquet'}')"
                f" where kind = 'geo_level' and code = '{level}'"
            ).fetchall()[0][0]
            page.locator("[data-testid='stRadio']").get_by_text(label, exact=True).click()
            page.wait_for_timeout(1500)
        if unit != "persons":
            page.locator("[data-testid='stSelectbox']").filter(has_text="Eenheid").first.click()
            page.get_by_role("option", name=UNIT_LABELS[unit]).click()
            page.wait_for_function(
                "(word) => Array.from(document.querySelectorAll('h2, h3'))"
                ".some((h) => h.innerText.startsWith(word))",
                arg=UNIT_LABELS[unit],
                timeout=60_000,
            )
        wait_until_rendered(page, r"\d+,\d")
        chart = page.locator("[data-testid='stVegaLiteChart']").first
        chart.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        heights = bar_heights(chart.screenshot(), [(0x1F, 0x5F, 0xA8), (0x9D, 0xB8, 0xD9)])
        full_screenshot(page, SHOTS / "vergelijken_twee_gebieden.png")
        assert rows.count() == 2
        assert len(heights) == bars, (heights, group, unit, level)  # the areas and comparison areas
        assert min(heights) >= 12, heights
        assert not errors, errors
    finally:
        page.close()


def test_shared_url_restores_area_year_and_group(app_url, browser):
    url = f"{app_url}/gebied?niveau=gemeente&gebied=GM0363&jaar=2020&groep=permit_holders"
    page, errors = open_page(browser, url, WIDTHS["breed"], r"\d+")
    try:
        assert "Gebied: Amsterdam (gemeente)" in page.locator("h1").first.inner_text()
        assert "31 december 2020" in page.locator(MAIN).inner_text()
        page.get_by_role("tab", name="Ontwikkeling").click()
        page.wait_for_timeout(800)
        page.screenshot(path=str(SHOTS / "gedeelde_link.png"), full_page=False)
        assert "statushouders / vergunninghouders, Amsterdam" in page.locator(MAIN).inner_text()
        # the URL keeps the view after a change on the page
        assert "gebied=GM0363" in page.url and "jaar=2020" in page.url and "groep=permit_holders" in page.url
        assert not errors, errors
    finally:
        page.close()

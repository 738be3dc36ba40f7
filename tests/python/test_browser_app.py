"""Open every page of the running app in headless Chromium and check what a person sees.

Starts `streamlit run` on a free localhost port against a fake release (or the release named by
`MHA_BROWSER_RELEASE`), visits each page, checks the heading and a number in Dutch format, and saves a
screenshot per page to test-output/screenshots/.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from fake_release import write_fake_release  # noqa: E402

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
GEOJSON = ROOT.parent / "shared" / "reference" / "gemeente_2023_gegeneraliseerd_wgs84.geojson"
SHOTS = ROOT / "test-output" / "screenshots"
# url path, heading, a number a person should see (Dutch thousands separator or a Dutch decimal)
PAGES = [
    ("", "Overzicht", r"\d{1,3}(\.\d{3})+"),
    ("gebied", "Gebied: Rotterdam (gemeente)", r"\d{1,3}(\.\d{3})+"),
    ("vergelijken", "Vergelijken", r"\d+,\d"),
    ("kaart", "Kaart", r"\d{1,3}(\.\d{3})+"),
    ("verhuringen", "Verhuringen", r"\d+,\d%"),
    ("databank", "Databank", r"\d{1,3}(\.\d{3})+"),
    ("over_de_cijfers", "Over de cijfers", r"\d{1,3}(\.\d{3})+"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent: install it with `apt-get install -y chromium`")
    publish = os.environ.get("MHA_BROWSER_RELEASE")
    if not publish:
        publish = str(write_fake_release(tmp_path_factory.mktemp("browser") / "publish"))
    port = free_port()
    env = dict(os.environ, MHA_PUBLISH_DIR=publish)
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
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


MAIN = "[data-testid='stMain']"
# the text of the page without the synthetic-data note (whose "schaal 0,001" must not count as a figure)
CONTENT = """() => {
    const main = document.querySelector("[data-testid='stMain']");
    const note = main.querySelector("[data-testid='stAlert']");
    return main.innerText.replace(note ? note.innerText : "", "");
}"""


def wait_until_rendered(page, number: str) -> None:
    """Wait for the heading, a number like `number` and every visible chart drawn (they load lazily)."""
    page.wait_for_selector("h1", timeout=60_000)
    page.wait_for_function(
        f"(pattern) => new RegExp(pattern).test(({CONTENT})())", arg=number, timeout=60_000
    )
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll("[data-testid='stVegaLiteChart']"))
                 .filter((c) => c.offsetParent !== null)
                 .every((c) => c.querySelector("canvas, svg"))""",
        timeout=60_000,
    )
    page.wait_for_function(
        "() => !document.querySelector(\"[data-testid='stStatusWidget']\")", timeout=60_000
    )
    page.wait_for_timeout(500)


@pytest.mark.parametrize("path, heading, number", PAGES, ids=[p[1].split(":")[0] for p in PAGES])
def test_page_in_chromium(app_url, browser, path, heading, number):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 2400}, locale="nl-NL")
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    try:
        page.goto(f"{app_url}/{path}", wait_until="domcontentloaded")
        wait_until_rendered(page, number)
        name = path or "overzicht"
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        headings = page.locator("h1").all_inner_texts()
        assert any(heading in h for h in headings), headings
        text = page.locator(MAIN).first.inner_text()
        assert "Synthetische cijfers" in text
        content = page.evaluate(CONTENT)
        assert re.search(number, content), f"no number like {number!r} on {name}"
        assert "Traceback" not in text and "Error" not in text.split("Synthetische")[0]
        assert not page.locator("[data-testid='stException']").count(), "the page shows an exception"
        assert not errors, errors
    finally:
        page.close()

"""`python -m mha.bench_app`: time every page of the Streamlit app on a release, and its memory.

For each page it measures the first load in a fresh app session (cold query cache: the page's queries
run against the Parquet files) and one filter change (a widget set to a new value and the page rerun),
using Streamlit's AppTest in this process. Memory is the resident set size of this process after all
pages (peak RSS from the OS). The figures include AppTest's own overhead, so a browser is no slower.

    python -m mha.bench_app --publish data/publish [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app" / "streamlit_app.py"
GEOJSON = ROOT.parent / "shared" / "reference" / "gemeente_2023_gegeneraliseerd_wgs84.geojson"

# page file, the widget to change (kind, key) and its new value: an option index or a value
CHANGES = {
    "overzicht": ("selectbox", "w_year", ("index", 0)),
    "gebied": ("selectbox", "w_area_gemeente", ("index", 7)),
    "vergelijken": ("selectbox", "vergelijk_group", ("index", 3)),
    "kaart": ("radio", "kaart_measure", ("value", "per_1000")),
    "verhuringen": ("selectbox", "w_year", ("index", 1)),
    "databank": ("selectbox", "db_indicator", ("index", 3)),
    "over_de_cijfers": (None, None, None),
}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def app_benchmark(publish: str | Path, pages: list[str] | None = None) -> dict:
    """Seconds for the first load and a filter change of each page, and peak memory in MB."""
    from streamlit.testing.v1 import AppTest

    os.environ["MHA_PUBLISH_DIR"] = str(publish)
    if "MHA_GEOJSON" not in os.environ and GEOJSON.exists():
        os.environ["MHA_GEOJSON"] = str(GEOJSON)
    results: dict = {"publish": str(publish), "pages": {}}
    start = time.perf_counter()
    at = AppTest.from_file(str(APP), default_timeout=300)
    at.run()
    results["app_start_s"] = round(time.perf_counter() - start, 3)
    for page in pages or list(CHANGES):
        kind, key, choice = CHANGES[page]
        fresh = AppTest.from_file(str(APP), default_timeout=300)
        began = time.perf_counter()
        fresh.switch_page(f"app_pages/{page}.py").run()
        first = time.perf_counter() - began
        change = None
        if kind:
            widget = getattr(fresh, kind)(key=key)
            how, what = choice
            began = time.perf_counter()
            if how == "index":
                widget.select_index(min(what, len(widget.proto.options) - 1)).run()
            else:
                widget.set_value(what).run()
            change = time.perf_counter() - began
        errors = [e.value for e in fresh.exception] + [e.value for e in fresh.error]
        results["pages"][page] = {
            "first_load_s": round(first, 3),
            "filter_change_s": None if change is None else round(change, 3),
            "errors": errors,
        }
    results["peak_rss_mb"] = round(_rss_mb(), 1)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mha.bench_app", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--publish", default=os.environ.get("MHA_PUBLISH_DIR", str(ROOT / "data" / "publish"))
    )
    parser.add_argument("--json", default=None, help="also write the result to this file")
    args = parser.parse_args(argv)
    result = app_benchmark(args.publish)
    text = json.dumps(result, indent=1, sort_keys=True)
    if args.json:
        Path(args.json).write_text(text + "\n")
    print(text)
    failed = [p for p, r in result["pages"].items() if r["errors"]]
    if failed:
        print(f"pages with errors: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

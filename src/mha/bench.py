"""`python -m mha bench`: time and peak memory of every step on a ladder of scales.

For each scale it generates the synthetic twin (or reuses a raw directory, `--raw-dir`), runs
`dbt build`, `make realism` (from scale 0.1 up), writes the release, runs the app benchmark and the
report per area (Rotterdam 2023), each step in its own data directory, and writes
`bench/results.md` with the machine, the date and the load of the machine. Memory is the peak
resident set size of the step's whole process tree, sampled every 0.1 s. Beside `dbt build` it
measures the floor: one DuckDB query per raw table that reads every value once (`sum(hash(column))`
over every column; count, min and max would be answered from the Parquet statistics), and reports
dbt build / floor, the time per layer and the ten slowest models and tests (from dbt's
`run_results.json`). Nothing here asserts a time: the figures are for people to read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
REALISM_MIN_SCALE = 0.1  # `make realism` runs from this scale up


@dataclass
class Step:
    scale: float
    name: str
    seconds: float
    peak_gb: float
    ok: bool
    note: str = ""
    detail: dict | None = None
    text: str = ""  # a table the step wrote (the realism table), shown below the timings


# the layer of a dbt node: its resource type, or for a model its schema (the folder's +schema)
LAYERS = ("seeds", "staging", "intermediate", "marts", "cubes", "publish", "unit tests", "data tests")


def layer_of(result: dict, nodes: dict) -> str:
    uid = result["unique_id"]
    kind = uid.split(".", 1)[0]
    if kind == "seed":
        return "seeds"
    if kind == "unit_test":
        return "unit tests"
    if kind == "test":
        return "data tests"
    return nodes.get(uid, {}).get("schema", "other")


def dbt_timings(target: Path) -> dict:
    """Seconds per layer and the ten slowest nodes of the last dbt run in `target`."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    try:
        manifest = json.loads((target / "manifest.json").read_text())
        nodes = manifest.get("nodes", {}) | manifest.get("unit_tests", {})
    except (OSError, ValueError):
        nodes = {}
    layers: dict[str, float] = {}
    for r in results:
        layer = layer_of(r, nodes)
        layers[layer] = layers.get(layer, 0.0) + r["execution_time"]
    slowest = sorted(results, key=lambda r: r["execution_time"], reverse=True)[:10]
    return {
        "layers": layers,
        "slowest": [
            (
                r["unique_id"].split(".")[-1]
                if not r["unique_id"].startswith("test.")
                else r["unique_id"].split(".")[2],
                layer_of(r, nodes),
                r["execution_time"],
            )
            for r in slowest
        ],
    }


def floor_seconds(raw: Path) -> tuple[float, int, list[tuple[str, int, float]]]:
    """Read every value of every raw table once, one DuckDB query per table: (seconds, rows, per table)."""
    import duckdb

    from mha import layouts

    con = duckdb.connect()
    per_table = []
    for name, table in sorted(layouts.load_tables().items()):
        pattern = table.path(raw, 0).parent / f"{name}_*.parquet" if table.yearly else table.path(raw)
        columns = ", ".join(f'sum(hash("{c}"))' for c in table.column_names)
        start = time.perf_counter()
        rows = con.execute(f"select count(*), {columns} from read_parquet('{pattern}')").fetchone()[0]
        per_table.append((name, rows, time.perf_counter() - start))
    con.close()
    return sum(t for _, _, t in per_table), sum(n for _, n, _ in per_table), per_table


def load_note() -> str:
    """The load average and the heaviest other processes, to read the times against."""
    try:
        load = os.getloadavg()
    except OSError:
        return ""
    others = []
    for proc in psutil.process_iter(["pid", "name", "cmdline", "cpu_percent"]):
        others.append(proc)
    time.sleep(0.5)
    busy = []
    for proc in others:
        try:
            cpu = proc.cpu_percent()
            if cpu > 20 and proc.pid != os.getpid():
                busy.append(f"{' '.join(proc.info['cmdline'] or [proc.info['name']])[:80]} ({cpu:.0f}%)")
        except psutil.Error:
            pass
    return f"load {load[0]:.1f}/{load[1]:.1f}/{load[2]:.1f}" + (f"; busy: {'; '.join(busy)}" if busy else "")


def run_measured(cmd: list[str], env: dict[str, str], log: Path) -> tuple[float, float, bool]:
    """Run `cmd`, return (wall seconds, peak GB of the process tree, success)."""
    start = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        parent = psutil.Process(proc.pid)
        peak = 0
        while proc.poll() is None:
            try:
                procs = [parent, *parent.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in procs if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.1)
    return time.perf_counter() - start, peak / 1e9, proc.returncode == 0


def machine() -> str:
    cpu = platform.processor() or "unknown cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = psutil.virtual_memory().total / 2**30
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB memory, Python {platform.python_version()}"


def bench_scale(
    scale: float, seed: int, workdir: Path, steps: list[str], raw_dir: str | None = None
) -> list[Step]:
    data = workdir / f"scale-{scale}"
    raw = Path(raw_dir.format(scale=scale)) if raw_dir else data / "raw"
    if raw_dir:
        steps = [s for s in steps if s != "generate"]
    env = dict(os.environ)
    env.update(
        MHA_DATA_DIR=str(data),
        MHA_RAW_DIR=str(raw),
        MHA_WAREHOUSE=str(data / "warehouse.duckdb"),
        MHA_PUBLISH_DIR=str(data / "publish"),
        DBT_TARGET_PATH=str(data / "target"),
        DBT_LOG_PATH=str(data / "logs"),
        DBT_PROFILES_DIR=str(ROOT),
        MHA_TARGET="dev",
    )
    # the whole country builds one model at a time (README, MHA_DBT_THREADS); small scales use two
    env.setdefault("MHA_DBT_THREADS", "1" if scale >= 0.5 else "2")
    py = sys.executable
    dbt = str(Path(py).with_name("dbt"))
    commands = {
        "generate": [
            py,
            "-m",
            "mha",
            "generate",
            "--scale",
            str(scale),
            "--seed",
            str(seed),
            "--out",
            str(raw),
        ],
        "dbt build": [dbt, "build", "--fail-fast"],
        "release": [py, "-m", "mha", "release"],
        "realism": [py, "-m", "mha", "realism", "--out", str(data / "realism.md")],
        "app": [
            py,
            "-m",
            "mha.bench_app",
            "--publish",
            str(data / "publish"),
            "--json",
            str(data / "app_bench.json"),
        ],
        # the report per area (HTML and PDF, printed by Chromium) for Rotterdam in 2023
        "rapport": [
            py,
            "-m",
            "mha",
            "rapport",
            "--area",
            "GM0599",
            "--year",
            "2023",
            "--out",
            str(data / "rapport"),
        ],
    }
    results = []
    if scale < REALISM_MIN_SCALE:  # a small scale's realism is mostly sampling noise
        steps = [s for s in steps if s != "realism"]
    for name in steps:
        log = workdir / f"scale-{scale}-{name.replace(' ', '_')}.log"
        print(f"[bench] scale {scale}: {name} ...", file=sys.stderr, flush=True)
        before = load_note()
        seconds, peak, ok = run_measured(commands[name], env, log)
        note = "" if ok else f"failed, see {log}"
        detail = None
        if name == "app" and ok:
            note = Path(data / "app_bench.json").read_text().strip()
        if name == "rapport" and ok:
            note = "Rotterdam 2023, HTML and PDF, including Python start-up"
        if name == "dbt build" and ok:
            floor, rows, per_table = floor_seconds(raw)
            detail = dbt_timings(data / "target") | {
                "floor_s": floor,
                "raw_rows": rows,
                "floor_tables": per_table,
                "load_before": before,
            }
            threads = env["MHA_DBT_THREADS"]
            note = f"{threads} dbt thread(s); floor {floor:.1f} s, build / floor {seconds / floor:.0f}"
        text = ""
        if name == "realism" and (data / "realism.md").exists():
            note = "targets " + ("met" if ok else "missed") + ", table below"
            text = (data / "realism.md").read_text(encoding="utf-8")
            ok = True  # a missed target is a finding of the run, not a failed step
        results.append(Step(scale, name, seconds, peak, ok, note, detail, text))
        print(
            f"[bench] scale {scale}: {name} {seconds:.0f} s, peak {peak:.2f} GB, ok={ok}",
            file=sys.stderr,
            flush=True,
        )
        if not ok:
            break
    return results


def write_results(results: list[Step], out: Path, seed: int) -> None:
    today = dt.date.today().isoformat()
    lines = [
        "# Benchmark results",
        "",
        f"Measured {today} on {machine()} with `make bench` (seed {seed}).",
        "Peak memory is the resident set size of the step's whole process tree.",
        "",
        "| scale | step | wall time (s) | peak memory (GB) | ok | note |",
        "|---:|---|---:|---:|---|---|",
    ]
    apps = []
    for r in results:
        note = r.note.replace("|", "/")
        if r.name == "app" and r.ok and note.startswith("{"):
            apps.append((r.scale, json.loads(r.note)))
            note = "per page below"
        lines.append(f"| {r.scale} | {r.name} | {r.seconds:.1f} | {r.peak_gb:.2f} | {r.ok} | {note} |")
    for scale, app in apps:
        pages = app["pages"]
        lines += [
            "",
            f"App at scale {scale} (Streamlit AppTest in one process; start {app['app_start_s']:.2f} s,"
            f" peak memory {app['peak_rss_mb']:.0f} MB):",
            "",
            "| page | first load (s) | filter change (s) | errors |",
            "|---|---:|---:|---|",
        ]
        for page, m in sorted(pages.items()):
            change = "–" if m["filter_change_s"] is None else f"{m['filter_change_s']:.3f}"
            lines.append(f"| {page} | {m['first_load_s']:.3f} | {change} | {len(m['errors'])} |")
    for r in results:
        if r.text:
            lines += ["", f"### Realism at scale {r.scale} (`make realism` on this run's warehouse)", ""]
            lines.append(r.text.strip())
        if r.name != "dbt build" or not r.detail:
            continue
        d = r.detail
        lines += [
            "",
            f"dbt build at scale {r.scale}: {r.seconds:.1f} s against a floor of {d['floor_s']:.1f} s"
            f" ({d['raw_rows']:,} raw rows read once, one query per table):"
            f" {r.seconds / d['floor_s']:.0f} times the floor. Before the build: {d['load_before']}.",
            "",
            "| layer | s (sum over nodes) |",
            "|---|---:|",
        ]
        lines += [f"| {layer} | {d['layers'][layer]:.1f} |" for layer in LAYERS if layer in d["layers"]]
        lines += ["", "| slowest node | layer | s |", "|---|---|---:|"]
        lines += [f"| {name} | {layer} | {secs:.1f} |" for name, layer, secs in d["slowest"]]
    section = "\n".join(lines) + "\n"
    keep = ""
    if out.exists():
        text = out.read_text()
        marker = "\n## "
        if marker in text:
            keep = text[text.index(marker) :]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(section + keep)
    print(f"wrote {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mha bench", description=__doc__)
    parser.add_argument("--scales", default=os.environ.get("BENCH_SCALES", "0.01 0.1 1.0"))
    parser.add_argument("--seed", type=int, default=20231231)
    parser.add_argument("--steps", default="generate,dbt build,realism,release,app,rapport")
    parser.add_argument("--workdir", default=None, help="keep data here (default: a temp dir)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.md"))
    parser.add_argument(
        "--raw-dir",
        default=os.environ.get("BENCH_RAW_DIR"),
        help="reuse this raw directory instead of generating ('{scale}' is replaced by the scale)",
    )
    args = parser.parse_args(argv)

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="mha-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    results: list[Step] = []
    for scale in [float(s) for s in args.scales.replace(",", " ").split()]:
        results += bench_scale(scale, args.seed, workdir, steps, args.raw_dir)
    write_results(results, Path(args.out), args.seed)
    (workdir / "results.json").write_text(json.dumps([r.__dict__ for r in results], indent=1))
    return 0 if all(r.ok for r in results) else 1

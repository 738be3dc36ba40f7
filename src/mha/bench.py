"""`python -m mha bench`: time and peak memory of every step on a ladder of scales.

For each scale it generates the synthetic twin, runs `dbt build`, `make realism` (from scale 0.1 up),
writes the release and runs the app benchmark, each step in its own data directory, and writes
`bench/results.md` with the machine and the date. Memory is the peak resident set size of the step's
whole process tree, sampled every 0.1 s. Nothing here asserts a time: the figures are for people to read.
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
    text: str = ""  # a table the step wrote (the realism table), shown below the timings


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


def bench_scale(scale: float, seed: int, workdir: Path, steps: list[str]) -> list[Step]:
    data = workdir / f"scale-{scale}"
    env = dict(os.environ)
    env.update(
        MHA_DATA_DIR=str(data),
        MHA_RAW_DIR=str(data / "raw"),
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
            str(data / "raw"),
        ],
        "dbt build": [dbt, "build", "--fail-fast"]
        + (
            ["--vars", f"{{sdc_audit_max_vars: {int(env['MHA_SDC_AUDIT_MAX_VARS'])}}}"]
            if env.get("MHA_SDC_AUDIT_MAX_VARS")
            else []
        ),
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
    }
    results = []
    if scale < REALISM_MIN_SCALE:  # a small scale's realism is mostly sampling noise
        steps = [s for s in steps if s != "realism"]
    for name in steps:
        log = workdir / f"scale-{scale}-{name.replace(' ', '_')}.log"
        print(f"[bench] scale {scale}: {name} ...", file=sys.stderr, flush=True)
        seconds, peak, ok = run_measured(commands[name], env, log)
        note = "" if ok else f"failed, see {log}"
        if name == "app" and ok:
            note = Path(data / "app_bench.json").read_text().strip()
        if name == "dbt build" and ok:
            note = f"{env['MHA_DBT_THREADS']} dbt thread(s)"
        text = ""
        if name == "realism" and (data / "realism.md").exists():
            note = "targets " + ("met" if ok else "missed") + ", table below"
            text = (data / "realism.md").read_text(encoding="utf-8")
            ok = True  # a missed target is a finding of the run, not a failed step
        results.append(Step(scale, name, seconds, peak, ok, note, text))
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
    parser.add_argument("--steps", default="generate,dbt build,realism,release,app")
    parser.add_argument("--workdir", default=None, help="keep data here (default: a temp dir)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.md"))
    args = parser.parse_args(argv)

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="mha-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    results: list[Step] = []
    for scale in [float(s) for s in args.scales.replace(",", " ").split()]:
        results += bench_scale(scale, args.seed, workdir, steps)
    write_results(results, Path(args.out), args.seed)
    (workdir / "results.json").write_text(json.dumps([r.__dict__ for r in results], indent=1))
    return 0 if all(r.ok for r in results) else 1

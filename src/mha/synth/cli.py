"""`python -m mha generate`: write the synthetic twin of the CBS microdata as Parquet."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

from mha import layouts
from mha.synth import GENERATOR_VERSION
from mha.synth.country import run_all
from mha.synth.inputs import input_tables
from mha.synth.reference import Reference, load_reference
from mha.synth.writer import RawWriter, replace_dir, write_json

STAMP = "_generation.json"
SUMMARY = "_summary.json"


def parse(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m mha generate", description=__doc__)
    ap.add_argument("--scale", type=float, default=0.01, help="share of the Dutch population (0.001 .. 1.0)")
    ap.add_argument("--seed", type=int, default=20231231)
    ap.add_argument("--out", default=os.environ.get("MHA_RAW_DIR", "data/raw"), help="raw directory")
    ap.add_argument("--force", action="store_true", help="regenerate even when DIR holds this generation")
    ap.add_argument("--summary", action="store_true", help="print the summary of DIR and stop")
    ap.add_argument("--damage", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--seeds-dir", default=None, help="reference seeds (default: seeds/reference)")
    return ap.parse_args(argv)


def is_complete(out: Path, scale: float, seed: int) -> bool:
    stamp = out / STAMP
    if not stamp.exists():
        return False
    try:
        info = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if (
        info.get("scale") != scale
        or info.get("seed") != seed
        or info.get("generator_version") != GENERATOR_VERSION
    ):
        return False
    for name, table in layouts.load_tables().items():
        years = info.get("years", {}).get(name) if table.yearly else [None]
        if not years:
            return False
        if any(not table.path(out, y).exists() for y in years):
            return False
    return True


def generate(out: Path, scale: float, seed: int, reference: Reference | None = None, progress=None) -> dict:
    """Generate into a temporary directory next to `out`, then swap it in. Returns the summary."""
    if not 0.0001 <= scale <= 1.0:
        raise ValueError(f"--scale must be between 0.0001 and 1.0, got {scale}")
    reference = reference or load_reference()
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    if tmp.exists():
        import shutil

        shutil.rmtree(tmp)
    tmp.mkdir()
    writer = RawWriter(tmp)
    try:
        summary, years = run_all(reference, scale, seed, writer, progress=progress)
        for name, table in input_tables(reference, scale).items():
            writer.write(name, table)
        writer.close()
        summary["rows"] = dict(sorted(writer.rows.items()))
        summary["scale"], summary["seed"] = scale, seed
        write_json(tmp / SUMMARY, summary)
        stamp = {
            "scale": scale,
            "seed": seed,
            "generator_version": GENERATOR_VERSION,
            "rows": summary["rows"],
            "years": years,
        }
        write_json(tmp / STAMP, stamp)
        replace_dir(tmp, out)
    except BaseException:
        writer.close()
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return summary


def main(argv: list[str] | None = None) -> int:
    args = parse(list(sys.argv[1:] if argv is None else argv))
    out = Path(args.out)
    if args.summary:
        path = out / SUMMARY
        if not path.exists():
            print(f"no {SUMMARY} in {out}: generate first", file=sys.stderr)
            return 1
        print(path.read_text(encoding="utf-8"))
        return 0
    if not args.force and is_complete(out, args.scale, args.seed):
        print(
            f"{out} already holds the generation for scale {args.scale} seed {args.seed}; use --force",
            file=sys.stderr,
        )
        return 0
    started = time.perf_counter()

    def progress(msg: str) -> None:
        print(f"[generate {time.perf_counter() - started:7.1f}s] {msg}", file=sys.stderr, flush=True)

    reference = load_reference(args.seeds_dir) if args.seeds_dir else None
    summary = generate(out, args.scale, args.seed, reference, progress)
    y = summary["years"].get("2021", {})
    progress(
        f"done: {out} ({y.get('persons', 0):,} persons, "
        f"{y.get('private_households', 0):,} households in 2021)"
    )
    _ = np
    return 0

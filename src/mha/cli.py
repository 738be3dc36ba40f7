"""`python -m mha <command>`: one entry point for the Python side of the warehouse.

Each command lives in its own module with a `main(argv) -> int` function; this file only routes.
"""

from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "generate": ("mha.synth.cli", "write the synthetic twin of the CBS microdata as Parquet"),
    "damage": ("mha.damage", "write a deliberately damaged copy of a raw directory (robustness tests)"),
    "preflight": ("mha.preflight", "check the raw files against their layout before dbt reads them"),
    "import": ("mha.importer", "convert real CBS .sav or .csv files into the raw Parquet layout"),
    "release": ("mha.release", "export the published layer to data/publish atomically"),
    "audit": ("mha.sdc.report", "print the disclosure audit report of the current release"),
    "summary": ("mha.summary", "print rows per layer of the warehouse"),
    "realism": ("mha.realism", "the synthetic twin next to its realism targets (SPEC section 10)"),
    "rapport": ("mha.rapport.build", "the report per area (HTML and PDF) from the current release"),
    "bench": ("mha.bench", "run the benchmark and write bench/results.md"),
    "equivalence": ("mha.equivalence", "save or compare the canonical marts, cubes and published tables"),
}


def usage() -> str:
    lines = ["usage: python -m mha <command> [options]", "", "commands:"]
    lines += [f"  {name:<11} {help_}" for name, (_, help_) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"}:
        print(usage())
        return 0
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        print(f"unknown command {name!r}\n\n{usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[name][0])
    return int(module.main(rest) or 0)

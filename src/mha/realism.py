"""`python -m mha realism`: the synthetic twin's realism, measured in the warehouse, next to its targets.

Reads the unprotected cubes (`cubes.cube_counts`) and the reference seeds of a built warehouse, so it
checks what the monitor computes from the generated files, not what the generator intended. Targets
are SPEC section 10 (national population, Rotterdam 2021, lettings) and the reference population per
gemeente (`reference.gemeente_population`, 1 January, 2023 boundaries). Meant for scale 1.0; at a
smaller scale every count is divided by the scale first (per-gemeente shares then carry sampling noise).

Writes a Markdown table to stdout (and to `--out`); exit status 1 when a checked target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from mha.synth.reference import NATIONAL_POPULATION

# SPEC section 10: Rotterdam 2021 as published by the monitor (group, subgroup or dimension:category)
ROTTERDAM_2021 = (
    ("elderly", "total", "total", 179_060),
    ("elderly", "55_64", "total", 77_040),
    ("elderly", "65_74", "total", 56_800),
    ("elderly", "75_84", "total", 32_680),
    ("elderly", "85_plus", "total", 12_545),
    ("elderly", "total", "koop", 67_400),
    ("elderly", "total", "corporatie", 90_055),
    ("elderly", "total", "private_huur", 18_900),
    ("students", "total", "total", 54_800),
    ("students", "inwonend", "total", 23_415),
    ("students", "uitwonend", "total", 31_385),
    ("ex_detainees", "total", "total", 545),
    ("permit_holders", "total", "total", 4_805),
    ("permit_holders", "a", "total", 770),
    ("permit_holders", "b", "total", 4_035),
)
CITY_TOLERANCE = 0.10
SHARE_TOLERANCE = 0.05
NATIONAL_TOLERANCE = 0.01
MIN_INHABITANTS = 10_000


@dataclass
class Check:
    figure: str
    twin: float
    target: float
    tolerance: float | None  # relative; None = shown, not checked

    @property
    def deviation(self) -> float:
        return self.twin / self.target - 1 if self.target else float("nan")

    @property
    def ok(self) -> bool | None:
        return None if self.tolerance is None else abs(self.deviation) <= self.tolerance


def _scale(raw_dir: Path | None) -> float:
    gen = raw_dir / "_generation.json" if raw_dir else None
    if gen and gen.is_file():
        return float(json.loads(gen.read_text(encoding="utf-8"))["scale"])
    return 1.0


def _pct(part: float, whole: float) -> float:
    return 100 * part / whole if whole else float("nan")


def measure(con: duckdb.DuckDBPyConnection, scale: float) -> tuple[list[Check], list[tuple]]:
    """All checks, plus the per-gemeente rows (code, name, year, real, twin share / real share - 1)."""

    def cell(unit, group, area="NL01", year=2021, subgroup="total", dimension="total", category="total"):
        row = con.execute(
            """select sum(n) from cubes.cube_counts where unit = ? and group_code = ? and area_code = ?
               and report_year = ? and subgroup_code = ? and dimension_code = ? and category_code = ?""",
            [unit, group, area, year, subgroup, dimension, category],
        ).fetchall()
        return float(row[0][0] or 0) / scale

    checks = []
    years = con.execute("select distinct report_year from cubes.cube_counts order by 1").fetchall()
    years = [row[0] for row in years]
    for year in years:  # report year Y = 31 December Y = 1 January Y + 1
        checks.append(
            Check(
                f"population 1-1-{year + 1}",
                cell("persons", "population", year=year),
                NATIONAL_POPULATION[year + 1],
                NATIONAL_TOLERANCE,
            )
        )
    population = cell("persons", "population")
    checks.append(Check("share aged 55+ (2021, %)", _pct(cell("persons", "elderly"), population), 33.3, None))
    checks.append(Check("private households 2021", cell("households", "population"), 8_000_000, None))
    dwellings = cell("dwellings", "all")
    for tenure, target in (("koop", 57.0), ("corporatie", 29.0), ("private_huur", 13.5)):
        share = _pct(cell("dwellings", "all", dimension="tenure", category=tenure), dwellings)
        checks.append(Check(f"dwellings {tenure} (%, 2021)", share, target, None))
    for year, target in ((2021, 169_000), (2022, 162_500)):
        lettings = cell("lettings", "all", year=year, dimension="sector", category="corporatie")
        permit = cell("lettings", "permit_holders", year=year, dimension="sector", category="corporatie")
        checks.append(Check(f"corporation lettings {year}", lettings, target, 0.10 if year == 2021 else None))
        checks.append(
            Check(
                f"... to permit holders {year} (%)",
                _pct(permit, lettings),
                6.0 if year == 2021 else 7.0,
                None,
            )
        )
    for group, subgroup, category, target in ROTTERDAM_2021:
        dimension = "total" if category == "total" else "tenure"
        twin = cell("persons", group, "GM0599", 2021, subgroup, dimension, category)
        label = f"Rotterdam 2021 {group}" + (f" {subgroup}" if subgroup != "total" else "")
        label += f" {category}" if category != "total" else ""
        checks.append(Check(label, twin, target, CITY_TOLERANCE))

    gemeenten = con.execute(
        """
        with real as (
            select year - 1 as report_year, gemeente_code, inhabitants,
                inhabitants / sum(inhabitants) over (partition by year) as share
            from reference.gemeente_population
            where year - 1 between 2018 and 2023
        ),
        twin as (
            select report_year, area_code as gemeente_code, n,
                n / sum(n) over (partition by report_year) as share
            from cubes.cube_counts
            where geo_level = 'gemeente' and unit = 'persons' and group_code = 'population'
                and subgroup_code = 'total' and dimension_code = 'total'
        )
        select real.gemeente_code, gemeenten.gemeente_name, real.report_year, real.inhabitants,
            twin.share / real.share - 1 as deviation
        from real
        inner join twin using (report_year, gemeente_code)
        inner join reference.gemeenten as gemeenten using (gemeente_code)
        where real.inhabitants > ?
        order by abs(twin.share / real.share - 1) desc, real.gemeente_code, real.report_year
        """,
        [MIN_INHABITANTS],
    ).fetchall()
    return checks, gemeenten


def report(checks: list[Check], gemeenten: list[tuple], scale: float) -> tuple[str, bool]:
    fmt = lambda v: f"{v:,.1f}" if abs(v) < 100 else f"{v:,.0f}"  # noqa: E731
    lines = [
        f"Realism of the synthetic twin, measured in the warehouse (scale {scale}; counts divided by it).",
        "",
        "| figure | twin | target | deviation | within |",
        "|---|---:|---:|---:|---|",
    ]
    for c in checks:
        within = "(shown)" if c.ok is None else ("yes" if c.ok else "**no**")
        tol = "" if c.tolerance is None else f" ({c.tolerance:.0%})"
        lines.append(f"| {c.figure} | {fmt(c.twin)} | {fmt(c.target)} | {c.deviation:+.1%} | {within}{tol} |")
    worst = max((abs(g[4]) for g in gemeenten), default=0.0)
    missed = [g for g in gemeenten if abs(g[4]) > SHARE_TOLERANCE]
    n_gem = len({g[0] for g in gemeenten})
    lines += [
        "",
        f"Population share per gemeente (above {MIN_INHABITANTS:,} inhabitants; {n_gem} gemeenten, years"
        f" {min(g[2] for g in gemeenten)}-{max(g[2] for g in gemeenten)} where the reference has a figure):"
        f" largest deviation {worst:+.1%}; {len(missed)} gemeente-years beyond {SHARE_TOLERANCE:.0%}.",
        "",
        "| gemeente | report year | real inhabitants | twin share / real share - 1 |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {g[1]} ({g[0]}) | {g[2]} | {g[3]:,} | {g[4]:+.1%} |" for g in gemeenten[:10]]
    ok = all(c.ok is not False for c in checks) and not missed
    return "\n".join(lines) + "\n", ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mha realism", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--warehouse", type=Path, default=Path(os.environ.get("MHA_WAREHOUSE", "data/warehouse.duckdb"))
    )
    parser.add_argument("--raw", type=Path, default=Path(os.environ.get("MHA_RAW_DIR", "data/raw")))
    parser.add_argument("--out", type=Path, default=None, help="also write the Markdown here")
    args = parser.parse_args(argv)
    if not args.warehouse.is_file():
        raise SystemExit(f"realism: warehouse {args.warehouse} does not exist; run `make build` first")
    scale = _scale(args.raw)
    con = duckdb.connect(str(args.warehouse), read_only=True)
    try:
        text, ok = report(*measure(con, scale), scale)
    finally:
        con.close()
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

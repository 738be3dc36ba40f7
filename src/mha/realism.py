"""`python -m mha realism`: the synthetic twin's realism, measured in the warehouse, next to its targets.

Reads the unprotected cubes (`cubes.cube_counts`), the marts (`marts.dwelling_years` for rents) and the
reference seeds of a built warehouse, so it checks what the monitor computes from the generated files,
not what the generator intended. Every target names its source; most are SPEC section 10 (national
population, Rotterdam 2021, lettings), the others published figures on rents, housing after detention
and lettings (docs/synthetic_twin.md says how each was derived). At a scale below 1.0 every count is
divided by the scale first; shares are compared as they are.

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

SPEC = "SPEC §10"
MONITOR = "SPEC §10: the monitor, Rotterdam 2021"
CBS_LETTINGS = "SPEC §10: CBS, vrijgekomen corporatiewoningen 2021 and 2022"
# SPEC section 10: Rotterdam 2021 as published by the monitor (group, subgroup, tenure or total, value)
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
# SPEC section 10: Westerwolde (Ter Apel) 2021, about 1,085 permit holders still in a COA on 31 December
WESTERWOLDE, WESTERWOLDE_IN_COA_2021 = "GM1950", 1_085
# SPEC section 10: uitstromers detentie in Rotterdam 2021 by tenure (of 545: koop 65, corporatie 255,
# private huur 90; the rest, 135, not in a dwelling of known tenure), compared as shares
EX_DETAINEE_TENURE = {"koop": 65, "corporatie": 255, "private_huur": 90}
EX_DETAINEES_ROTTERDAM = 545
# SPEC section 10: corporation lettings and the share to households with permit holders (CBS)
LETTINGS = {2021: (169_000, 6.0), 2022: (162_500, 7.0)}
# Kamervragen 2011Z16729 (answer of 26 September 2011), CorpoData: in 2010 corporations allocated 4,956
# dwellings to (ex-)psychiatric patients, ex-homeless, (ex-)addicts and ex-detainees together
EX_DETAINEE_LETTINGS_AT_MOST = 4_956
RENT_SOURCES = {
    "corporation_mean": "Aedes (nul20.nl, July 2024): mean corporation rent EUR 582 at the end of 2023",
    "corporation_liberalised": "estimate from CBS (nul20.nl, 2022): almost 8% of occupied woonruimten "
    "liberalised in 2021, half of the private landlords' stock",
    "private_liberalised": "CBS (nul20.nl, 2022): half of the private landlords' stock liberalised in 2021",
    "increase": "CBS huurverhoging on 1 July (nos.nl 2021-09, nu.nl 2022-09): corporations 0.3%, 2.6%",
}
CORPORATION_MEAN_RENT_END_2023 = 582.0
CORPORATION_INCREASE = {2021: 0.3, 2022: 2.6}  # % on 1 July, CBS
CITY_TOLERANCE = 0.10
SHARE_TOLERANCE = 0.05
NATIONAL_TOLERANCE = 0.01
MIN_INHABITANTS = 10_000


@dataclass
class Check:
    figure: str
    twin: float
    target: float
    tolerance: float | None  # relative, or percentage points for kind "points"; None = shown, not checked
    source: str = SPEC
    kind: str = "relative"  # "relative", "points" (a share in %, compared in points) or "at_most"

    @property
    def deviation(self) -> float:
        if self.kind == "points":
            return self.twin - self.target
        return self.twin / self.target - 1 if self.target else float("nan")

    @property
    def ok(self) -> bool | None:
        if self.tolerance is None:
            return None
        if self.kind == "at_most":
            return self.twin <= self.target
        return abs(self.deviation) <= self.tolerance

    def describe(self) -> tuple[str, str]:
        """(deviation, within) as the report shows them."""
        if self.kind == "points":
            deviation = f"{self.deviation:+.1f} pt"
        elif self.kind == "at_most":
            deviation = f"{self.deviation:+.0%}"
        else:
            deviation = f"{self.deviation:+.1%}"
        if self.ok is None:
            return deviation, "(shown)"
        rule = {"points": f"±{self.tolerance:g} pt", "at_most": "at most"}.get(
            self.kind, f"{self.tolerance:.0%}"
        )
        return deviation, f"{'yes' if self.ok else '**no**'} ({rule})"


def _scale(raw_dir: Path | None) -> float:
    gen = raw_dir / "_generation.json" if raw_dir else None
    if gen and gen.is_file():
        return float(json.loads(gen.read_text(encoding="utf-8"))["scale"])
    return 1.0


def _pct(part: float, whole: float) -> float:
    return 100 * part / whole if whole else float("nan")


def measure(con: duckdb.DuckDBPyConnection, scale: float) -> tuple[list[Check], list[tuple]]:
    """All checks, plus the per-gemeente rows (code, name, year, real, twin share / real share - 1)."""

    def total(unit, group, area="NL01", years=(2021,), subgroup="total", dimension="total", category="total"):
        marks = ", ".join("?" for _ in years)
        row = con.execute(
            f"""select sum(n) from cubes.cube_counts
               where unit = ? and group_code = ? and area_code = ? and report_year in ({marks})
                 and subgroup_code = ? and dimension_code = ? and category_code = ?""",
            [unit, group, area, *years, subgroup, dimension, category],
        ).fetchall()
        return float(row[0][0] or 0)

    def cell(unit, group, area="NL01", year=2021, subgroup="total", dimension="total", category="total"):
        return total(unit, group, area, (year,), subgroup, dimension, category) / scale

    checks = []
    years = [
        row[0]
        for row in con.execute("select distinct report_year from cubes.cube_counts order by 1").fetchall()
    ]
    for year in years:  # report year Y = 31 December Y = 1 January Y + 1
        population = cell("persons", "population", year=year)
        checks.append(
            Check(f"population 1-1-{year + 1}", population, NATIONAL_POPULATION[year + 1], NATIONAL_TOLERANCE)
        )
    population = cell("persons", "population")
    checks.append(Check("share aged 55+ (2021, %)", _pct(cell("persons", "elderly"), population), 33.3, None))
    checks.append(Check("private households 2021", cell("households", "population"), 8_000_000, None))
    dwellings = cell("dwellings", "all")
    for tenure, target in (("koop", 57.0), ("corporatie", 29.0), ("private_huur", 13.5)):
        share = _pct(cell("dwellings", "all", dimension="tenure", category=tenure), dwellings)
        checks.append(Check(f"dwellings {tenure} (%, 2021)", share, target, None))
    checks += _lettings(cell)
    for group, subgroup, category, target in ROTTERDAM_2021:
        dimension = "total" if category == "total" else "tenure"
        twin = cell("persons", group, "GM0599", 2021, subgroup, dimension, category)
        label = f"Rotterdam 2021 {group}" + (f" {subgroup}" if subgroup != "total" else "")
        label += f" {category}" if category != "total" else ""
        checks.append(Check(label, twin, target, CITY_TOLERANCE, MONITOR))
    coa = cell("persons", "permit_holders", WESTERWOLDE, 2021, "c")
    checks.append(
        Check("Westerwolde 2021 permit_holders c (in a COA)", coa, WESTERWOLDE_IN_COA_2021, CITY_TOLERANCE)
    )
    checks += _ex_detainee_tenure(total, years)
    checks += _rents(con)

    gemeenten = con.execute(
        """
        with real as (
            select year - 1 as report_year, gemeente_code, inhabitants,
                inhabitants / sum(inhabitants) over (partition by year) as share
            from reference.gemeente_population
            where year - 1 in (select distinct report_year from cubes.cube_counts)
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


def _lettings(cell) -> list[Check]:
    """Corporation lettings: the number, the share to each group; lettings to released detainees."""
    checks = []
    groups = ("permit_holders", "elderly", "students", "ex_detainees", "eu_labour_migrants", "care_leavers")
    for year, (target, permit_share) in LETTINGS.items():
        lettings = cell("lettings", "all", year=year, dimension="sector", category="corporatie")
        checks.append(Check(f"corporation lettings {year}", lettings, target, 0.10, CBS_LETTINGS))
        for group in groups:
            share = _pct(
                cell("lettings", group, year=year, dimension="sector", category="corporatie"), lettings
            )
            if group == "permit_holders":
                checks.append(
                    Check(
                        f"... to permit holders {year} (%)", share, permit_share, 1.5, CBS_LETTINGS, "points"
                    )
                )
            elif year == 2021:
                checks.append(
                    Check(f"... to {group} {year} (%)", share, float("nan"), None, "no published figure")
                )
    to_released = cell("lettings", "ex_detainees", year=2021, dimension="sector", category="corporatie")
    checks.append(
        Check(
            "corporation lettings to ex_detainees 2021",
            to_released,
            EX_DETAINEE_LETTINGS_AT_MOST,
            0,
            "Kamervragen 2011Z16729: CorpoData 2010, 4,956 allocations to four special groups together",
            "at_most",
        )
    )
    return checks


def _ex_detainee_tenure(total, years: list[int]) -> list[Check]:
    """Where Rotterdam's released detainees live on 31 December, as shares; every report year together
    (the housing paths do not change by year; a single year at a small scale is a handful of persons)."""
    everyone = total("persons", "ex_detainees", "GM0599", tuple(years))
    checks = []
    in_dwelling = 0.0
    for category, count in EX_DETAINEE_TENURE.items():
        twin = total("persons", "ex_detainees", "GM0599", tuple(years), dimension="tenure", category=category)
        in_dwelling += twin
        target = _pct(count, EX_DETAINEES_ROTTERDAM)
        label = f"Rotterdam ex_detainees {category} (%, {years[0]}-{years[-1]})"
        checks.append(Check(label, _pct(twin, everyone), target, 6.0, MONITOR, "points"))
    rest = _pct(EX_DETAINEES_ROTTERDAM - sum(EX_DETAINEE_TENURE.values()), EX_DETAINEES_ROTTERDAM)
    label = f"Rotterdam ex_detainees not in a dwelling of known tenure (%, {years[0]}-{years[-1]})"
    checks.append(Check(label, _pct(everyone - in_dwelling, everyone), rest, 6.0, MONITOR, "points"))
    return checks


def _rents(con: duckdb.DuckDBPyConnection) -> list[Check]:
    """Rents of rented woonruimten on 31 December (marts.dwelling_years): the liberalised share per sector,
    the corporations' mean rent and their yearly increase (the same dwellings a year apart)."""
    checks = []
    rows = con.execute(
        """select tenure, 100 * avg((rent_band_monitor = 'boven_liberalisatiegrens')::int)
           from marts.dwelling_years
           where report_year = 2021 and tenure in ('corporatie', 'private_huur') and kale_huur is not null
             and has_private_household and household_count = 1
           group by tenure"""
    ).fetchall()
    above = dict(rows)
    checks.append(
        Check(
            "corporation woonruimten above the liberalisatiegrens (%, 2021)",
            above.get("corporatie", float("nan")),
            5.0,
            3.0,
            RENT_SOURCES["corporation_liberalised"],
            "points",
        )
    )
    checks.append(
        Check(
            "private woonruimten above the liberalisatiegrens (%, 2021)",
            above.get("private_huur", float("nan")),
            50.0,
            5.0,
            RENT_SOURCES["private_liberalised"],
            "points",
        )
    )
    mean = con.execute(
        """select avg(kale_huur) from marts.dwelling_years
           where report_year = 2023 and tenure = 'corporatie' and kale_huur is not null"""
    ).fetchone()[0]
    checks.append(
        Check(
            "mean corporation kale huur 31-12-2023 (EUR)",
            float(mean or float("nan")),
            CORPORATION_MEAN_RENT_END_2023,
            0.05,
            RENT_SOURCES["corporation_mean"],
        )
    )
    for year, target in CORPORATION_INCREASE.items():
        increase = con.execute(
            """select 100 * (avg(now.kale_huur / before.kale_huur) - 1)
               from marts.dwelling_years as now
               inner join marts.dwelling_years as before
                   on now.object_key = before.object_key and now.report_year = before.report_year + 1
               where now.report_year = ? and now.tenure = 'corporatie' and before.tenure = 'corporatie'
                 and now.kale_huur > 0 and before.kale_huur > 0""",
            [year],
        ).fetchone()[0]
        checks.append(
            Check(
                f"corporation rent increase 1 July {year} (same dwellings, %)",
                float(increase if increase is not None else float("nan")),
                target,
                0.5,
                RENT_SOURCES["increase"],
                "points",
            )
        )
    return checks


def report(checks: list[Check], gemeenten: list[tuple], scale: float) -> tuple[str, bool]:
    fmt = lambda v: "–" if v != v else (f"{v:,.1f}" if abs(v) < 100 else f"{v:,.0f}")  # noqa: E731
    lines = [
        f"Realism of the synthetic twin, measured in the warehouse (scale {scale}; counts divided by it).",
        "",
        "| figure | twin | target | deviation | within | source of the target |",
        "|---|---:|---:|---:|---|---|",
    ]
    for c in checks:
        deviation, within = c.describe()
        if c.target != c.target:  # no target
            deviation = "–"
        lines.append(
            f"| {c.figure} | {fmt(c.twin)} | {fmt(c.target)} | {deviation} | {within} | {c.source} |"
        )
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

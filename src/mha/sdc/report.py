"""`python -m mha audit`: re-audit the published counts in the warehouse and write `audit.md`.

Independent of how the pattern was made: it reads what `pub_counts` publishes (value and status),
the true counts of `sdc_cells` and the relations of `sdc_relations`, checks every cell against the
cell rules (`check_published`) and runs the LP attack on every primary cell. Prints the report and
writes it to `$MHA_PUBLISH_DIR/audit.md` (the release writes it into each new release too).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np

from mha.sdc.audit import AuditParams, AuditResult, attack, check_published

KEYS = "report_year, geo_level, area_code, group_code, subgroup_code, unit, dimension_code, category_code"


@dataclass
class AuditRun:
    result: AuditResult
    problems: list[str]
    counts: dict[str, int]
    loss: list[tuple[str, int, int, float, float]]  # dimension, cells, suppressed, share cells, share persons
    narrowest: tuple | None
    seconds: float

    @property
    def passed(self) -> bool:
        return self.result.passed and not self.problems

    def summary(self) -> dict:
        return {
            "passed": self.passed,
            "cells_checked": int(sum(self.counts.values())),
            "visible": self.counts.get("visible", 0),
            "primary": self.counts.get("primary", 0),
            "secondary": self.counts.get("secondary", 0),
            "primary_audited": int(len(self.result.cell_id) - self.result.n_unaudited),
            "primary_unaudited": self.result.n_unaudited,
            "primary_failed": int((~self.result.ok).sum()),
            "cell_rule_problems": len(self.problems),
            "linear_programmes": self.result.n_lps,
            "seconds": round(self.seconds, 1),
        }

    def text(self) -> str:
        s = self.summary()
        p = self.result.params
        lines = [
            "# Disclosure audit",
            "",
            f"Result: **{'PASSED' if self.passed else 'FAILED'}**"
            + (
                ""
                if self.result.complete
                else f" ({s['primary_unaudited']} primary cells not audited, see below)"
            ),
            "",
            f"Parameters: min cell {p.min_cell}, rounding base {p.round_base},"
            f" protection P = {p.protection_p}.",
            "",
            "| figure | value |",
            "|---|---|",
        ]
        lines += [f"| {k.replace('_', ' ')} | {v} |" for k, v in s.items() if k != "passed"]
        if self.narrowest:
            cid, lo, hi, n, key = self.narrowest
            lines += [
                "",
                f"Narrowest interval proven for a primary cell: [{lo:g}, {hi:g}]"
                f" (width {hi - lo:g}) for {key}.",
            ]
        if self.problems:
            lines += ["", "## Cell-rule problems", ""] + [f"- {m}" for m in self.problems]
        failed = self.result.failed
        if len(failed):
            lines += ["", f"## Primary cells not protected ({len(failed)}; first 20 cell ids)", ""]
            lines += [f"- {c}" for c in failed[:20].tolist()]
        if not self.result.complete:
            lines += [
                "",
                "## Not audited",
                "",
                f"{s['primary_unaudited']} primary cells lie in components of suppressed cells too large"
                " for one LP. This happens only when nearly every cell is suppressed (tiny synthetic"
                " scales); a release of real data refuses to publish while any cell is unaudited.",
            ]
        lines += [
            "",
            "## Information loss per dimension",
            "",
            "| dimension | cells | suppressed | % cells | % persons |",
        ]
        lines += ["|---|---|---|---|---|"]
        lines += [f"| {d} | {c} | {k} | {sc:.1f} | {sp:.1f} |" for d, c, k, sc, sp in self.loss]
        return "\n".join(lines) + "\n"


def run_audit(
    warehouse: Path, params: AuditParams | None = None, schema: str = "publish", max_vars: int | None = None
) -> AuditRun:
    """Check every published cell and attack every primary cell (components up to `max_vars`
    suppressed cells; default the build's `sdc_audit_max_vars`)."""
    started = time.perf_counter()
    from mha.release import disclosure_parameters

    v = disclosure_parameters()
    if params is None:
        params = AuditParams(int(v["sdc_min_cell"]), int(v["sdc_round_base"]), int(v["sdc_protection_p"]))
    if max_vars is None:
        max_vars = int(v["sdc_audit_max_vars"])
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cells = con.sql(
            f"""
            select c.cell_id, c.n, p.status, p.value, c.dimension_code, c.unit,
                concat_ws('|', {", ".join("c." + k.strip() for k in KEYS.split(","))}) as cell_key
            from {schema}.sdc_cells as c
            inner join {schema}.pub_counts as p using ({KEYS})
            order by c.cell_id
            """
        ).fetchnumpy()
        missing = con.execute(
            f"select count(*) from {schema}.sdc_cells anti join {schema}.pub_counts using ({KEYS})"
        ).fetchall()[0][0]
        rel = con.sql(f"select rel_id, cell_id, coefficient from {schema}.sdc_relations").fetchnumpy()
        loss = con.sql(
            f"""
            select
                c.dimension_code,
                count(*) as cells,
                count(*) filter (where p.status != 'visible') as suppressed,
                100.0 * count(*) filter (where p.status != 'visible') / count(*) as pct_cells,
                coalesce(100.0 * sum(c.n) filter (where p.status != 'visible' and c.unit = 'persons')
                    / nullif(sum(c.n) filter (where c.unit = 'persons'), 0), 0) as pct_persons
            from {schema}.sdc_cells as c
            inner join {schema}.pub_counts as p using ({KEYS})
            group by c.dimension_code
            order by c.dimension_code
            """
        ).fetchall()
    finally:
        con.close()
    value = np.array([np.nan if v is None else float(v) for v in cells["value"].tolist()])
    status = np.asarray(cells["status"]).astype(str)
    problems = check_published(cells["cell_id"], cells["n"], status, value, params)
    if missing:
        problems.append(f"cells of sdc_cells missing from pub_counts: {missing}")
    result = attack(
        cells["cell_id"],
        cells["n"],
        status,
        rel["rel_id"],
        rel["cell_id"],
        rel["coefficient"],
        params,
        value=np.where(status == "visible", value, 0),
        max_vars=max_vars,
    )
    narrow = None
    audited = ~result.unaudited if result.unaudited is not None else np.ones(len(result.cell_id), bool)
    if audited.any():
        width = np.where(audited, result.hi - result.lo, np.inf)
        i = int(np.argmin(width))
        key = cells["cell_key"][np.searchsorted(cells["cell_id"], result.cell_id[i])]
        narrow = (int(result.cell_id[i]), float(result.lo[i]), float(result.hi[i]), int(result.n[i]), key)
    counts = {s: int((status == s).sum()) for s in ("visible", "primary", "secondary")}
    return AuditRun(result, problems, counts, loss, narrow, time.perf_counter() - started)


def write_report(run: AuditRun, path: Path) -> None:
    path.write_text(run.text(), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mha audit", description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=None, help="default $MHA_WAREHOUSE")
    parser.add_argument("--out", type=Path, default=None, help="default $MHA_PUBLISH_DIR/audit.md")
    args = parser.parse_args(argv)
    data_dir = Path(os.environ.get("MHA_DATA_DIR", "data"))
    warehouse = args.warehouse or Path(os.environ.get("MHA_WAREHOUSE", data_dir / "warehouse.duckdb"))
    out = args.out or Path(os.environ.get("MHA_PUBLISH_DIR", data_dir / "publish")) / "audit.md"
    run = run_audit(warehouse)
    print(run.text())
    if out.parent.is_dir():
        write_report(run, out)
        print(f"written: {out}")
    return 0 if run.passed else 1


if __name__ == "__main__":
    sys.exit(main())

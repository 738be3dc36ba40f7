"""`python -m mha audit`: check the protection of the published counts again, from the warehouse.

Independent of the search that made the pattern: it reads what `pub_counts` publishes (value and
status), the true counts and the publication plan (`sdc_cells`), the relations (`sdc_relations`) and
the witnesses (`sdc_witnesses`), checks every published cell against the cell rules, and checks every
proof (`mha.sdc.verify`): each witness against every relation and against the intervals of the
*published* values, and each primary cell for a holding witness on both sides. PASSED only when every
cell rule holds and every primary cell is proven.

Two reports: the full one (`text()`, kept beside the warehouse: it has the share of units in secret
cells, computed from true counts) and the public one (`public_text()`, in every release: figures an
attacker learns nothing from).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from mha.sdc.protect import Params
from mha.sdc.verify import check_proofs


def read_parameters(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The published parameters (`pub_parameters`, kind parameter) as text."""
    rows = con.execute(
        "select parameter_code, value from publish.pub_parameters where kind = 'parameter'"
    ).fetchall()
    return dict(rows)


def params_from(values: dict[str, str]) -> Params:
    return Params(int(values["sdc_min_cell"]), int(values["sdc_round_base"]), int(values["sdc_protection_p"]))


def check_published(n, value, published_status, internal_status, params: Params) -> list[str]:
    """The cell rules, one message per kind of problem (with the count and an example position)."""
    n = np.asarray(n, dtype=np.int64)
    visible = published_status == "visible"
    secret = published_status == "geheim"
    rules = {
        "a status other than visible or geheim": ~(visible | secret),
        f"visible with a true count below {params.min_cell}": visible & (n < params.min_cell),
        f"visible value not a multiple of {params.round_base}": visible
        & (np.nan_to_num(value) % params.round_base != 0),
        f"visible value more than {params.round_base // 2} from the truth": visible
        & (np.abs(np.nan_to_num(value) - n) > params.round_base // 2),
        "a secret cell with a value": secret & ~np.isnan(value),
        "geheim where the pattern shows the cell, or shown where it suppresses it": secret
        != np.isin(internal_status, ["primary", "secondary"]),
    }
    return [
        f"{name}: {int(bad.sum())} cells (first at row {int(np.flatnonzero(bad)[0])})"
        for name, bad in rules.items()
        if bad.any()
    ]


@dataclass
class AuditRun:
    counts: dict[str, int]
    proven_by: dict[str, int]
    problems: list[str]
    n_witnesses: int
    n_entries: int
    n_witnesses_failing: int
    truth_balanced: bool
    unproven: int
    loss: list[tuple]  # group, level, dimension, cells, secret, % cells, % units
    params: Params
    seconds: float
    peak_mb: float
    examples: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return (
            not self.problems and self.truth_balanced and self.unproven == 0 and self.n_witnesses_failing == 0
        )

    def summary(self) -> dict:
        return {
            "passed": self.passed,
            "cells": self.counts["cells"],
            "published": self.counts["published"],
            "visible": self.counts["visible"],
            "geheim": self.counts["geheim"],
            "primary": self.counts["primary"],
            "secondary": self.counts["secondary"],
            "unpublished": self.counts["unpublished"],
            "primary_proven": self.counts["primary"] - self.unproven,
            "primary_unproven": self.unproven,
            "proven_by": dict(sorted(self.proven_by.items())),
            "witnesses": self.n_witnesses,
            "witness_entries": self.n_entries,
            "witnesses_not_holding": self.n_witnesses_failing,
            "linear_programmes": 0,
            "cell_rule_problems": len(self.problems),
            "seconds": round(self.seconds, 1),
            "peak_memory_mb": round(self.peak_mb),
        }

    def _head(self) -> list[str]:
        s = self.summary()
        p = self.params
        pub = max(s["published"], 1)
        return [
            "# Disclosure audit",
            "",
            f"Result: **{'PASSED' if self.passed else 'FAILED'}**: "
            + (
                f"every one of the {s['primary']:,} primary cells is proven on both sides."
                if self.passed
                else f"{s['primary_unproven']:,} primary cells unproven, {len(self.problems)} cell-rule"
                f" problems, {s['witnesses_not_holding']:,} witnesses that do not hold."
            ),
            "",
            f"Rules: a count below {p.min_cell} is secret; visible counts are rounded to a multiple of"
            f" {p.round_base}; every secret small count keeps an interval of at least {p.protection_p}"
            " on both sides against an attacker who knows every published value and every relation.",
            "",
            "| figure | value |",
            "|---|---:|",
            f"| cells in the cubes | {s['cells']:,} |",
            f"| published cells | {s['published']:,} |",
            f"| visible | {s['visible']:,} |",
            f"| secret (geheim) | {s['geheim']:,} ({100 * s['geheim'] / pub:.1f}%) |",
            f"| of which primary | {s['primary']:,} |",
            f"| of which secondary | {s['secondary']:,} ({100 * s['secondary'] / pub:.1f}% of published) |",
            f"| primary cells proven | {s['primary_proven']:,} |",
            f"| primary cells unproven | {s['primary_unproven']:,} |",
            f"| witnesses (alternative tables) | {s['witnesses']:,} |",
            f"| witnesses that do not hold | {s['witnesses_not_holding']:,} |",
            f"| linear programmes | {s['linear_programmes']} |",
            f"| audit time | {s['seconds']} s |",
            f"| audit peak memory | {s['peak_memory_mb']:,} MB |",
            "",
            "Proofs by kind of witness (a cell counts once per side):",
            "",
            "| side and witness | cells |",
            "|---|---:|",
        ] + [f"| {k} | {v:,} |" for k, v in sorted(self.proven_by.items())]

    def _loss(self, with_units: bool) -> list[str]:
        head = "| group | level | dimension | published cells | secret | % cells |"
        rule = "|---|---|---|---:|---:|---:|"
        if with_units:
            head += " % units |"
            rule += "---:|"
        lines = ["", "## Information loss per group, level and dimension", "", head, rule]
        for group, level, dim, cells, secret, pct_cells, pct_units in self.loss:
            row = f"| {group} | {level} | {dim} | {cells:,} | {secret:,} | {pct_cells:.1f} |"
            if with_units:
                row += f" {pct_units:.1f} |"
            lines.append(row)
        return lines

    def _problems(self) -> list[str]:
        lines = []
        if self.problems:
            lines += ["", "## Cell-rule problems", ""] + [f"- {m}" for m in self.problems]
        if not self.truth_balanced:
            lines += [
                "",
                "The true counts do not satisfy the relations: the relations or the cubes are wrong.",
            ]
        if self.examples:
            lines += ["", "## Unproven primary cells (first 20)", ""] + [f"- {e}" for e in self.examples]
        return lines

    def text(self) -> str:
        """The full report (internal: units in secret cells come from true counts)."""
        return "\n".join(self._head() + self._problems() + self._loss(with_units=True)) + "\n"

    def public_text(self) -> str:
        """The report for the release: nothing in it narrows a secret cell."""
        note = [
            "",
            "Per group, level and dimension only the share of secret cells is given; the split into"
            " primary and secondary cells is not published anywhere, and the units in secret cells"
            " stay in the internal report.",
        ]
        return "\n".join(self._head() + note + self._problems() + self._loss(with_units=False)) + "\n"


SQL_DIR = Path(__file__).with_name("sql")


def query(name: str) -> str:
    """The text of one of the audit's queries (`sql/<name>.sql`, linted by `make lint`)."""
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run_audit(warehouse: Path) -> AuditRun:
    started = time.perf_counter()
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        params = params_from(read_parameters(con))
        cells = con.sql(query("audit_cells")).fetchnumpy()
        extra = con.execute(query("audit_extra_rows")).fetchall()[0][0]
        rel = con.sql(query("audit_relations")).fetchnumpy()
        wit = con.sql(query("audit_witnesses")).fetchnumpy()
        methods = con.sql(query("audit_methods")).fetchall()
        loss = con.sql(query("audit_loss")).fetchall()
    finally:
        con.close()
    cell_id = cells["cell_id"]
    n = cells["n"].astype(np.int64)
    published = cells["is_published"].astype(bool)
    internal = np.asarray(cells["internal_status"], dtype=object)
    pub_status = np.asarray(cells["published_status"], dtype=object)
    value = np.asarray(cells["published_value"], dtype=np.float64)
    primary = published & (n < params.min_cell)
    problems = check_published(
        n[published], value[published], pub_status[published], internal[published], params
    )
    missing = int((published & (pub_status == "")).sum())
    if missing:
        problems.append(f"published cells missing from pub_counts: {missing}")
    if extra:
        problems.append(f"rows of pub_counts that are not cells of the plan: {extra}")
    if (primary != cells["is_primary"].astype(bool)).any():
        problems.append("sdc_cells.is_primary differs from the rule")
    # what the attacker knows, from the published values
    secret = pub_status != "visible"
    lo, hi = params.visible_bounds(np.nan_to_num(value))
    lower = np.where(secret, 0.0, lo)
    upper = np.where(secret, np.inf, hi)
    r_pos = np.searchsorted(cell_id, rel["cell_id"])
    w_ids = wit["witness_id"].astype(np.int64)
    w_pos = np.searchsorted(cell_id, wit["cell_id"])
    uniq, w_start_idx = np.unique(w_ids, return_index=True)
    w_start = np.r_[w_start_idx, len(w_ids)].astype(np.int64)
    check = check_proofs(
        n, primary, lower, upper, r_pos, rel["rel_id"], rel["coefficient"], w_start, w_pos,
        wit["delta"].astype(np.float64), params.protection_p,
    )  # fmt: skip
    unproven = check.unproven(primary)
    # the kinds of witness the pattern names (counted when every proof checks out)
    proven_by = {str(m): int(c) for m, c in methods} if not unproven.any() else {}
    examples = _describe(warehouse, cell_id[np.flatnonzero(unproven)[:20]])
    counts = {
        "cells": len(n),
        "published": int(published.sum()),
        "visible": int((pub_status == "visible").sum()),
        "geheim": int((pub_status == "geheim").sum()),
        "primary": int(primary.sum()),
        "secondary": int((published & (internal == "secondary")).sum()),
        "unpublished": int((~published).sum()),
    }
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return AuditRun(
        counts=counts,
        proven_by=proven_by,
        problems=problems,
        n_witnesses=len(uniq),
        n_entries=len(w_ids),
        n_witnesses_failing=int((~check.witness_ok).sum()),
        truth_balanced=check.truth_balanced,
        unproven=int(unproven.sum()),
        loss=[tuple(r) for r in loss],
        params=params,
        seconds=time.perf_counter() - started,
        peak_mb=peak,
        examples=examples,
    )


def _describe(warehouse: Path, ids: np.ndarray) -> list[str]:
    """The keys of a few cells, for the report."""
    if not len(ids):
        return []
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        con.register("wanted_cells", pd.DataFrame({"cell_id": ids.astype(np.int64)}))
        rows = con.execute(query("audit_cell_keys")).fetchall()
    finally:
        con.close()
    return [f"{key} (n = {count})" for _, count, key in rows]


def write_reports(run: AuditRun, public_path: Path | None, internal_path: Path | None) -> None:
    if public_path is not None:
        public_path.write_text(run.public_text(), encoding="utf-8")
    if internal_path is not None:
        internal_path.parent.mkdir(parents=True, exist_ok=True)
        internal_path.write_text(run.text(), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mha audit", description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=None, help="default $MHA_WAREHOUSE")
    parser.add_argument("--out", type=Path, default=None, help="default $MHA_DATA_DIR/audit.md (internal)")
    args = parser.parse_args(argv)
    data_dir = Path(os.environ.get("MHA_DATA_DIR", "data"))
    warehouse = args.warehouse or Path(os.environ.get("MHA_WAREHOUSE", data_dir / "warehouse.duckdb"))
    out = args.out or data_dir / "audit.md"
    run = run_audit(warehouse)
    print(run.text())
    if out.parent.is_dir():
        write_reports(run, None, out)
        print(f"written: {out}")
    return 0 if run.passed else 1


if __name__ == "__main__":
    sys.exit(main())

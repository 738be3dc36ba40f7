"""The suppression pattern: primary cells, a set-based secondary pass, then an LP repair loop.

1. Primary: a cell whose true count is below `min_cell` (zero included) is suppressed.
2. Set-based pass (SQL, repeated to a fixpoint): every relation with exactly one suppressed cell gets
   one more, its cheapest visible member: not a total (a cell that is the parent of a relation)
   first, then the smallest true count, then a hash of the cell key, then the cell id.
3. Audit and repair: the LP audit (`mha.sdc.audit.attack`) checks every primary cell; for each one
   that is not protected the cheapest visible cell of its relations becomes secondary (when all its
   relations are fully suppressed, the nearest visible cell through suppressed ones), the set-based
   pass runs again, and the failed cells are audited again, until all pass. Extra suppression only
   widens intervals, so cells that passed keep passing.

Every choice is ordered by data, never by chance, so the same cells give the same pattern.
"""

from __future__ import annotations

import time

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute  # noqa: F401 (pa.compute)

from mha.sdc.audit import PRIMARY, SECONDARY, VISIBLE, AuditParams, attack

MAX_PASSES = 200
MAX_REPAIR_ROUNDS = 100

_SINGLETON_PASS = """
with relation_counts as (
    select
        relations.rel_id,
        count(*) filter (where state.status <> 'visible') as n_suppressed
    from relations
    inner join state on relations.cell_id = state.cell_id
    group by relations.rel_id
    having count(*) filter (where state.status <> 'visible') = 1
),

candidates as (
    select
        relations.rel_id,
        state.cell_id
    from relations
    inner join relation_counts on relations.rel_id = relation_counts.rel_id
    inner join state on relations.cell_id = state.cell_id
    where state.status = 'visible'
    qualify row_number() over (
        partition by relations.rel_id
        order by state.is_total, state.n, state.tie_break, state.cell_id
    ) = 1
)

update state set status = 'secondary', pass = ?
where cell_id in (select candidates.cell_id from candidates)
"""


def _require(table: pa.Table, name: str, columns: list[str]) -> None:
    missing = [c for c in columns if c not in table.column_names]
    if missing:
        raise ValueError(f"sdc pattern: table {name} lacks columns {missing} (has {table.column_names})")


_NEAREST_VISIBLE = """
with reached as (
    select distinct frontier.failed_id, other.cell_id
    from frontier
    inner join relations as own on frontier.cell_id = own.cell_id
    inner join relations as other on own.rel_id = other.rel_id
)

select reached.failed_id, state.cell_id, state.status = 'visible' as is_visible, state.is_total, state.n,
    state.tie_break
from reached
inner join state on reached.cell_id = state.cell_id
"""


def _nearest_visible(con: duckdb.DuckDBPyConnection, failed: np.ndarray, max_hops: int = 50) -> dict:
    """For each failed primary cell the cheapest visible cell that shares a relation with it; when all its
    relations are fully suppressed, the cheapest visible cell one relation further out (through the
    suppressed cells), and so on. Cheapest: not a total first, then the smallest true count, then the
    tie-break hash, then the cell id. Returns {failed cell id: picked cell id}."""
    con.execute(
        "create or replace temp table frontier as"
        " select unnest(?::bigint[]) as failed_id, unnest(?::bigint[]) as cell_id",
        [failed.tolist(), failed.tolist()],
    )
    con.execute("create or replace temp table seen as select * from frontier")
    picked: dict[int, int] = {}
    for _ in range(max_hops):
        con.execute("create or replace temp table step as " + _NEAREST_VISIBLE)
        for failed_id, cell_id in con.execute(
            """
            select failed_id, cell_id from step where is_visible
            qualify row_number() over (partition by failed_id order by is_total, n, tie_break, cell_id) = 1
            """
        ).fetchall():
            picked[failed_id] = cell_id
        con.execute(
            """
            create or replace temp table frontier as
            select distinct step.failed_id, step.cell_id from step
            anti join seen using (failed_id, cell_id)
            where not step.is_visible
                and step.failed_id not in (select failed_id from step where is_visible)
            """
        )
        con.execute("insert into seen select * from frontier")
        if con.execute("select count(*) from frontier").fetchall()[0][0] == 0:
            break
    return picked


def protect(
    cells: pa.Table,
    relations: pa.Table,
    params: AuditParams | None = None,
    log=print,
    max_vars: int = 2000,
    structure=None,
) -> pa.Table:
    """Return one row per cell: cell_id, status, pass (0 primary/visible, k = set-based pass or repair
    round that suppressed it), audit_lo, audit_hi (the attacker's interval of primary cells).

    With `structure` (`mha.sdc.certify.Structure`) and the cube key columns in `cells`
    (`mha.sdc.certify.KEY_COLUMNS`), move certificates settle what they can before the LPs."""
    started = time.perf_counter()
    params = params or AuditParams()
    _require(cells, "cells", ["cell_id", "n", "tie_break"])
    _require(relations, "relations", ["rel_id", "cell_id", "coefficient"])
    nulls = [c for c in ("cell_id", "n") if cells.column(c).null_count]
    if nulls:
        raise ValueError(f"sdc pattern: cells has nulls in {nulls}")

    con = duckdb.connect()
    con.register("cells_in", cells)
    con.register("relations_in", relations)
    con.execute("create table relations as select rel_id, cell_id, coefficient from relations_in")
    con.execute(
        f"""
        create table state as
        select
            cells_in.cell_id,
            cells_in.n,
            cells_in.tie_break,
            exists (
                select 1 from relations
                where relations.cell_id = cells_in.cell_id and relations.coefficient < 0
            ) as is_total,
            case when cells_in.n < {int(params.min_cell)} then 'primary' else 'visible' end as status,
            0 as pass
        from cells_in
        """
    )
    orphans = con.execute(
        "select distinct cell_id from relations anti join state using (cell_id) order by 1 limit 5"
    ).fetchall()
    if orphans:
        raise ValueError(f"sdc pattern: relations name unknown cells, e.g. cell_id {[r[0] for r in orphans]}")

    pass_no = 0

    def singleton_passes() -> int:
        nonlocal pass_no
        added = 0
        for _ in range(MAX_PASSES):
            pass_no += 1
            before = con.execute("select count(*) from state where status = 'secondary'").fetchall()[0][0]
            con.execute(_SINGLETON_PASS, [pass_no])
            after = con.execute("select count(*) from state where status = 'secondary'").fetchall()[0][0]
            added += after - before
            if after == before:
                return added
        raise RuntimeError(f"sdc pattern: the set-based pass did not settle in {MAX_PASSES} passes")

    added = singleton_passes()
    log(f"sdc: set-based pass added {added} secondary cells")

    rel = con.execute(
        "select rel_id, cell_id, coefficient from relations order by rel_id, cell_id"
    ).fetchnumpy()
    keys = None
    if structure is not None and max_vars > 0:  # max_vars 0: set-based pass only, no audit to speed up
        from mha.sdc.certify import KEY_COLUMNS

        _require(cells, "cells", list(KEY_COLUMNS))
        # in cell_id order, as the state rows below
        keys = cells.select(list(KEY_COLUMNS)).take(pa.compute.sort_indices(cells.column("cell_id")))
    audit_lo: dict[int, float] = {}
    audit_hi: dict[int, float] = {}
    only = None
    for round_no in range(1, MAX_REPAIR_ROUNDS + 1):
        st = con.execute("select cell_id, n, status from state order by cell_id").fetchnumpy()
        result = attack(
            st["cell_id"],
            st["n"],
            st["status"],
            rel["rel_id"],
            rel["cell_id"],
            rel["coefficient"],
            params,
            only=only,
            max_vars=max_vars,
            keys=keys,
            structure=structure,
            log=log,
        )
        for cid, lo, hi in zip(result.cell_id.tolist(), result.lo.tolist(), result.hi.tolist(), strict=True):
            audit_lo[cid], audit_hi[cid] = lo, hi
        failed = result.failed
        log(
            f"sdc: audit round {round_no}: {len(result.cell_id)} primary cells in {result.n_components}"
            f" components, {result.n_by_moves} settled by moves, {result.n_lps} LPs,"
            f" {len(failed)} not protected, {result.n_unaudited} unaudited"
            f" ({result.seconds:.1f} s)"
        )
        if len(failed) == 0:
            break
        con.execute(
            "create or replace temp table failed as select unnest(?::bigint[]) as cell_id", [failed.tolist()]
        )
        picked = _nearest_visible(con, failed)
        if len(picked) < len(set(failed.tolist())):
            raise RuntimeError(
                f"sdc pattern: primary cells {failed[:5].tolist()} fail the audit and no visible cell is left"
                " in their component to suppress"
            )
        pass_no += 1
        con.execute(
            "update state set status = 'secondary', pass = ? where cell_id in (select unnest(?::bigint[]))",
            [pass_no, sorted(set(picked.values()))],
        )
        singleton_passes()
        only = failed
    else:
        raise RuntimeError(f"sdc pattern: audit still failing after {MAX_REPAIR_ROUNDS} repair rounds")

    out = con.sql("select cell_id, status, pass from state order by cell_id").to_arrow_table()
    ids = out.column("cell_id").to_numpy()
    lo = np.array([audit_lo.get(int(c), np.nan) for c in ids])
    hi = np.array([audit_hi.get(int(c), np.nan) for c in ids])
    out = out.append_column("audit_lo", pa.array(lo, mask=np.isnan(lo)))
    out = out.append_column("audit_hi", pa.array(hi, mask=np.isnan(hi)))
    counts = dict(con.execute("select status, count(*) from state group by status").fetchall())
    log(
        f"sdc: {counts.get(VISIBLE, 0)} visible, {counts.get(PRIMARY, 0)} primary, {counts.get(SECONDARY, 0)}"
        f" secondary cells ({time.perf_counter() - started:.1f} s)"
    )
    con.close()
    return out

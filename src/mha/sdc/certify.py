"""Cheap certificates of protection: feasible moves of the published table, checked exactly.

The LP audit (`mha.sdc.audit`) proves protection by solving the attacker's programmes. For most
primary cells a much cheaper proof exists: a *direction* `d` over the cells such that every relation
still balances (`A d = 0`) and the truth moved along it, `x = t + alpha * d`, stays inside what the
attacker knows (a visible cell within its rounding interval, a suppressed cell at or above zero). Such
an `x` is a table the attacker cannot tell from the truth, so a cell that `x` moves up by P (or down to
`max(0, n - P)`) is protected on that side, without any LP.

This module only *checks* directions; where they come from does not matter for soundness. Every
direction is verified here against the relations themselves (not against the cell keys the
generators used), and its largest step `alpha` is computed from the bounds, in both senses (`+d` and
`-d`). A generator that builds a wrong direction only loses certificates: the direction fails the
check and is counted as rejected.

Generators (`mha.sdc.moves`) know the shape of the cube and propose two kinds of moves, both
"what if some people lived in the neighbouring gemeente instead":
- slice moves: all units of a group in one gemeente (every dimension, subgroup and overlap cell) move
  to a gemeente with the same provincie and woondealregio's;
- swaps: in one dimension, units of category k move from gemeente g' to g while as many units of
  category k' move from g to g' (a 2 x 2 "hypercube" that leaves every total unchanged).
Cells these moves cannot certify go to the LP audit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

_TOL = 1e-9


@dataclass
class Directions:
    """Sparse directions: entry i says direction `dir_id[i]` moves cell position `pos[i]` by `coef[i]`."""

    dir_id: np.ndarray
    pos: np.ndarray
    coef: np.ndarray

    @staticmethod
    def concat(parts: list[Directions]) -> Directions:
        parts = [p for p in parts if len(p.dir_id)]
        if not parts:
            return Directions(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64))
        offset, ids = 0, []
        for p in parts:
            ids.append(p.dir_id + offset)
            offset += int(p.dir_id.max()) + 1
        return Directions(
            np.concatenate(ids),
            np.concatenate([p.pos for p in parts]),
            np.concatenate([p.coef for p in parts]).astype(np.float64),
        )


@dataclass
class Certificates:
    """Per cell position: whether some verified direction proves the up and the down side."""

    up: np.ndarray
    down: np.ndarray
    n_directions: int
    n_rejected: int


def _combine(dir_id: np.ndarray, pos: np.ndarray, coef: np.ndarray):
    """Sum duplicate (direction, cell) entries and drop zeros."""
    if len(dir_id) == 0:
        return dir_id, pos, coef
    big = int(pos.max()) + 1
    key = dir_id.astype(np.int64) * big + pos
    uniq, inv = np.unique(key, return_inverse=True)
    total = np.zeros(len(uniq))
    np.add.at(total, inv, coef)
    keep = np.abs(total) > _TOL
    return (uniq // big)[keep], (uniq % big)[keep], total[keep]


def balanced(
    dirs: Directions, rel_start: np.ndarray, rel_of: np.ndarray, rel_coef: np.ndarray, n_dirs: int
) -> np.ndarray:
    """Which directions keep every relation balanced: `sum(coef * d) = 0` for each relation.

    `rel_start`, `rel_of`, `rel_coef`: for cell position p, its relation memberships are
    `rel_of[rel_start[p]:rel_start[p + 1]]` with coefficients `rel_coef[...]` (CSR by cell).
    """
    ok = np.ones(n_dirs, dtype=bool)
    if len(dirs.dir_id) == 0:
        return ok
    counts = rel_start[dirs.pos + 1] - rel_start[dirs.pos]
    total = int(counts.sum())
    if total == 0:
        return ok
    first = np.repeat(rel_start[dirs.pos], counts)
    idx = first + (np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts))
    e_dir = np.repeat(dirs.dir_id, counts)
    e_rel = rel_of[idx]
    e_val = rel_coef[idx] * np.repeat(dirs.coef, counts)
    big = int(e_rel.max()) + 1
    key = e_dir * big + e_rel
    uniq, inv = np.unique(key, return_inverse=True)
    s = np.zeros(len(uniq))
    np.add.at(s, inv, e_val)
    bad_dirs = np.unique(uniq[np.abs(s) > 1e-6] // big)
    ok[bad_dirs] = False
    return ok


def step_limits(
    dirs: Directions, n: np.ndarray, lower: np.ndarray, upper: np.ndarray, n_dirs: int
) -> tuple[np.ndarray, np.ndarray]:
    """The largest `alpha >= 0` with `lower <= t + alpha * d <= upper` on every cell, for `+d` and `-d`."""
    t = n[dirs.pos].astype(np.float64)
    lo, hi = lower[dirs.pos], upper[dirs.pos]
    c = dirs.coef
    with np.errstate(divide="ignore", invalid="ignore"):
        room_up = np.where(c > 0, (hi - t) / c, (t - lo) / -c)  # moving along +d
        room_down = np.where(c > 0, (t - lo) / c, (hi - t) / -c)  # moving along -d
    room_up = np.maximum(np.nan_to_num(room_up, nan=np.inf), 0.0)
    room_down = np.maximum(np.nan_to_num(room_down, nan=np.inf), 0.0)
    a_plus = np.full(n_dirs, np.inf)
    a_minus = np.full(n_dirs, np.inf)
    np.minimum.at(a_plus, dirs.dir_id, room_up)
    np.minimum.at(a_minus, dirs.dir_id, room_down)
    return a_plus, a_minus


def certify(
    dirs: Directions,
    n: np.ndarray,
    suppressed: np.ndarray,
    vis_lo: np.ndarray,
    vis_hi: np.ndarray,
    rel_start: np.ndarray,
    rel_of: np.ndarray,
    rel_coef: np.ndarray,
    protection_p: int,
) -> Certificates:
    """Verify `dirs` and return, per cell position, whether the up / down side is proven.

    Up for cell c: some direction reaches `x_c >= n_c + P`; down: `x_c <= max(0, n_c - P)`.
    A zero cell's down side needs no direction (the truth itself is at 0).
    """
    size = len(n)
    up = np.zeros(size, dtype=bool)
    down = n <= 0
    if len(dirs.dir_id) == 0 or not truth_is_feasible(
        n, suppressed, vis_lo, vis_hi, rel_start, rel_of, rel_coef
    ):
        return Certificates(up, down, 0, 0)
    d_id, d_pos, d_coef = _combine(dirs.dir_id, dirs.pos, dirs.coef)
    _, d_id = np.unique(d_id, return_inverse=True)
    n_dirs = int(d_id.max()) + 1 if len(d_id) else 0
    dirs = Directions(d_id.astype(np.int64), d_pos.astype(np.int64), d_coef)
    ok = balanced(dirs, rel_start, rel_of, rel_coef, n_dirs)
    lower = np.where(suppressed, 0.0, vis_lo).astype(np.float64)
    upper = np.where(suppressed, np.inf, vis_hi).astype(np.float64)
    a_plus, a_minus = step_limits(dirs, n, lower, upper, n_dirs)
    a_plus[~ok] = 0.0
    a_minus[~ok] = 0.0
    c = dirs.coef
    reach_up = np.where(c > 0, a_plus[dirs.dir_id] * c, a_minus[dirs.dir_id] * -c)
    reach_down = np.where(c < 0, a_plus[dirs.dir_id] * -c, a_minus[dirs.dir_id] * c)
    need_down = np.minimum(n[dirs.pos], protection_p)
    np.logical_or.at(up, dirs.pos, reach_up >= protection_p - _TOL)
    np.logical_or.at(down, dirs.pos, reach_down >= need_down - _TOL)
    return Certificates(up, down, n_dirs, int((~ok).sum()))


def truth_is_feasible(n, suppressed, vis_lo, vis_hi, rel_start, rel_of, rel_coef) -> bool:
    """Every move starts from the truth, so the truth itself must be a table the attacker allows:
    each relation balances on it and each visible cell lies in its interval. When it does not (a bug
    upstream), nothing is certified here and the LP audit reports the contradiction."""
    visible = ~suppressed
    if np.any(visible & ((n < vis_lo - _TOL) | (n > vis_hi + _TOL))) or np.any(n < 0):
        return False
    counts = np.diff(rel_start)
    if len(rel_of) == 0:
        return True
    per_rel = np.zeros(int(rel_of.max()) + 1)
    np.add.at(per_rel, rel_of, rel_coef * np.repeat(n.astype(np.float64), counts))
    return bool(np.all(np.abs(per_rel) < 1e-6))


def relations_by_cell(size: int, r_pos: np.ndarray, r_rel: np.ndarray, r_coef: np.ndarray):
    """CSR of relation memberships by cell position (for `balanced`)."""
    order = np.argsort(r_pos, kind="stable")
    counts = np.bincount(r_pos, minlength=size)
    start = np.r_[0, np.cumsum(counts)]
    return start, r_rel[order], r_coef[order].astype(np.float64)


KEY_COLUMNS = (
    "report_year",
    "unit",
    "group_code",
    "dimension_code",
    "geo_level",
    "area_code",
    "subgroup_code",
    "category_code",
)


@dataclass
class Structure:
    """What the move generators need to know of the cube beyond the cell keys (pyarrow tables):
    `area_parents` (gemeente_code, parent_level, parent_area): every region above each gemeente;
    `dimensions` (dimension_code, is_additive, has_own_total)."""

    area_parents: object
    dimensions: object


AREA_PARENTS_SQL = """
select gemeente_code, 'provincie' as parent_level, provincie_code as parent_area from {gemeenten}
union all
select gemeente_code, 'woondealregio', woondealregio_code from {woondealregio_gemeenten}
union all
select gemeente_code, 'nederland', 'NL01' from {gemeenten}
"""


def structure_from(gemeenten, woondealregio_gemeenten, dimensions) -> Structure:
    """The `Structure` from the three reference tables (anything DuckDB can scan, e.g. pyarrow tables
    or the relations a dbt Python model gets from `dbt.ref`)."""
    import duckdb

    con = duckdb.connect()
    try:
        con.register("gemeenten_in", gemeenten)
        con.register("woondealregio_gemeenten_in", woondealregio_gemeenten)
        con.register("dimensions_in", dimensions)
        sql = AREA_PARENTS_SQL.format(
            gemeenten="gemeenten_in", woondealregio_gemeenten="woondealregio_gemeenten_in"
        )
        parents = con.sql(sql).to_arrow_table()
        dims = con.sql("select dimension_code, is_additive, has_own_total from dimensions_in")
        dims = dims.to_arrow_table()
    finally:
        con.close()
    return Structure(parents, dims)


def load_structure(con, schema: str = "reference") -> Structure:
    """The `Structure` of the cube from the reference seeds in a warehouse (DuckDB connection)."""
    parents = con.sql(
        AREA_PARENTS_SQL.format(
            gemeenten=f"{schema}.gemeenten", woondealregio_gemeenten=f"{schema}.woondealregio_gemeenten"
        )
    ).to_arrow_table()
    dimensions = con.sql(f"select dimension_code, is_additive, has_own_total from {schema}.dimensions")
    return Structure(parents, dimensions.to_arrow_table())


def certify_by_moves(
    keys,
    structure: Structure,
    n,
    suppressed,
    targets,
    vis_lo,
    vis_hi,
    rel_pos,
    rel_id,
    rel_coef,
    params,
    log=None,
) -> tuple[np.ndarray, np.ndarray]:
    """Up and down certificates per cell position: slice moves, then unit moves, then swaps, each for
    the primary cells still open. `keys`: a pyarrow table with `KEY_COLUMNS`, one row per position."""
    import os
    import time

    import duckdb
    import pyarrow as pa

    from mha.sdc import moves

    missing = [c for c in KEY_COLUMNS if c not in keys.column_names]
    if missing:
        raise ValueError(f"sdc certify: cell keys lack columns {missing}")
    started = time.perf_counter()
    rel_start, rel_of, rel_c = relations_by_cell(len(n), rel_pos, rel_id, rel_coef)
    p_ = params.protection_p
    up = np.zeros(len(n), dtype=bool)
    down = np.asarray(n) <= 0
    figures = []
    # the generators' joins spill to disk beyond this (environment MHA_SDC_MEMORY_LIMIT)
    con = duckdb.connect(config={"memory_limit": os.environ.get("MHA_SDC_MEMORY_LIMIT", "4GB")})
    try:
        table = keys.select(list(KEY_COLUMNS)).append_column("pos", pa.array(np.arange(len(n)), pa.int64()))
        table = table.append_column("n", pa.array(np.asarray(n, dtype=np.int64)))
        table = table.append_column("sup", pa.array(np.asarray(suppressed, dtype=bool)))
        con.register("cells_in", table)
        con.execute("create table cells as select * from cells_in")
        con.register("parents_in", structure.area_parents)
        con.execute(
            "create table area_parents as select gemeente_code, parent_level, parent_area from parents_in"
        )
        con.register("dimensions_in", structure.dimensions)
        con.execute(
            "create table dimensions as select dimension_code, is_additive, has_own_total from dimensions_in"
        )
        con.execute(
            """
            create table gemeente_class as
            select gemeente_code as area_code,
                dense_rank() over (order by string_agg(parent_area, ',' order by parent_level, parent_area))
                    as class_id
            from area_parents where parent_level <> 'nederland' group by gemeente_code
            """
        )
        moves.prepare(con)
        for name, make in (
            ("slice moves", lambda: moves.slice_moves(con)),
            ("unit moves", lambda: moves.unit_moves(con, p_)),
            ("swaps", lambda: moves.swaps(con)),
        ):
            open_ = targets & ~(up & down)
            if not open_.any():
                break
            con.execute(
                "create or replace table targets as select unnest(?::bigint[]) as pos,"
                " unnest(?::boolean[]) as need_up, unnest(?::boolean[]) as need_down",
                [np.flatnonzero(open_).tolist(), (~up[open_]).tolist(), (~down[open_]).tolist()],
            )
            t0 = time.perf_counter()
            dirs, broken = make()
            got = certify(dirs, n, suppressed, vis_lo, vis_hi, rel_start, rel_of, rel_c, p_)
            up, down = up | got.up, down | got.down
            figures.append(
                f"{name}: {got.n_directions} directions ({got.n_rejected + broken} rejected),"
                f" {int((open_ & up & down).sum())} cells settled ({time.perf_counter() - t0:.1f} s)"
            )
    finally:
        con.close()
    if log is not None:
        log(
            f"sdc: move certificates prove {int((targets & up & down).sum())} of {int(targets.sum())} primary"
            f" cells ({time.perf_counter() - started:.1f} s): " + "; ".join(figures)
        )
    return up, down

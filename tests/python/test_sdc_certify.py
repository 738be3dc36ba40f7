"""Move certificates (mha.sdc.certify): whatever they prove, the exact LP must prove too."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import numpy as np
import pytest

from mha.sdc.audit import AuditParams, attack
from mha.sdc.certify import Directions, certify, relations_by_cell
from test_sdc_audit import table_with_totals


def _setup(ids, n, status, rel, cell, coef):
    params = AuditParams()
    order = np.argsort(ids)
    ids, n, status = ids[order], n[order], status[order]
    sup = status != "visible"
    lo, hi = params.visible_bounds(np.where(sup, 0, params.rounded(n)))
    pos = np.searchsorted(ids, cell)
    start, rel_of, rel_c = relations_by_cell(len(ids), pos, rel, coef)
    return ids, n, status, sup, lo, hi, (start, rel_of, rel_c)


def _rectangles(rows: int, cols: int, cid) -> Directions:
    """Every 2 x 2 swap of the table, totals included (a total row/column as the second index)."""
    dir_id, pos, coef, k = [], [], [], 0
    for i, i2 in itertools.permutations(range(rows + 1), 2):
        for j, j2 in itertools.permutations(range(cols + 1), 2):
            for (a, b), c in zip(((i, j), (i, j2), (i2, j), (i2, j2)), (1, -1, -1, 1), strict=True):
                dir_id.append(k), pos.append(cid(a, b)), coef.append(c)
            k += 1
    return Directions(np.array(dir_id), np.array(pos), np.array(coef, dtype=float))


@pytest.mark.parametrize("seed", range(10))
def test_every_certified_side_holds_in_the_exact_lp(seed):
    rng = np.random.default_rng(seed)
    rows, cols = 4, 4
    inner = rng.choice([0, 1, 2, 3, 4, 6, 9, 11, 15, 30], size=(rows, cols))
    ids, n, rel, cell, coef, cid = table_with_totals(inner)
    status = np.where(n < 10, "primary", np.where(rng.random(len(n)) < 0.4, "secondary", "visible"))
    ids_s, n_s, status_s, sup, lo, hi, csr = _setup(ids, n, status, rel, cell, coef)
    rect = _rectangles(rows, cols, cid)
    # rectangles name cells by id; certify works on positions
    rect = Directions(rect.dir_id, np.searchsorted(ids_s, rect.pos), rect.coef)
    got = certify(rect, n_s, sup, lo, hi, *csr, protection_p=3)
    exact = attack(ids, n, status, rel, cell, coef, exact=True)
    where = {int(c): i for i, c in enumerate(exact.cell_id)}
    checked = 0
    for p in np.flatnonzero(status_s == "primary"):
        i = where[int(ids_s[p])]
        if got.up[p]:
            assert exact.hi[i] >= n_s[p] + 3 - 1e-6, f"cell {ids_s[p]} certified up, LP max {exact.hi[i]}"
            checked += 1
        if got.down[p] and n_s[p] > 0:
            assert exact.lo[i] <= max(0, n_s[p] - 3) + 1e-6, f"cell {ids_s[p]} certified down"
            checked += 1
    # a rectangle through a total row or column does not balance (its lifted form would): all rejected
    with_total = sum(
        1
        for i, i2 in itertools.permutations(range(rows + 1), 2)
        for j, j2 in itertools.permutations(range(cols + 1), 2)
        if rows in (i, i2) or cols in (j, j2)
    )
    assert got.n_rejected == with_total
    assert checked > 0


class Block:
    """A 3 x 3 table (with totals) whose inner 2 x 2 block of 5s is suppressed, the rest visible."""

    def __init__(self, break_row_total: bool = False):
        inner = np.array([[5, 5, 40], [5, 5, 40], [40, 40, 40]])
        self.ids, n, self.rel, self.cell, self.coef, self.cid = table_with_totals(inner)
        self.n = n.copy()
        if break_row_total:
            self.n[self.ids == self.cid(0, 3)] += 1  # a row total that does not add up
        block = {self.cid(0, 0), self.cid(0, 1), self.cid(1, 0), self.cid(1, 1)}
        self.status = np.array(["primary" if c in block else "visible" for c in self.ids])
        self.ids_s, self.n_s, self.status_s, self.sup, self.lo, self.hi, self.csr = _setup(
            self.ids, self.n, self.status, self.rel, self.cell, self.coef
        )

    def certify(self, corners, signs):
        d = Directions(
            np.zeros(len(corners), np.int64),
            np.searchsorted(self.ids_s, [self.cid(i, j) for i, j in corners]),
            np.asarray(signs, dtype=float),
        )
        return certify(d, self.n_s, self.sup, self.lo, self.hi, *self.csr, protection_p=3)


SWAP = [(0, 0), (0, 1), (1, 0), (1, 1)], [1, -1, -1, 1]


def test_a_suppressed_block_is_certified_both_ways():
    # one rectangle through the block proves every cell of it, on both sides
    t = Block()
    got = t.certify(*SWAP)
    prim = t.status_s == "primary"
    assert got.up[prim].all() and got.down[prim].all()
    assert attack(t.ids, t.n, t.status, t.rel, t.cell, t.coef).passed


def test_an_unbalanced_or_blocked_direction_proves_nothing():
    t = Block()
    got = t.certify([(0, 0), (0, 1), (1, 0)], [1, -1, -1])  # unbalanced: only three corners
    assert got.n_rejected == 1 and not got.up.any()
    # balanced, but through the visible 40s: the rounding interval leaves no room for 3
    got = t.certify([(0, 0), (0, 2), (2, 0), (2, 2)], [1, -1, -1, 1])
    assert got.n_rejected == 0 and not got.up.any()


def test_nothing_is_certified_when_the_truth_does_not_balance():
    assert not Block(break_row_total=True).certify(*SWAP).up.any()


@pytest.mark.skipif(not os.environ.get("MHA_TEST_WAREHOUSE"), reason="needs the test warehouse (make test)")
def test_moves_on_the_real_cube_agree_with_the_exact_lp():
    """The generators on the test build's cube and pattern: a sample of what they prove, re-proven by
    the exact LP on the whole component."""
    import duckdb

    from mha.sdc.certify import certify_by_moves, load_structure

    con = duckdb.connect(str(Path(os.environ["MHA_TEST_WAREHOUSE"])), read_only=True)
    year = con.execute("select max(report_year) from publish.sdc_cells").fetchall()[0][0]
    cells = con.sql(
        f"""
        select c.cell_id, c.report_year, c.unit, c.group_code, c.dimension_code, c.geo_level, c.area_code,
            c.subgroup_code, c.category_code, c.n, p.status
        from publish.sdc_cells as c inner join publish.sdc_pattern as p using (cell_id)
        where c.report_year = {year} and c.unit = 'lettings' order by c.cell_id
        """
    ).to_arrow_table()
    ids = cells.column("cell_id").to_numpy()
    rel = con.sql(
        f"""
        select r.rel_id, r.cell_id, r.coefficient from publish.sdc_relations as r
        inner join publish.sdc_cells as c using (cell_id) where c.report_year = {year} and c.unit = 'lettings'
        """
    ).fetchnumpy()
    structure = load_structure(con)
    con.close()
    n = cells.column("n").to_numpy().astype(np.int64)
    status = np.asarray(cells.column("status").to_pylist())
    sup, prim = status != "visible", status == "primary"
    params = AuditParams()
    lo, hi = params.visible_bounds(np.where(sup, 0, params.rounded(n)))
    pos = np.searchsorted(ids, rel["cell_id"])
    up, down = certify_by_moves(
        cells, structure, n, sup, prim, lo, hi, pos, rel["rel_id"], rel["coefficient"], params
    )
    proven = np.flatnonzero(prim & up & (down | (n == 0)))
    assert len(proven) > 0
    sample = ids[np.random.default_rng(0).choice(proven, size=min(40, len(proven)), replace=False)]
    exact = attack(
        ids,
        n,
        status,
        rel["rel_id"],
        rel["cell_id"],
        rel["coefficient"],
        only=sample,
        exact=True,
        max_vars=10**9,
    )
    assert exact.passed, f"move certificates proved cells the LP does not: {exact.failed[:5].tolist()}"


@pytest.mark.skipif(not os.environ.get("MHA_TEST_WAREHOUSE"), reason="needs the test warehouse (make test)")
def test_the_pattern_made_with_move_certificates_passes_the_lp_audit():
    """`protect` with the cube's structure lets moves settle cells before the LPs; the pattern it
    returns must still pass the attacker's LPs on every primary cell, with no move certificates."""
    import duckdb

    from mha.sdc import protect
    from mha.sdc.certify import KEY_COLUMNS, load_structure, structure_from

    con = duckdb.connect(str(Path(os.environ["MHA_TEST_WAREHOUSE"])), read_only=True)
    year = con.execute("select max(report_year) from publish.sdc_cells").fetchall()[0][0]
    cells = con.sql(
        f"""
        select cell_id, n, tie_break, {", ".join(KEY_COLUMNS)} from publish.sdc_cells
        where report_year = {year} and unit = 'lettings'
        """
    ).to_arrow_table()
    relations = con.sql(
        f"""
        select r.rel_id, r.cell_id, r.coefficient from publish.sdc_relations as r
        inner join publish.sdc_cells as c using (cell_id) where c.report_year = {year} and c.unit = 'lettings'
        """
    ).to_arrow_table()
    structure = load_structure(con)
    # what the dbt model builds from the seeds is the same structure
    seeds = [
        con.sql(f"select * from reference.{t}").to_arrow_table()
        for t in ("gemeenten", "woondealregio_gemeenten")
    ]
    from_seeds = structure_from(*seeds, con.sql("select * from reference.dimensions").to_arrow_table())
    by = [("gemeente_code", "ascending"), ("parent_level", "ascending"), ("parent_area", "ascending")]
    assert from_seeds.area_parents.sort_by(by).equals(structure.area_parents.sort_by(by))
    assert from_seeds.dimensions.equals(structure.dimensions)
    con.close()
    said: list[str] = []
    out = protect(cells, relations, log=said.append, max_vars=10**9, structure=structure)
    rounds = [m.split(" settled by moves")[0] for m in said if "settled by moves" in m]
    settled = [int(m.rsplit(" ", 1)[1]) for m in rounds]
    assert settled and settled[0] > 0, f"no cell settled by moves: {said}"
    out = out.sort_by("cell_id")
    ids = out.column("cell_id").to_numpy()
    n = cells.sort_by("cell_id").column("n").to_numpy()
    check = attack(
        ids,
        n,
        np.asarray(out.column("status").to_pylist()),
        relations.column("rel_id").to_numpy(),
        relations.column("cell_id").to_numpy(),
        relations.column("coefficient").to_numpy(),
        max_vars=10**9,
    )
    assert check.complete and check.passed, f"not protected: {check.failed[:5].tolist()}"

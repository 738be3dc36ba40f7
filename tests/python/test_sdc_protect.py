"""The protection and its proof on small random cubes (tests/python/sdc_cubes.py), checked against
the exact attacker (two linear programmes per primary cell, `mha.sdc.audit.attack`)."""

from __future__ import annotations

import numpy as np
import pytest

from mha.sdc.audit import AuditParams, attack
from mha.sdc.protect import Params, protect
from mha.sdc.report import check_published
from mha.sdc.verify import check_proofs
from sdc_cubes import area_paths, dimensions, random_cube

PARAMS = Params(min_cell=10, round_base=5, protection_p=3)


def _protect(cells):
    return protect(cells, area_paths(), dimensions(), PARAMS, log=lambda *_: None)


def _bounds(n, suppressed, params=PARAMS):
    lo, hi = params.visible_bounds(params.rounded(n))
    return np.where(suppressed, 0.0, lo), np.where(suppressed, np.inf, hi)


def _check(cells, rel, prot, status=None):
    n = cells.column("n").to_numpy()
    status = prot.status if status is None else status
    primary = status == "primary"
    lower, upper = _bounds(n, status != "visible")
    return check_proofs(
        n, primary, lower, upper, rel.column("cell_id").to_numpy() - 1, rel.column("rel_id").to_numpy(),
        rel.column("coefficient").to_numpy(), prot.w_start, prot.w_pos, prot.w_delta, PARAMS.protection_p,
    )  # fmt: skip


@pytest.mark.parametrize("seed, persons", [(1, 30), (2, 60), (3, 120), (4, 400), (5, 15)])
def test_every_primary_cell_is_proven_and_the_exact_attacker_agrees(seed, persons):
    cells, rel = random_cube(seed, persons)
    prot = _protect(cells)
    n = cells.column("n").to_numpy()
    primary = prot.status == "primary"
    published = cells.column("is_published").to_numpy(zero_copy_only=False)
    assert (primary == (published & (n < 10))).all()
    assert primary.any() and (persons < 100 or (prot.status == "visible").any())
    check = _check(cells, rel, prot)
    assert check.truth_balanced and check.witness_ok.all()
    assert not check.unproven(primary).any()
    # the exact attacker (unpublished cells are unknowns to it, like suppressed ones) cannot narrow
    # any primary cell below its interval: it agrees with every witness
    st = np.where(prot.status == "unpublished", "secondary", prot.status)
    ids = cells.column("cell_id").to_numpy()
    result = attack(
        ids, n, st, rel.column("rel_id").to_numpy(), rel.column("cell_id").to_numpy(),
        rel.column("coefficient").to_numpy(), AuditParams(10, 5, 3), exact=True, max_vars=100_000,
    )  # fmt: skip
    assert result.complete and result.passed, result.failed


def test_the_same_cube_gives_the_same_pattern_and_witnesses():
    cells, _ = random_cube(7, 80)
    a, b = _protect(cells), _protect(cells)
    assert (a.status == b.status).all()
    for name in ("w_start", "w_pos", "w_delta", "up_witness", "down_witness"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name


def test_a_witness_that_breaks_a_relation_or_a_bound_proves_nothing():
    cells, rel = random_cube(3, 120)
    prot = _protect(cells)
    primary = prot.status == "primary"
    target = int(np.flatnonzero(primary & (prot.up_witness >= 0))[0])
    w = int(prot.up_witness[target])
    e0, e1 = prot.w_start[w], prot.w_start[w + 1]
    # drop the last entry: some relation no longer balances
    broken = prot.w_delta.copy()
    broken[e1 - 1] = 0.0
    prot_broken = type(prot)(**{**prot.__dict__, "w_delta": broken})
    check = _check(cells, rel, prot_broken)
    assert not check.witness_ok[w] and not check.witness_balanced[w]
    # push a cell beyond what is published: the bound check fails
    far = prot.w_delta.copy()
    far[e0:e1] *= 1000
    check = _check(cells, rel, type(prot)(**{**prot.__dict__, "w_delta": far}))
    assert not check.witness_in_bounds[w]


def test_showing_a_needed_secondary_cell_or_publishing_a_primary_one_fails():
    cells, rel = random_cube(4, 400)
    prot = _protect(cells)
    n = cells.column("n").to_numpy()
    primary = prot.status == "primary"
    secondary = np.flatnonzero(prot.status == "secondary")
    assert len(secondary)
    # every secondary cell was suppressed because a witness needs it: showing one of them leaves a
    # primary cell without a proof
    caught = 0
    for s in secondary:
        mutated = prot.status.copy()
        mutated[s] = "visible"
        caught += bool(_check(cells, rel, prot, mutated).unproven(primary).any())
    assert caught >= 1
    # publishing a primary cell breaks the cell rules
    p = int(np.flatnonzero(primary)[0])
    status = np.where(prot.status == "visible", "visible", "geheim").astype(object)
    value = np.where(status == "visible", PARAMS.rounded(n), np.nan)
    published = prot.status != "unpublished"
    assert (
        check_published(n[published], value[published], status[published], prot.status[published], PARAMS)
        == []
    )
    status[p] = "visible"
    value[p] = n[p]
    problems = check_published(
        n[published], value[published], status[published], prot.status[published], PARAMS
    )
    assert any("below 10" in m for m in problems)


def test_a_zero_count_needs_no_witness_for_its_down_side():
    cells, rel = random_cube(5, 15)
    prot = _protect(cells)
    n = cells.column("n").to_numpy()
    zero = (prot.status == "primary") & (n == 0)
    assert zero.any()
    assert (prot.down_witness[zero] == -2).all()
    assert _check(cells, rel, prot).down[zero].all()


def test_the_clean_up_shows_cells_again_and_keeps_every_proof():
    cubes = [random_cube(seed, persons) for seed, persons in [(3, 120), (4, 400), (7, 80)]]
    before = after = 0
    for cells, rel in cubes:
        plain = protect(cells, area_paths(), dimensions(), PARAMS, log=lambda *_: None, clean_up=False)
        prot = _protect(cells)
        before += int((plain.status == "secondary").sum())
        after += int((prot.status == "secondary").sum())
        # the clean-up shows more cells than its exchanges suppress
        shown = ((plain.status == "secondary") & (prot.status == "visible")).sum()
        hidden = ((plain.status == "visible") & (prot.status == "secondary")).sum()
        assert shown > hidden or shown == hidden == 0
        primary = prot.status == "primary"
        check = _check(cells, rel, prot)
        assert check.witness_ok.all() and not check.unproven(primary).any()
    assert after < before
    # every secondary cell left is needed: showing it breaks a kept witness
    cells, rel = cubes[1]
    prot = _protect(cells)
    for s in np.flatnonzero(prot.status == "secondary"):
        mutated = prot.status.copy()
        mutated[s] = "visible"
        assert not _check(cells, rel, prot, mutated).witness_ok.all(), s

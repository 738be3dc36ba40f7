"""Known-answer fixtures for the exact attacker (research/sdc.md sections 4 and 5.4)."""

from __future__ import annotations

import numpy as np
import pytest

from mha.sdc.audit import AuditParams, attack

EXACT = AuditParams(min_cell=0, round_base=1, protection_p=1)  # published values are exact


def table_with_totals(inner: np.ndarray):
    """Cells and relations of a 2-D table with row, column and grand totals.

    Cell (i, j) has id i * (cols + 1) + j + 1; row index `rows` and column index `cols` are totals.
    """
    rows, cols = inner.shape
    full = np.zeros((rows + 1, cols + 1), dtype=np.int64)
    full[:rows, :cols] = inner
    full[:rows, cols] = inner.sum(axis=1)
    full[rows, :cols] = inner.sum(axis=0)
    full[rows, cols] = inner.sum()

    def cid(i, j):
        return i * (cols + 1) + j + 1

    ids = np.array([cid(i, j) for i in range(rows + 1) for j in range(cols + 1)])
    n = full.reshape(-1)
    rel, cell, coef = [], [], []
    k = 0
    for i in range(rows + 1):
        k += 1
        for j in range(cols):
            rel.append(k), cell.append(cid(i, j)), coef.append(1)
        rel.append(k), cell.append(cid(i, cols)), coef.append(-1)
    for j in range(cols + 1):
        k += 1
        for i in range(rows):
            rel.append(k), cell.append(cid(i, j)), coef.append(1)
        rel.append(k), cell.append(cid(rows, j)), coef.append(-1)
    return ids, n, np.array(rel), np.array(cell), np.array(coef), cid


def statuses(ids, suppressed_ids, primary_ids):
    return np.array(
        ["primary" if c in primary_ids else "secondary" if c in suppressed_ids else "visible" for c in ids]
    )


def test_bridge_pattern_is_exact_disclosure():
    # 5x5: two 2x2 rectangles plus a bridge; every row and column has 0 or >= 2 suppressed cells.
    rng = np.random.default_rng(7)
    inner = rng.integers(20, 90, size=(5, 5))
    ids, n, rel, cell, coef, cid = table_with_totals(inner)
    rect = {cid(0, 0), cid(0, 1), cid(1, 0), cid(1, 1), cid(2, 2), cid(2, 3), cid(3, 2), cid(3, 3)}
    bridge = cid(0, 2)
    suppressed = rect | {bridge}
    # every relation has 0 or >= 2 suppressed members: the set-based rule alone would accept this
    for r in np.unique(rel):
        k = sum(c in suppressed for c in cell[rel == r])
        assert k != 1
    result = attack(ids, n, statuses(ids, suppressed, {bridge}), rel, cell, coef, EXACT, exact=True)
    assert result.cell_id.tolist() == [bridge]
    assert result.lo[0] == pytest.approx(inner[0, 2]) and result.hi[0] == pytest.approx(inner[0, 2])
    assert not result.passed


def test_rectangle_in_3x3_passes():
    inner = np.array([[20, 30, 40], [25, 35, 45], [50, 60, 70]])
    ids, n, rel, cell, coef, cid = table_with_totals(inner)
    rect = {cid(0, 0), cid(0, 1), cid(1, 0), cid(1, 1)}
    exact_p3 = AuditParams(min_cell=0, round_base=1, protection_p=3)
    result = attack(ids, n, statuses(ids, rect, rect), rel, cell, coef, exact_p3, exact=True)
    # with exact margins x00 moves by t, x01 and x10 by -t, x11 by +t, all >= 0:
    # t in [-min(x00, x11), min(x01, x10)] = [-20, 25], so x00 in [0, 45]
    assert result.passed
    first = result.cell_id.tolist().index(cid(0, 0))
    assert result.lo[first] == pytest.approx(0) and result.hi[first] == pytest.approx(45)


def test_rounding_example_gives_one_to_eight():
    # x = 4 (suppressed) sits in a row x + y = R and a column x + z + u + v = C; everything else is
    # published rounded to 5. By hand: row y=16 -> 15 [13,17], R=20 -> 20 [18,22] gives x in [1, 9];
    # column z=14, u=14 -> 15 [13,17], v=15 -> 15 [13,17], C=47 -> 45 [43,47] gives x in [-8, 8].
    ids = np.array([1, 2, 3, 4, 5, 6, 7])  # x, y, R, z, u, v, C
    n = np.array([4, 16, 20, 14, 14, 15, 47])
    rel = np.array([1, 1, 1, 2, 2, 2, 2, 2])
    cell = np.array([1, 2, 3, 1, 4, 5, 6, 7])
    coef = np.array([1, 1, -1, 1, 1, 1, 1, -1])
    status = np.array(["primary"] + ["visible"] * 6)
    result = attack(ids, n, status, rel, cell, coef, exact=True)
    assert (result.lo[0], result.hi[0]) == (pytest.approx(1), pytest.approx(8))
    assert result.passed  # lo 1 <= max(0, 4 - 3) and hi 8 >= 4 + 3
    # the same interval does not protect a true 2: lo must reach 0
    n2 = n.copy()
    n2[0], n2[2], n2[6] = 2, 18, 45
    assert not attack(ids, n2, status, rel, cell, coef).passed


def test_percentage_next_to_suppressed_count_is_flagged():
    # x = 4 of N = 1234 (published 1235); the share 0.3 % with one decimal gives x in [3.08, 4.33].
    ids = np.array([1, 2, 3])  # x, rest, N
    n = np.array([4, 1230, 1234])
    status = np.array(["primary", "secondary", "visible"])
    rel, cell, coef = np.array([1, 1, 1]), np.array([1, 2, 3]), np.array([1, 1, -1])
    plain = attack(ids, n, status, rel, cell, coef)
    assert plain.passed  # without the percentage the cell is safe
    leaked = attack(ids, n, status, rel, cell, coef, ratios=[(1, 3, 100.0, 0.3, 0.05)], exact=True)
    assert leaked.lo[0] == pytest.approx(0.0025 * 1233) and leaked.hi[0] == pytest.approx(0.0035 * 1237)
    assert not leaked.passed


def random_table(seed: int, rows: int = 6, cols: int = 5):
    rng = np.random.default_rng(seed)
    inner = rng.choice([0, 1, 3, 5, 8, 9, 10, 12, 13, 25, 40, 77], size=(rows, cols))
    return table_with_totals(inner)


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="status"):
        attack([1], [5], ["hidden"], [1], [1], [1])
    with pytest.raises(ValueError, match="do not exist"):
        attack([1, 2], [5, 20], ["primary", "visible"], [1, 1], [1, 3], [1, -1])


@pytest.mark.parametrize("seed", range(8))
def test_component_mode_agrees_with_exact_mode(seed):
    ids, n, rel, cell, coef, _ = random_table(seed, rows=5, cols=4)
    rng = np.random.default_rng(seed)
    st = np.where(n < 10, "primary", np.where(rng.random(len(n)) < 0.3, "secondary", "visible"))
    fast = attack(ids, n, st, rel, cell, coef)
    slow = attack(ids, n, st, rel, cell, coef, exact=True)
    assert fast.ok.tolist() == slow.ok.tolist()
    # a failing cell reports the attacker's true optimum on the failing side
    for i in np.flatnonzero(~fast.ok):
        assert fast.lo[i] == pytest.approx(slow.lo[i]) or fast.hi[i] == pytest.approx(slow.hi[i])

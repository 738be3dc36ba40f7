"""Balanced sampling (mha.synth.util): planned numbers per gemeente that do not drift with the scale."""

from __future__ import annotations

import numpy as np
import pytest

from mha.synth.util import normal_quantile, spread_uniforms, take_units, take_whole, weighted_pick


def sizes_1_to_5(rng: np.random.Generator, n: int) -> np.ndarray:
    return np.where(rng.random(n) < 0.7, 1, rng.integers(2, 6, n))


def test_families_realise_the_planned_persons_within_one_family():
    rng = np.random.default_rng(3)
    expected = np.array([0.3, 2.7, 41.0, 650.0])  # persons per quarter: a tiny to a big gemeente
    balance = rng.random(4)
    realised = np.zeros(4)
    for quarter in range(1, 41):
        g, size = take_units(rng, balance, expected, sizes_1_to_5)
        assert set(np.unique(size)) <= {1, 2, 3, 4, 5}
        realised += np.bincount(g, weights=size, minlength=4)
        # never further from the plan than half of the largest family plus the starting fraction
        assert np.all(np.abs(realised - expected * quarter) <= 3.5)
    # independent Poisson families would miss the small gemeenten by far more than that
    assert realised[0] == pytest.approx(0.3 * 40, abs=3.5)


def test_whole_units_carry_the_remainder():
    balance = np.array([0.0, 0.5])
    counts = sum(take_whole(balance, np.array([0.26, 0.26])) for _ in range(100))
    assert counts.tolist() == [26, 26] and np.all((0 <= balance) & (balance < 1))


def test_weighted_pick_takes_the_counts_and_favours_large_weights():
    rng = np.random.default_rng(1)
    groups = np.repeat([0, 1], 1000)
    weights = np.tile(np.r_[np.full(100, 10.0), np.full(900, 1.0)], 2)
    picked = weighted_pick(rng, groups, weights, np.array([50, 0]))
    assert len(picked) == 50 and np.all(groups[picked] == 0)
    # the 100 heavy elements hold 10/19 of the weight: about half of the picks
    assert 15 < np.sum(weights[picked] == 10.0) < 40


def test_spread_uniforms_cover_the_unit_interval_evenly_in_every_group():
    phase, used = np.array([0.1, 0.7]), np.zeros(2, dtype=np.int64)
    u = np.r_[
        spread_uniforms(phase, used, np.zeros(30, dtype=int)),
        spread_uniforms(phase, used, np.zeros(30, dtype=int)),
    ]
    # 60 numbers of one group: every tenth of (0, 1) holds 6 give or take 1 (iid draws: often 2-10)
    counts = np.histogram(u, bins=10, range=(0, 1))[0]
    assert counts.min() >= 5 and counts.max() <= 7 and used.tolist() == [60, 0]
    assert normal_quantile(np.array([0.5, 0.975]))[1] == pytest.approx(1.96, abs=0.001)

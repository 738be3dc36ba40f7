"""Small vectorised helpers: day numbers and CBS date strings, ranks within groups, number blocks."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

OPEN_END = 20501231  # open end of address, household and other spells
LIFE_CYCLE_OPEN = 88888888  # open end of the object life cycle

EPOCH = np.datetime64("1970-01-01", "D")


def day(text: str) -> int:
    """Day number (days since 1970-01-01) of an ISO date string."""
    return int((np.datetime64(text, "D") - EPOCH).astype(np.int64))


def year_start(year: int) -> int:
    return day(f"{year:04d}-01-01")


def yyyymmdd(days: np.ndarray) -> np.ndarray:
    """Day numbers to integers yyyymmdd (vectorised)."""
    dt = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    years = dt.astype("datetime64[Y]").astype(np.int64) + 1970
    months = dt.astype("datetime64[M]").astype(np.int64) % 12 + 1
    days_ = (dt - dt.astype("datetime64[M]")).astype(np.int64) + 1
    return years * 10000 + months * 100 + days_


def fixed_width(chars: np.ndarray) -> pa.Array:
    """Rows of a (n, width) uint8 matrix of ASCII characters as a string array (built in one go)."""
    chars = np.ascontiguousarray(chars, dtype=np.uint8)
    n, width = chars.shape
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int64)
    if offsets[-1] < 2**31:
        return pa.StringArray.from_buffers(n, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(chars))
    return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(chars)).cast(pa.string())


def digit_matrix(numbers: np.ndarray, width: int) -> np.ndarray:
    """Non-negative integers as a (n, width) uint8 matrix of zero-padded decimal digits."""
    v = np.asarray(numbers, dtype=np.int64).copy()
    out = np.empty((len(v), width), dtype=np.uint8)
    for i in range(width - 1, -1, -1):
        v, r = np.divmod(v, 10)
        out[:, i] = r
    out += 48
    return out


def constant_strings(text: str, n: int) -> pa.Array:
    """`n` times the same ASCII string."""
    return fixed_width(np.broadcast_to(np.frombuffer(text.encode("ascii"), dtype=np.uint8), (n, len(text))))


def coded_strings(labels, indices: np.ndarray) -> pa.Array:
    """Strings from a small list of labels by index (a dictionary decoded in Arrow, no Python str per row)."""
    dictionary = pa.array(np.asarray(labels).astype(str).tolist(), type=pa.string())
    return pc.take(dictionary, pa.array(np.asarray(indices, dtype=np.int32)))


# day numbers of 1800-01-01 .. 2061-01-01 as 'yyyymmdd' characters (a lookup instead of a conversion per row)
_DATE_BASE = day("1800-01-01")
_DATE_TABLE: np.ndarray | None = None


def _date_table() -> np.ndarray:
    global _DATE_TABLE
    if _DATE_TABLE is None:
        days = np.arange(_DATE_BASE, day("2061-01-01"))
        _DATE_TABLE = digit_matrix(yyyymmdd(days), 8)
    return _DATE_TABLE


def date_matrix(
    days: np.ndarray, open_mask: np.ndarray | None = None, open_value: int = OPEN_END
) -> np.ndarray:
    """Day numbers to a (n, 8) 'yyyymmdd' character matrix; `open_value` where `open_mask` is true."""
    days = np.asarray(days, dtype=np.int64)
    table = _date_table()
    if len(days) and (days.min() < _DATE_BASE or days.max() >= _DATE_BASE + len(table)):
        out = digit_matrix(yyyymmdd(days), 8)
    else:
        out = table[days - _DATE_BASE]
    if open_mask is not None and np.any(open_mask):
        out[np.asarray(open_mask, dtype=bool)] = digit_matrix(np.array([open_value]), 8)[0]
    return out


def date_strings(
    days: np.ndarray, open_mask: np.ndarray | None = None, open_value: int = OPEN_END
) -> pa.Array:
    """Day numbers to 'yyyymmdd' strings; where `open_mask` is true the open end is written instead."""
    return fixed_width(date_matrix(days, open_mask, open_value))


def padded(numbers: np.ndarray, width: int) -> pa.Array:
    """Non-negative integers as zero-padded strings of `width` characters."""
    return fixed_width(digit_matrix(numbers, width))


def scramble(numbers: np.ndarray, modulus: int, multiplier: int, offset: int) -> np.ndarray:
    """A bijection of [0, modulus) that turns sequential numbers into meaningless ones.

    `multiplier` must be coprime with `modulus` (odd and not a multiple of 5 for powers of ten).
    Computed in two halves so that the product never overflows int64.
    """
    x = np.asarray(numbers, dtype=np.int64) % modulus
    hi, lo = divmod(multiplier, 1 << 20)
    part = (x * hi) % modulus
    part = (part * (1 << 20)) % modulus
    return (part + x * lo + offset) % modulus


def positions(sizes: np.ndarray) -> np.ndarray:
    """0, 1, .., k-1 for every k in `sizes`, concatenated (the position of each member in its unit)."""
    sizes = np.asarray(sizes, dtype=np.int64)
    starts = np.cumsum(sizes) - sizes
    return np.arange(int(sizes.sum())) - np.repeat(starts, sizes)


def unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (sort based: numpy's hash based `np.unique` is slow on small arrays)."""
    v = np.sort(np.asarray(values).ravel())
    if len(v) == 0:
        return v
    return v[np.r_[True, v[1:] != v[:-1]]]


def rank_within(groups: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Rank (0-based) of each element among the elements of its group, ordered by `key`."""
    n = len(groups)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((key, groups))
    sorted_groups = groups[order]
    starts = np.r_[0, np.flatnonzero(sorted_groups[1:] != sorted_groups[:-1]) + 1]
    run_start = np.repeat(starts, np.diff(np.r_[starts, n]))
    ranks = np.empty(n, dtype=np.int64)
    ranks[order] = np.arange(n) - run_start
    return ranks


def match_within(
    rng: np.random.Generator,
    n_groups: int,
    groups_a: np.ndarray,
    key_a: np.ndarray,
    groups_b: np.ndarray,
    key_b: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Pair elements of A with elements of B in the same group, assortatively by key.

    Per group min(|A|, |B|) pairs: a random subset of the larger side takes part; within the group
    the i-th smallest key of A is paired with the i-th smallest key of B. Returns index arrays.
    """
    count_a = np.bincount(groups_a, minlength=n_groups)
    count_b = np.bincount(groups_b, minlength=n_groups)
    k = np.minimum(count_a, count_b)
    take_a = np.flatnonzero(rank_within(groups_a, rng.random(len(groups_a))) < k[groups_a])
    take_b = np.flatnonzero(rank_within(groups_b, rng.random(len(groups_b))) < k[groups_b])
    order_a = take_a[np.lexsort((key_a[take_a], groups_a[take_a]))]
    order_b = take_b[np.lexsort((key_b[take_b], groups_b[take_b]))]
    return order_a, order_b


def allocate(next_free: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Consecutive local numbers per group for new elements (updates `next_free` in place)."""
    if len(groups) == 0:
        return np.zeros(0, dtype=np.int64)
    ranks = rank_within(groups, np.arange(len(groups)))
    numbers = next_free[groups] + ranks
    next_free += np.bincount(groups, minlength=len(next_free)).astype(next_free.dtype)
    return numbers


def largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Integer counts summing to `total`, proportional to `weights` (largest remainder method)."""
    weights = np.asarray(weights, dtype=float)
    if total <= 0 or weights.sum() <= 0:
        return np.zeros(len(weights), dtype=np.int64)
    exact = weights / weights.sum() * total
    base = np.floor(exact).astype(np.int64)
    rest = int(total - base.sum())
    if rest > 0:
        order = np.argsort(-(exact - base), kind="stable")[:rest]
        base[order] += 1
    return base


def stochastic_round(rng: np.random.Generator, values: np.ndarray) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    base = np.floor(values)
    return (base + (rng.random(values.shape) < values - base)).astype(np.int64)


# --- balanced sampling: planned numbers that do not drift with the scale ------------------------------
# A count the monitor reports per gemeente (a city's permit holders, its released detainees) must come out
# near its expected value at every scale. Drawing it anew each quarter (independent Bernoulli draws, or a
# Poisson number of families of 1-5 persons) leaves a relative noise of 1/sqrt(n) or more, which at small
# scales is larger than the tolerance. Instead, each gemeente keeps a balance per planned flow: the
# expected number is added every quarter and whole units are taken out, so the realised total never
# differs from the expected total by more than one unit (one family), whatever the scale.


def take_whole(balance: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Add `expected` to the per-gemeente `balance` (in place) and take out the whole units; returns them."""
    balance += expected
    counts = np.floor(balance).astype(np.int64)
    balance -= counts
    return counts


def take_units(
    rng: np.random.Generator, balance: np.ndarray, expected: np.ndarray, draw_sizes
) -> tuple[np.ndarray, np.ndarray]:
    """Add `expected` persons to the per-gemeente `balance` (in place) and form units (families,
    households) of sizes `draw_sizes(rng, n)` while at least half of the next unit fits; the persons
    formed are taken out of the balance. Returns (gemeente, size) per unit."""
    balance += expected
    room = np.maximum(np.ceil(balance), 0).astype(np.int64) + 1  # enough candidates: every unit has 1+ person
    g = np.repeat(np.arange(len(balance)), room)
    if len(g) == 0:
        return g.astype(np.int32), g
    sizes = np.asarray(draw_sizes(rng, len(g)), dtype=np.int64)
    start = np.cumsum(room) - room
    before = np.cumsum(sizes) - sizes  # persons in the gemeente's earlier candidates
    before -= np.repeat(before[start], room)
    keep = before + sizes / 2.0 < balance[g]
    g, sizes = g[keep], sizes[keep]
    balance -= np.bincount(g, weights=sizes, minlength=len(balance))
    return g.astype(np.int32), sizes


def weighted_pick(rng: np.random.Generator, groups: np.ndarray, weights: np.ndarray, counts: np.ndarray):
    """Indices of `counts[group]` elements per group, drawn without replacement with probability in
    proportion to `weights` (keys u^(1/w), the largest per group; Efraimidis and Spirakis 2006)."""
    key = np.log(rng.random(len(groups))) / np.maximum(weights, 1e-300)
    rank = rank_within(groups, -key)
    return np.flatnonzero(rank < counts[groups])


GOLDEN = 0.6180339887498949  # the golden ratio's fractional part: the evenest one-dimensional sequence
SILVER = 0.4142135623730950  # sqrt(2) - 1: a second sequence, nearly independent of the first


def spread_uniforms(
    phase: np.ndarray, used: np.ndarray, groups: np.ndarray, step: float = GOLDEN
) -> np.ndarray:
    """Evenly spread numbers in (0, 1) per group (a low-discrepancy sequence that continues where the
    group's last call ended): a property drawn through them (a detention's length) has the same
    distribution in every gemeente, small ones included. Two properties of the same units take
    different steps (GOLDEN, SILVER). Updates `used` in place."""
    rank = rank_within(groups, np.arange(len(groups)))
    u = np.mod(phase[groups] + (used[groups] + rank + 1) * step, 1.0)
    used += np.bincount(groups, minlength=len(used))
    return np.clip(u, 1e-9, 1 - 1e-9)


_NORMAL_GRID = np.linspace(1e-6, 1 - 1e-6, 4001)
_NORMAL_QUANTILES: np.ndarray | None = None


def normal_quantile(u: np.ndarray) -> np.ndarray:
    """The standard normal quantile of `u` (interpolated in a table made once with statistics.NormalDist)."""
    global _NORMAL_QUANTILES
    if _NORMAL_QUANTILES is None:
        from statistics import NormalDist

        _NORMAL_QUANTILES = np.array([NormalDist().inv_cdf(p) for p in _NORMAL_GRID])
    return np.interp(u, _NORMAL_GRID, _NORMAL_QUANTILES)


def normal_cdf(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.7978845608 * (x + 0.044715 * x**3)))

"""Small random cubes for the disclosure tests, with their relations built here, apart from the
project's SQL (`sdc_relations`) and from the witness search's grid.

Six gemeenten in two provincies, one woondealregio across the provincie border (G2, G3, G4), and
Nederland. One report year, unit persons, two groups: A with subgroups a1 and a2, and B without.
Dimensions: tenure (3 categories) and size (2) sum to the group total; rent (2 categories) has its own
total; the overlap matrix (A, B, twee_of_meer), the diagonal equal to the group's total. The counts
come from random persons, so every relation holds on the truth.
"""

from __future__ import annotations

import itertools

import numpy as np
import pyarrow as pa

GEMEENTEN = {"G1": "P1", "G2": "P1", "G3": "P1", "G4": "P2", "G5": "P2", "G6": "P2"}
REGION = {"G2", "G3", "G4"}
DIMS = {"tenure": ["k1", "k2", "k3"], "size": ["s1", "s2"], "rent": ["r1", "r2"]}
GROUPS = {"A": ["a1", "a2"], "B": []}


def areas() -> list[tuple[str, str]]:
    return (
        [("gemeente", g) for g in GEMEENTEN]
        + [("woondealregio", "W1")]
        + [("provincie", p) for p in sorted(set(GEMEENTEN.values()))]
        + [("nederland", "NL01")]
    )


def area_paths() -> pa.Table:
    rows = []
    for g, p in GEMEENTEN.items():
        rows += [(g, "gemeente", g), (g, "provincie", p), (g, "nederland", "NL01")]
        if g in REGION:
            rows.append((g, "woondealregio", "W1"))
    return pa.table(
        {k: [r[i] for r in rows] for i, k in enumerate(["gemeente_code", "geo_level", "area_code"])}
    )


def dimensions() -> pa.Table:
    return pa.table(
        {
            "dimension_code": ["total", "overlap", "tenure", "size", "rent"],
            "is_additive": [False, False, True, True, True],
            "has_own_total": [False, False, False, False, True],
        }
    )


def slots(group: str) -> list[tuple[str, str]]:
    out = [("total", "total")]
    for d in ("tenure", "size"):
        out += [(d, c) for c in DIMS[d]]
    out += [("rent", "total")] + [("rent", c) for c in DIMS["rent"]]
    out += [("overlap", g) for g in GROUPS] + [("overlap", "twee_of_meer")]
    return out


def random_cube(seed: int, persons: int = 60, unpublished_detail: bool = True):
    """Returns (cells, relations): pyarrow tables as `sdc_cells` (KEY_COLUMNS, cell_id, n,
    is_published) and `sdc_relations` (rel_id, cell_id, coefficient) would hold them."""
    rng = np.random.default_rng(seed)
    gem = rng.choice(list(GEMEENTEN), size=persons, p=[0.35, 0.2, 0.15, 0.1, 0.1, 0.1])
    in_a = rng.random(persons) < 0.7
    in_b = rng.random(persons) < 0.35
    sub_a = rng.choice(GROUPS["A"], size=persons)
    cat = {d: rng.choice(c, size=persons) for d, c in DIMS.items()}
    has_rent = rng.random(persons) < 0.6
    keys, counts = [], []
    for (level, area), group in itertools.product(areas(), GROUPS):
        if level == "gemeente":
            here = gem == area
        elif level == "provincie":
            here = np.isin(gem, [g for g, p in GEMEENTEN.items() if p == area])
        elif level == "woondealregio":
            here = np.isin(gem, sorted(REGION))
        else:
            here = np.ones(persons, bool)
        member = here & (in_a if group == "A" else in_b)
        for sub in ["total", *GROUPS[group]]:
            m = member & (sub_a == sub) if sub != "total" else member
            for dim, c in slots(group):
                if dim == "overlap" and sub != "total":
                    continue
                if dim == "total":
                    v = m.sum()
                elif dim == "overlap":
                    other = {"A": in_a, "B": in_b}.get(c)
                    v = (m & other).sum() if other is not None else (m & in_a & in_b).sum()
                elif dim == "rent":
                    v = (m & has_rent).sum() if c == "total" else (m & has_rent & (cat["rent"] == c)).sum()
                else:
                    v = (m & (cat[dim] == c)).sum()
                keys.append((2021, level, area, group, sub, "persons", dim, c))
                counts.append(int(v))
    order = sorted(range(len(keys)), key=lambda i: keys[i])
    keys = [keys[i] for i in order]
    counts = [counts[i] for i in order]
    published = [
        not (unpublished_detail and k[1] == "gemeente" and k[3] == "B" and k[6] == "size") for k in keys
    ]
    names = [
        "report_year",
        "geo_level",
        "area_code",
        "group_code",
        "subgroup_code",
        "unit",
        "dimension_code",
        "category_code",
    ]
    cells = pa.table(
        {"cell_id": list(range(1, len(keys) + 1))}
        | {name: [k[i] for k in keys] for i, name in enumerate(names)}
        | {"n": counts, "is_published": published}
    )
    return cells, relations(keys)


def relations(keys: list[tuple]) -> pa.Table:
    """Every relation of the cube, from the keys: parts +1, total -1."""
    cid = {k: i + 1 for i, k in enumerate(keys)}
    rels: list[list[tuple[int, int]]] = []

    def add(parent, children):
        children = [c for c in children if c in cid]
        if parent in cid and children:
            rels.append([(cid[c], 1) for c in children] + [(cid[parent], -1)])

    for k in keys:
        year, level, area, group, sub, unit, dim, cat = k
        base = (year, level, area, group, sub, unit)
        if dim in ("tenure", "size") and cat == DIMS[dim][0]:
            add((*base, "total", "total"), [(*base, dim, c) for c in DIMS[dim]])
        if dim == "rent" and cat == "total":
            add(k, [(*base, "rent", c) for c in DIMS["rent"]])
        if sub == "total" and GROUPS[group] and dim != "overlap":
            add(k, [(year, level, area, group, s, unit, dim, cat) for s in GROUPS[group]])
        if level == "provincie":
            add(
                k,
                [
                    (year, "gemeente", g, group, sub, unit, dim, cat)
                    for g, p in GEMEENTEN.items()
                    if p == area
                ],
            )
        if level == "woondealregio":
            add(k, [(year, "gemeente", g, group, sub, unit, dim, cat) for g in sorted(REGION)])
        if level == "nederland":
            add(
                k,
                [(year, "provincie", p, group, sub, unit, dim, cat) for p in sorted(set(GEMEENTEN.values()))],
            )
        if dim == "overlap" and cat == group:
            add((*base, "total", "total"), [k])
        if dim == "overlap" and cat in GROUPS and group < cat:
            add((year, level, area, cat, sub, unit, "overlap", group), [k])
    rel_id, cell_id, coef = [], [], []
    for i, members in enumerate(rels, start=1):
        for c, s in members:
            rel_id.append(i)
            cell_id.append(c)
            coef.append(s)
    return pa.table({"rel_id": rel_id, "cell_id": cell_id, "coefficient": coef})

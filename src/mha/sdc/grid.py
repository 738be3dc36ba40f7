"""The cube's cells as a grid the witness search can walk: families, areas, subgroups and slots.

A cell of `sdc_cells` has the keys (report_year, geo_level, area_code, group_code, subgroup_code,
unit, dimension_code, category_code). The relations the attacker knows (`sdc_relations`) follow three
axes of that key, so the grid indexes every cell as

    family (report_year, unit, group_code) x area x subgroup x slot (dimension_code, category_code)

and keeps for each axis what its relations are: areas form the hierarchy gemeente -> provincie ->
Nederland and gemeente -> woondealregio (`path` of a gemeente: itself and every area above it);
subgroups sum to the subgroup `total`; the categories of an additive dimension sum to its own total
(`has_own_total`) or to the family's total slot (`total`/`total`); the overlap diagonal equals the
total, and the overlap cell (A, B) equals (B, A).

Nothing here is trusted for soundness: the witnesses built on this grid are verified against the
relations themselves (`mha.sdc.verify`). A wrong grid only costs proofs, never gives a false one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

KEY_COLUMNS = (
    "report_year",
    "geo_level",
    "area_code",
    "group_code",
    "subgroup_code",
    "unit",
    "dimension_code",
    "category_code",
)

# slot kinds
SLOT_TOTAL, SLOT_CHILD, SLOT_OWN_TOTAL, SLOT_OWN_CHILD, SLOT_OVERLAP = 0, 1, 2, 3, 4
# geo levels, lowest first
LEVELS = ("gemeente", "woondealregio", "provincie", "nederland")


@dataclass
class Grid:
    """Flat numpy arrays (numba-friendly). Cell positions are the row order of the cells table."""

    size: int  # number of cells
    # per cell position
    fam_of: np.ndarray
    area_of: np.ndarray
    sub_of: np.ndarray
    slot_of: np.ndarray
    # families
    fam_base: np.ndarray  # offset of the family in pos_at
    fam_subs: np.ndarray  # number of subgroups (1 = only the total)
    fam_unit: np.ndarray
    fam_group: np.ndarray  # group index
    fam_year: np.ndarray  # year index
    fam_diag: np.ndarray  # slot of the overlap diagonal (category = own group), -1 if none
    fam_lookup: np.ndarray  # [year index, unit, group] -> family, -1 if none
    # slots (global numbering; a unit's slots are unit_slot_base[u] .. +unit_slots[u])
    unit_slot_base: np.ndarray
    unit_slots: np.ndarray
    slot_kind: np.ndarray
    slot_dim: np.ndarray  # dimension index
    slot_parent: np.ndarray  # local slot of the parent (total or own total), -1 for the total
    slot_group: np.ndarray  # overlap category: the other group's index, -1 otherwise
    # the dimensions of a unit whose categories sum to the unit's total slot (local slots)
    unit_dim_start: np.ndarray  # per unit: range in dim_list
    dim_list: np.ndarray  # dimension indexes
    dim_cat_start: np.ndarray  # per unit x dimension index: range in dim_cats (local slots)
    dim_cats: np.ndarray
    n_dims: int
    # which (family, subgroup, slot) exist: exists[fam_base-like index without area]
    fs_base: np.ndarray
    fs_exists: np.ndarray
    # flat (family, area, subgroup, slot) -> position, -1 when the cell does not exist
    pos_at: np.ndarray
    # areas
    n_areas: int
    area_level: np.ndarray
    gem_of_area: np.ndarray  # area -> gemeente index or -1
    gem_area: np.ndarray  # gemeente index -> area
    path_start: np.ndarray  # gemeente index -> range in path (areas: itself first, then above)
    path: np.ndarray
    members_start: np.ndarray  # area -> range in members (gemeente indexes below or at it)
    members: np.ndarray
    class_of: np.ndarray  # gemeente index -> class (same provincie and woondealregio's)
    prov_of: np.ndarray  # gemeente index -> provincie area
    # labels (python only)
    area_codes: list
    group_codes: list
    slot_labels: list


def _codes(column) -> tuple[np.ndarray, list]:
    """Integer codes and their values (as text) of a pyarrow column."""
    arr = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    enc = pc.dictionary_encode(pc.cast(arr, pa.string()))
    return enc.indices.to_numpy(zero_copy_only=False).astype(np.int64), [
        str(v) for v in enc.dictionary.to_pylist()
    ]


def _combine(*codes_and_sizes) -> tuple[np.ndarray, np.ndarray]:
    """Unique combinations of several code arrays: (inverse per row, one row of codes per combination)."""
    key = np.zeros(len(codes_and_sizes[0][0]), dtype=np.int64)
    for codes, size in codes_and_sizes:
        key = key * size + codes
    inv, uniq = pd.factorize(key, sort=False)
    parts = []
    for _, size in reversed(codes_and_sizes):
        parts.append(uniq % size)
        uniq = uniq // size
    return inv.astype(np.int64), np.stack(parts[::-1], axis=1)


def build_grid(cells: pa.Table, area_paths: pa.Table, dimensions: pa.Table) -> Grid:
    """`cells`: KEY_COLUMNS, one row per cell (positions = row order).
    `area_paths`: gemeente_code, geo_level, area_code: every area at or above each gemeente
    (the gemeente itself included). `dimensions`: dimension_code, is_additive, has_own_total."""
    code = {k: _codes(cells.column(k)) for k in KEY_COLUMNS}
    size = cells.num_rows

    # areas: every (level, code) of the hierarchy and of the cells, gemeenten first
    ap = {k: np.asarray(area_paths.column(k).to_pylist(), dtype=object) for k in area_paths.column_names}
    level_rank = {lv: i for i, lv in enumerate(LEVELS)}
    (lv_codes, lv_vals), (ar_codes, ar_vals) = code["geo_level"], code["area_code"]
    area_inv, area_combos = _combine((lv_codes, len(lv_vals)), (ar_codes, len(ar_vals)))
    cell_areas = [(lv_vals[a], ar_vals[b]) for a, b in area_combos]
    area_keys = sorted(
        set(zip(ap["geo_level"], ap["area_code"], strict=True)) | set(cell_areas),
        key=lambda t: (level_rank[t[0]], t[1]),
    )
    area_id = {k: i for i, k in enumerate(area_keys)}
    n_areas = len(area_keys)
    area_level = np.array([level_rank[lv] for lv, _ in area_keys], dtype=np.int64)
    gem_codes = [c for lv, c in area_keys if lv == "gemeente"]
    gem_id = {c: i for i, c in enumerate(gem_codes)}
    gem_area = np.array([area_id[("gemeente", c)] for c in gem_codes], dtype=np.int64)
    gem_of_area = np.full(n_areas, -1, dtype=np.int64)
    gem_of_area[gem_area] = np.arange(len(gem_codes))
    above: dict[int, list[int]] = {g: [] for g in range(len(gem_codes))}
    for g, lv, c in zip(ap["gemeente_code"], ap["geo_level"], ap["area_code"], strict=True):
        a = area_id[(lv, c)]
        if a not in above[gem_id[g]]:
            above[gem_id[g]].append(a)
    path_list = [
        [int(gem_area[g])] + sorted(a for a in above[g] if a != gem_area[g]) for g in range(len(gem_codes))
    ]
    path_start = np.r_[0, np.cumsum([len(p) for p in path_list])].astype(np.int64)
    path = np.array([a for p in path_list for a in p], dtype=np.int64)
    members_of: list[list[int]] = [[] for _ in range(n_areas)]
    for g, p in enumerate(path_list):
        for a in p:
            members_of[a].append(g)
    members_start = np.r_[0, np.cumsum([len(m) for m in members_of])].astype(np.int64)
    members = np.array([g for m in members_of for g in m], dtype=np.int64)
    # a class: the gemeenten with the same provincie and woondealregio's (nothing above them differs)
    class_key = [tuple(a for a in p[1:] if area_level[a] != level_rank["nederland"]) for p in path_list]
    class_ids = {k: i for i, k in enumerate(sorted(set(class_key)))}
    class_of = np.array([class_ids[k] for k in class_key], dtype=np.int64)
    prov_of = np.array(
        [next(a for a in p if area_level[a] == level_rank["provincie"]) for p in path_list], dtype=np.int64
    )

    # dimensions
    dims = {k: dimensions.column(k).to_pylist() for k in ("dimension_code", "is_additive", "has_own_total")}
    (dm_codes, dm_vals), (ct_codes, ct_vals) = code["dimension_code"], code["category_code"]
    dim_codes = sorted(set(dims["dimension_code"]) | set(dm_vals))
    dim_id = {d: i for i, d in enumerate(dim_codes)}
    additive = dict(zip(dims["dimension_code"], dims["is_additive"], strict=True))
    own_total = dict(zip(dims["dimension_code"], dims["has_own_total"], strict=True))

    # groups, years, units (sorted values; codes of the cells remapped to them)
    def ordered(name: str) -> tuple[np.ndarray, list]:
        c, vals = code[name]
        order = sorted(range(len(vals)), key=lambda i: vals[i])
        rank = np.empty(len(vals), dtype=np.int64)
        rank[order] = np.arange(len(vals))
        return rank[c], [vals[i] for i in order]

    group_idx, group_codes = ordered("group_code")
    year_idx, years = ordered("report_year")
    unit_idx, units = ordered("unit")

    # slots per unit: (dimension, category), the total first
    slot_inv, slot_combos = _combine(
        (unit_idx, len(units)), (dm_codes, len(dm_vals)), (ct_codes, len(ct_vals))
    )
    unit_slot_base, unit_slots, slot_labels = [], [], []
    slot_local: dict[tuple[int, str, str], int] = {}
    for u in range(len(units)):
        pairs = sorted(
            {(dm_vals[d], ct_vals[c]) for uu, d, c in slot_combos.tolist() if uu == u},
            key=lambda t: (t[0] != "total", t[0], t[1] != "total", t[1]),
        )
        unit_slot_base.append(len(slot_labels))
        unit_slots.append(len(pairs))
        for j, (d, c) in enumerate(pairs):
            slot_local[(u, d, c)] = j
            slot_labels.append((units[u], d, c))
    combo_slot = np.array(
        [slot_local[(uu, dm_vals[d], ct_vals[c])] for uu, d, c in slot_combos.tolist()], dtype=np.int64
    )
    slot_of = combo_slot[slot_inv]
    n_slots = len(slot_labels)
    slot_kind = np.zeros(n_slots, dtype=np.int64)
    slot_dim = np.zeros(n_slots, dtype=np.int64)
    slot_parent = np.full(n_slots, -1, dtype=np.int64)
    slot_group = np.full(n_slots, -1, dtype=np.int64)
    gidx = {g: i for i, g in enumerate(group_codes)}
    for s, (unit, d, c) in enumerate(slot_labels):
        u = units.index(unit)
        slot_dim[s] = dim_id[d]
        if d == "total":
            slot_kind[s] = SLOT_TOTAL
        elif d == "overlap":
            slot_kind[s] = SLOT_OVERLAP
            slot_group[s] = gidx.get(c, -1)
        elif additive.get(d) and own_total.get(d):
            if c == "total":
                slot_kind[s] = SLOT_OWN_TOTAL
            else:
                slot_kind[s] = SLOT_OWN_CHILD
                slot_parent[s] = slot_local.get((u, d, "total"), -1)
        elif additive.get(d):
            slot_kind[s] = SLOT_CHILD
            slot_parent[s] = slot_local.get((u, "total", "total"), -1)
        else:
            raise ValueError(f"sdc grid: dimension {d} is neither additive nor total/overlap")

    # dimensions whose categories sum to a parent slot, per unit (local slot numbers)
    unit_dim_start, dim_list = [0], []
    cats_flat: list[int] = []
    dim_cat_start = np.zeros((len(units), len(dim_codes), 2), dtype=np.int64)
    for u in range(len(units)):
        base = unit_slot_base[u]
        for d in range(len(dim_codes)):
            local = [
                j
                for j in range(unit_slots[u])
                if slot_dim[base + j] == d and slot_kind[base + j] in (SLOT_CHILD, SLOT_OWN_CHILD)
            ]
            if local:
                dim_cat_start[u, d] = (len(cats_flat), len(cats_flat) + len(local))
                cats_flat += local
                if slot_kind[base + local[0]] == SLOT_CHILD:
                    dim_list.append(d)
        unit_dim_start.append(len(dim_list))

    # families (year, unit, group) and their subgroups (the total first)
    fam_inv, fam_combos = _combine(
        (year_idx, len(years)), (unit_idx, len(units)), (group_idx, len(group_codes))
    )
    fam_of = fam_inv
    fam_keys = [tuple(k) for k in fam_combos.tolist()]
    n_fam = len(fam_keys)
    sb_codes, sb_vals = code["subgroup_code"]
    sub_inv, sub_combos = _combine((fam_of, n_fam), (sb_codes, len(sb_vals)))
    subs_of_fam: list[list[str]] = [["total"] for _ in range(n_fam)]
    for f, sb in sorted(sub_combos.tolist(), key=lambda t: (t[0], sb_vals[t[1]])):
        if sb_vals[sb] != "total":
            subs_of_fam[f].append(sb_vals[sb])
    combo_sub = np.array([subs_of_fam[f].index(sb_vals[sb]) for f, sb in sub_combos.tolist()], dtype=np.int64)
    sub_of = combo_sub[sub_inv]
    fam_subs = np.array([len(s) for s in subs_of_fam], dtype=np.int64)
    fam_unit = np.array([k[1] for k in fam_keys], dtype=np.int64)
    fam_group = np.array([k[2] for k in fam_keys], dtype=np.int64)
    fam_year = np.array([k[0] for k in fam_keys], dtype=np.int64)
    fam_lookup = np.full((len(years), len(units), len(group_codes)), -1, dtype=np.int64)
    for f, (y, u, g) in enumerate(fam_keys):
        fam_lookup[y, u, g] = f
    fam_diag = np.full(n_fam, -1, dtype=np.int64)
    for f, (_, u, g) in enumerate(fam_keys):
        fam_diag[f] = slot_local.get((u, "overlap", group_codes[g]), -1)
    unit_slots_arr = np.asarray(unit_slots, dtype=np.int64)
    per_fam = fam_subs * unit_slots_arr[fam_unit]
    fs_base = np.r_[0, np.cumsum(per_fam)].astype(np.int64)
    fam_base = (fs_base[:-1] * n_areas).astype(np.int64)

    combo_area = np.array([area_id[k] for k in cell_areas], dtype=np.int64)
    area_of = combo_area[area_inv]
    fs_exists = np.zeros(int(fs_base[-1]), dtype=np.bool_)
    fs_exists[fs_base[fam_of] + sub_of * unit_slots_arr[fam_unit[fam_of]] + slot_of] = True
    pos_at = np.full(int(fs_base[-1]) * n_areas, -1, dtype=np.int64)
    flat = (
        fam_base[fam_of] + (area_of * fam_subs[fam_of] + sub_of) * unit_slots_arr[fam_unit[fam_of]] + slot_of
    )
    pos_at[flat] = np.arange(size)
    if (pos_at >= 0).sum() != size:
        raise ValueError("sdc grid: two cells share the same keys")

    return Grid(
        size=size,
        fam_of=fam_of,
        area_of=area_of,
        sub_of=sub_of,
        slot_of=slot_of,
        fam_base=fam_base,
        fam_subs=fam_subs,
        fam_unit=fam_unit,
        fam_group=fam_group,
        fam_year=fam_year,
        fam_diag=fam_diag,
        fam_lookup=fam_lookup,
        unit_slot_base=np.asarray(unit_slot_base, dtype=np.int64),
        unit_slots=unit_slots_arr,
        slot_kind=slot_kind,
        slot_dim=slot_dim,
        slot_parent=slot_parent,
        slot_group=slot_group,
        unit_dim_start=np.asarray(unit_dim_start, dtype=np.int64),
        dim_list=np.asarray(dim_list, dtype=np.int64),
        dim_cat_start=dim_cat_start,
        dim_cats=np.asarray(cats_flat, dtype=np.int64),
        n_dims=len(dim_codes),
        fs_base=fs_base,
        fs_exists=fs_exists,
        pos_at=pos_at,
        n_areas=n_areas,
        area_level=area_level,
        gem_of_area=gem_of_area,
        gem_area=gem_area,
        path_start=path_start,
        path=path,
        members_start=members_start,
        members=members,
        class_of=class_of,
        prov_of=prov_of,
        area_codes=[c for _, c in area_keys],
        group_codes=group_codes,
        slot_labels=slot_labels,
    )

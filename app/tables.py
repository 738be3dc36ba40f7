"""The monitor's tables, reshaped from published cells into formatted Dutch strings.

Every function takes rows of pub_counts / pub_derived / pub_magnitudes for ONE area and ONE year and
only selects and pivots: no figure is computed here.
"""

from __future__ import annotations

import pandas as pd

import data
import ui

GROUPLESS = {"population", "all", "any_group"}


def group_codes(cells: pd.DataFrame, unit: str = "persons") -> list[str]:
    labels = data.labels()
    present = cells.loc[cells["unit"] == unit, "group_code"].unique()
    return labels.sorted("group", [g for g in present if g not in GROUPLESS])


def subgroup_codes(cells: pd.DataFrame, group: str) -> list[str]:
    labels = data.labels()
    present = cells.loc[cells["group_code"] == group, "subgroup_code"].unique()
    return labels.sorted("subgroup", [s for s in present if s not in {"total", "none"}], parent=group)


def categories(cells: pd.DataFrame, dimension: str, unit: str | None = None) -> list[str]:
    labels = data.labels()
    rows = cells[cells["dimension_code"] == dimension]
    if unit:
        rows = rows[rows["unit"] == unit]
    return labels.sorted(
        "category", [c for c in rows["category_code"].unique() if c != "total"], parent=dimension
    )


def has_own_total(cells: pd.DataFrame, dimension: str, unit: str) -> bool:
    rows = cells[(cells["dimension_code"] == dimension) & (cells["unit"] == unit)]
    return bool((rows["category_code"] == "total").any())


def _value(cells, derived, share: bool, **where) -> str:
    if share:
        return ui.cell(derived, fmt=ui.fmt_pct, measure_code="share", **where)
    return ui.cell(cells, **where)


def groups_units(cells: pd.DataFrame, derived: pd.DataFrame, share: bool = False) -> pd.DataFrame:
    """Persons, households and woonruimten per group (numbers, or per 1.000 inwoners with `share`),
    persons per household and persons per 1,000."""
    labels = data.labels()
    total = {"dimension_code": "total", "category_code": "total", "subgroup_code": "total"}
    rows = []
    for group in group_codes(cells):
        row = {"Aandachtsgroep": labels.get("group", group)}
        for unit, title in (
            ("persons", "Personen"),
            ("households", "Huishoudens"),
            ("dwellings", "Woonruimten"),
        ):
            if share:
                row[f"{title} per 1.000 inwoners"] = ui.cell(
                    derived, fmt=lambda v: ui.fmt_dec(v, 1), measure_code="per_1000_inhabitants",
                    group_code=group, unit=unit, **total,
                )  # fmt: skip
                continue
            row[title] = ui.cell(cells, group_code=group, unit=unit, **total)
        pph = derived[(derived["measure_code"] == "persons_per_household") & (derived["group_code"] == group)]
        row["Personen per huishouden"] = ui.cell(
            pph, fmt=lambda v: ui.fmt_dec(v, 2), subgroup_code="total", dimension_code="total"
        )
        if not share:
            row["Personen per 1.000 inwoners"] = ui.cell(
                derived, fmt=lambda v: ui.fmt_dec(v, 1), measure_code="per_1000_inhabitants",
                group_code=group, unit="persons", **total,
            )  # fmt: skip
        rows.append(row)
    return pd.DataFrame(rows)


def subgroups_by_dimension(
    cells: pd.DataFrame, derived: pd.DataFrame, dimension: str, unit: str, keep: list[str] | None = None,
    share: bool = False,
) -> pd.DataFrame:  # fmt: skip
    """Rows: every group and its subgroups; columns: Totaal and the categories of `dimension`."""
    labels = data.labels()
    cats = [c for c in categories(cells, dimension, unit) if keep is None or c in keep]
    rows = []
    for group in group_codes(cells, unit):
        for sub in ["total", *subgroup_codes(cells, group)]:
            name = (
                labels.get("group", group)
                if sub == "total"
                else ui.INDENT + labels.get("subgroup", sub, parent=group)
            )
            row = {"Groep / subgroep": name}
            row["Totaal"] = ui.cell(
                cells,
                group_code=group,
                subgroup_code=sub,
                unit=unit,
                dimension_code="total",
                category_code="total",
            )
            for cat in cats:
                row[labels.get("category", cat, parent=dimension)] = _value(
                    cells, derived, share, group_code=group, subgroup_code=sub, unit=unit,
                    dimension_code=dimension, category_code=cat,
                )  # fmt: skip
            rows.append(row)
    return pd.DataFrame(rows)


def dimension_by_group(
    cells: pd.DataFrame, derived: pd.DataFrame, dimension: str, unit: str, share: bool = False,
    include_all: bool = True,
) -> pd.DataFrame:  # fmt: skip
    """Rows: the categories of `dimension` (own total first where it has one); columns: the groups."""
    labels = data.labels()
    groups = group_codes(cells, unit)
    if include_all and not cells[(cells["group_code"] == "all") & (cells["unit"] == unit)].empty:
        groups = [*groups, "all"]
    cats = categories(cells, dimension, unit)
    if has_own_total(cells, dimension, unit):
        cats = ["total", *cats]
    rows = []
    for cat in cats:
        row = {labels.get("dimension", dimension): labels.get("category", cat, parent=dimension)}
        for group in groups:
            title = "Alle" if group == "all" else labels.get("group", group)
            row[title] = _value(
                cells, derived, share and cat != "total", group_code=group, subgroup_code="total", unit=unit,
                dimension_code=dimension, category_code=cat,
            )  # fmt: skip
        rows.append(row)
    return pd.DataFrame(rows)


def overlap_matrix(cells: pd.DataFrame) -> pd.DataFrame:
    """Persons in group A (row) and group B (column); the diagonal is the group itself."""
    labels = data.labels()
    overlap = cells[(cells["dimension_code"] == "overlap") & (cells["unit"] == "persons")]
    groups = group_codes(overlap)
    extra = [c for c in categories(overlap, "overlap") if c not in groups]
    rows = []
    for group in groups:
        row = {"Aandachtsgroep": labels.get("group", group)}
        for other in groups + extra:
            row[labels.get("category", other, parent="overlap")] = ui.cell(
                overlap, group_code=group, subgroup_code="total", category_code=other
            )
        rows.append(row)
    return pd.DataFrame(rows)


def magnitudes_by_group(mags: pd.DataFrame, unit: str) -> pd.DataFrame:
    labels = data.labels()
    rows_in = mags[(mags["unit"] == unit) & (mags["subgroup_code"] == "total")]
    measures = labels.sorted("measure", rows_in["measure_code"].unique())
    groups = group_codes(rows_in, unit)
    if (rows_in["group_code"] == "all").any():
        groups = [*groups, "all"]
    rows = []
    for measure in measures:
        known = labels._key("measure", measure, None)
        row = {"Kenmerk": labels.get("measure", measure) if known else ui.measure_label(measure)}
        for group in groups:
            title = "Alle" if group == "all" else labels.get("group", group)
            row[title] = ui.cell(
                rows_in, fmt=lambda v, m=measure: ui.fmt_measure(m, v), group_code=group, measure_code=measure
            )
        rows.append(row)
    return pd.DataFrame(rows)


COMPARISON_MARK = "\u2003↳ "  # the label of a comparison row starts with this


def beside(frame: pd.DataFrame, other: pd.DataFrame | None, other_name: str) -> pd.DataFrame:
    """The area's table with, under each of its rows, the same row of the comparison area.

    Rows are matched on the first column (the row label); a row the comparison lacks shows '–'. Rows,
    not columns, so a table is no wider with its comparison than without (a phone, a 1440 px screen).
    """
    if other is None or frame.empty:
        return frame
    key = frame.columns[0]
    other = other.drop_duplicates(subset=[key]).set_index(key) if key in other.columns else pd.DataFrame()
    rows = []
    for _, row in frame.iterrows():
        rows.append(row.tolist())
        label = str(row[key]).strip()
        found = other.loc[label] if label in other.index else None
        if found is None and row[key] in other.index:
            found = other.loc[row[key]]
        rows.append(
            [f"{COMPARISON_MARK}{other_name}"]
            + [
                found[c] if found is not None and c in found.index else ui.NOT_APPLICABLE
                for c in frame.columns[1:]
            ]
        )
    return pd.DataFrame(rows, columns=frame.columns)

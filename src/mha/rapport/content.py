"""What the report per area holds: the monitor's tables for one area and one year, next to the areas
it is compared with, as rows of Dutch strings. Everything is selected from the published release;
nothing is computed but the sum of an input (the taakstelling) over the gemeenten of a larger area.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from mha import nl
from mha.published import Release, comparison_areas, member_gemeenten

GROUPLESS = {"population", "all", "any_group"}
UNITS = (("persons", "Personen"), ("households", "Huishoudens"), ("dwellings", "Woonruimten"))
SECTORS = ("corporatie", "private_huur")


@dataclass
class Table:
    """A table of the report: a title, a header, rows of strings, an optional note."""

    title: str
    header: list[str]
    rows: list[list[str]]
    note: str = ""
    indent: set[int] = field(default_factory=set)  # rows shown indented (subgroups)
    group_header: list[tuple[str, int]] = field(default_factory=list)  # (label, colspan) above the header

    @property
    def empty(self) -> bool:
        return not self.rows


class Cells:
    """The published cells of one query, looked up by their keys; suppressed -> marker, absent -> '–'."""

    ABSENT = "–"

    def __init__(self, frame: pd.DataFrame, keys: tuple[str, ...], marker: str):
        self.keys = keys
        self.marker = marker
        self.index = {
            tuple(row[:-2]): (row[-2], row[-1])
            for row in frame[[*keys, "value", "status"]].itertuples(index=False, name=None)
        }

    def get(self, **where):
        return self.index.get(tuple(where[k] for k in self.keys))

    def value(self, **where):
        hit = self.get(**where)
        if hit is None or hit[1] != "visible" or nl.missing(hit[0]):
            return None
        return hit[0]

    def shown(self, fmt=nl.fmt_int, **where) -> str:
        hit = self.get(**where)
        if hit is None:
            return self.ABSENT
        if hit[1] != "visible" or nl.missing(hit[0]):
            return self.marker
        return fmt(hit[0])

    def has(self, **where) -> bool:
        return any(all(key[self.keys.index(k)] == v for k, v in where.items()) for key in self.index)


COUNT_KEYS = ("area_code", "group_code", "subgroup_code", "unit", "dimension_code", "category_code")
DERIVED_KEYS = (*COUNT_KEYS, "measure_code")


@dataclass
class Report:
    release: Release
    area_code: str
    year: int
    geo_level: str = ""
    area_name: str = ""
    comparisons: list[tuple[str, str]] = field(default_factory=list)
    marker: str = nl.MARKER

    def __post_init__(self):
        self.geo_level = self.release.level_of(self.area_code)
        self.area_name = self.release.area_name(self.area_code)
        self.comparisons = comparison_areas(self.release.areas, self.geo_level, self.area_code)
        self.marker = self.release.parameters()["sdc_marker"]
        self.labels = self.release.labels
        codes = self.codes
        self.counts = Cells(
            self.release.query(
                "select * from pub_counts where report_year = ? and area_code in (select unnest(?))",
                [self.year, codes],
            ),
            COUNT_KEYS,
            self.marker,
        )
        self.derived = Cells(
            self.release.query(
                "select * from pub_derived where report_year = ? and area_code in (select unnest(?))",
                [self.year, codes],
            ),
            DERIVED_KEYS,
            self.marker,
        )
        self.trend = self.release.query(
            "select report_year, group_code, unit, value, status from pub_counts where area_code = ?"
            " and subgroup_code = 'total' and dimension_code = 'total' and category_code = 'total'"
            " order by report_year",
            [self.area_code],
        )

    # -- names --------------------------------------------------------------------------------------

    @property
    def codes(self) -> list[str]:
        return [self.area_code, *(c for _, c in self.comparisons)]

    def title_of(self, code: str) -> str:
        return self.release.area_name(code)

    def level_label(self, level: str) -> str:
        return self.labels.get("geo_level", level)

    @property
    def area_title(self) -> str:
        if self.geo_level == "nederland":
            return self.area_name
        return f"{self.area_name} ({self.level_label(self.geo_level).lower()})"

    @property
    def moment(self) -> str:
        return nl.stock_moment(self.year)

    def groups(self) -> list[str]:
        present = {k[1] for k in self.counts.index if k[3] == "persons"}
        return self.labels.sorted("group", [g for g in present if g not in GROUPLESS])

    def subgroups(self, group: str) -> list[str]:
        present = {k[2] for k in self.counts.index if k[1] == group and k[3] == "persons"}
        return self.labels.sorted("subgroup", [s for s in present if s not in {"total", "none"}], group)

    def categories(self, dimension: str, unit: str) -> list[str]:
        present = {k[5] for k in self.counts.index if k[4] == dimension and k[3] == unit}
        return self.labels.sorted("category", [c for c in present if c != "total"], dimension)

    def has_data(self) -> bool:
        return any(k[0] == self.area_code for k in self.counts.index)

    # -- tables -------------------------------------------------------------------------------------

    def persons_next_to_comparisons(self) -> Table:
        """Persons per group: number and per 1.000 inwoners for the area and each comparison area."""
        codes = self.codes
        header = ["Aandachtsgroep"]
        for _ in codes:
            header += ["aantal", "per 1.000 inw."]
        rows = []
        total = {
            "subgroup_code": "total",
            "unit": "persons",
            "dimension_code": "total",
            "category_code": "total",
        }
        for group in ["population", *self.groups()]:
            row = [self.labels.get("group", group)]
            for code in codes:
                row.append(self.counts.shown(area_code=code, group_code=group, **total))
                rate = (
                    ""
                    if group == "population"
                    else self.derived.shown(
                        lambda v: nl.fmt_dec(v, 1), area_code=code, group_code=group,
                        measure_code="per_1000_inhabitants", **total,
                    )
                )  # fmt: skip
                row.append(rate)
            rows.append(row)
        return Table(
            f"Personen per aandachtsgroep, {self.moment}",
            header,
            rows,
            "Per 1.000 inwoners: personen in de groep per 1.000 inwoners van het gebied.",
            group_header=[("", 1), *((self.title_of(c), 2) for c in codes)],
        )

    def units_per_group(self) -> Table:
        total = {"subgroup_code": "total", "dimension_code": "total", "category_code": "total"}
        rows = []
        for group in self.groups():
            row = [self.labels.get("group", group)]
            for unit, _ in UNITS:
                row.append(self.counts.shown(area_code=self.area_code, group_code=group, unit=unit, **total))
            row.append(
                self.derived.shown(
                    lambda v: nl.fmt_dec(v, 2), area_code=self.area_code, group_code=group, unit="households",
                    measure_code="persons_per_household", **total,
                )
            )  # fmt: skip
            rows.append(row)
        return Table(
            f"Personen, huishoudens en woonruimten per aandachtsgroep, {self.area_name}, {self.moment}",
            ["Aandachtsgroep", *(t for _, t in UNITS), "Personen per huishouden"],
            rows,
            "Huishoudens en woonruimten tellen mee als ten minste één lid of bewoner tot de groep behoort.",
        )

    def subgroups_by(self, dimension: str, unit: str, title: str, groups: list[str] | None = None) -> Table:
        cats = self.categories(dimension, unit)
        rows, indent = [], set()
        for group in groups or self.groups():
            for sub in ["total", *self.subgroups(group)]:
                name = (
                    self.labels.get("group", group)
                    if sub == "total"
                    else self.labels.get("subgroup", sub, group)
                )
                where = {"area_code": self.area_code, "group_code": group, "subgroup_code": sub, "unit": unit}
                if sub != "total":
                    indent.add(len(rows))
                row = [name, self.counts.shown(dimension_code="total", category_code="total", **where)]
                row += [self.counts.shown(dimension_code=dimension, category_code=c, **where) for c in cats]
                rows.append(row)
        header = ["Groep / subgroep", "Totaal", *(self.labels.get("category", c, dimension) for c in cats)]
        return Table(title, header, rows, indent=indent)

    def share_next_to_comparisons(self, dimension: str, category: str, unit: str, title: str) -> Table:
        """The share of each group in one category (e.g. a corporation dwelling), area next to comparisons."""
        rows = []
        for group in self.groups():
            row = [self.labels.get("group", group)]
            for code in self.codes:
                row.append(
                    self.derived.shown(
                        nl.fmt_pct, area_code=code, group_code=group, subgroup_code="total", unit=unit,
                        dimension_code=dimension, category_code=category, measure_code="share",
                    )
                )  # fmt: skip
            rows.append(row)
        return Table(title, ["Aandachtsgroep", *(self.title_of(c) for c in self.codes)], rows)

    def overlap(self) -> Table:
        groups = self.groups()
        extra = [c for c in self.categories("overlap", "persons") if c not in groups]
        rows = []
        for group in groups:
            row = [self.labels.get("group", group)]
            for other in groups + extra:
                row.append(
                    self.counts.shown(
                        area_code=self.area_code, group_code=group, subgroup_code="total", unit="persons",
                        dimension_code="overlap", category_code=other,
                    )
                )  # fmt: skip
            rows.append(row)
        header = ["Aandachtsgroep", *(self.labels.get("category", c, "overlap") for c in groups + extra)]
        return Table(
            f"Overlap tussen de aandachtsgroepen: personen, {self.area_name}, {self.moment}",
            header,
            rows,
            "Personen in de groep van de rij die ook in de groep van de kolom zitten; op de diagonaal de"
            " groep zelf.",
        )

    def dimension_by_group(self, dimension: str, unit: str, title: str, note: str = "") -> Table:
        groups = [
            g for g in self.groups() if self.counts.has(group_code=g, unit=unit, dimension_code=dimension)
        ]
        if self.counts.has(group_code="all", unit=unit, dimension_code=dimension):
            groups.append("all")
        cats = self.categories(dimension, unit)
        if self.counts.has(unit=unit, dimension_code=dimension, category_code="total"):
            cats = ["total", *cats]
        rows = []
        for cat in cats:
            row = [self.labels.get("category", cat, dimension)]
            for group in groups:
                row.append(
                    self.counts.shown(
                        area_code=self.area_code, group_code=group, subgroup_code="total", unit=unit,
                        dimension_code=dimension, category_code=cat,
                    )
                )  # fmt: skip
            rows.append(row)
        header = [self.labels.get("dimension", dimension), *(self.labels.get("group", g) for g in groups)]
        return Table(title, header, rows, note)

    def lettings(self) -> Table:
        rows = []
        for group in [*self.groups(), "all"]:
            label = "Alle verhuringen" if group == "all" else self.labels.get("group", group)
            row = [label]
            for sector in SECTORS:
                where = {"group_code": group, "subgroup_code": "total", "unit": "lettings",
                         "dimension_code": "sector", "category_code": sector}  # fmt: skip
                row.append(self.counts.shown(area_code=self.area_code, **where))
                for code in self.codes:
                    if group == "all":
                        row.append("")
                    else:
                        row.append(
                            self.derived.shown(
                                nl.fmt_pct, area_code=code, measure_code="share_of_lettings", **where
                            )
                        )
            rows.append(row)
        header = ["Aandachtsgroep"]
        group_header: list[tuple[str, int]] = [("", 1)]
        for sector in SECTORS:
            header += ["verhuringen", *(f"aandeel {self.title_of(c)}" for c in self.codes)]
            group_header.append((self.labels.get("category", sector, "sector"), 1 + len(self.codes)))
        return Table(
            f"Vrijgekomen en verhuurde woningen per aandachtsgroep, {self.area_name}, in {self.year}",
            header,
            rows,
            "Aandeel: deel van alle verhuringen in de sector dat naar de groep ging; een woning kan voor meer"
            " groepen tellen.",
            group_header=group_header,
        )

    def mutatiegraad(self) -> Table:
        rows = []
        for sector in SECTORS:
            row = [self.labels.get("category", sector, "sector")]
            for code in self.codes:
                row.append(
                    self.derived.shown(
                        nl.fmt_pct, area_code=code, group_code="all", subgroup_code="total", unit="lettings",
                        dimension_code="sector", category_code=sector, measure_code="mutatiegraad",
                    )
                )  # fmt: skip
            rows.append(row)
        return Table(
            f"Mutatiegraad in {self.year}",
            ["Sector", *(self.title_of(c) for c in self.codes)],
            rows,
            f"Verhuringen in {self.year} per 100 huurwoningen van de voorraad op"
            f" {nl.first_january(self.year)}.",
        )

    def taakstelling(self) -> Table:
        members = member_gemeenten(self.release.areas, self.geo_level, self.area_code)
        inputs = self.release.query(
            "select half_year, sum(value) as value from pub_inputs where input_code = 'taakstelling'"
            " and year = ? and gemeente_code in (select unnest(?)) group by half_year",
            [self.year, members],
        )
        task = dict(zip(inputs["half_year"], inputs["value"], strict=True))
        rows = []
        for half in (1, 2):
            rows.append(
                [
                    f"{half}e halfjaar {self.year}",
                    nl.fmt_int(task[half]) if half in task else Cells.ABSENT,
                    self.counts.shown(
                        area_code=self.area_code, group_code="permit_holders", subgroup_code="total",
                        unit="persons", dimension_code="housed_from_coa", category_code=f"halfjaar_{half}",
                    ),
                ]
            )  # fmt: skip
        return Table(
            f"Taakstelling vergunninghouders en realisatie, {self.area_name}, {self.year}",
            ["Halfjaar", "Taakstelling (personen)", "Gehuisvest uit COA of zonder adres"],
            rows,
            "Taakstelling: invoer (geen microdata), voor een groter gebied opgeteld over de gemeenten."
            " Realisatie: vergunninghouders die in het halfjaar vanuit een COA of zonder adres in een woning"
            " in het gebied gingen wonen.",
        )

    def trend_table(self) -> Table:
        frame = self.trend[(self.trend["unit"] == "persons") & self.trend["group_code"].isin(self.groups())]
        years = sorted({int(y) for y in frame["report_year"]})
        cells = Cells(frame.assign(area_code=self.area_code), ("group_code", "report_year"), self.marker)
        rows = [
            [self.labels.get("group", g), *(cells.shown(group_code=g, report_year=y) for y in years)]
            for g in self.groups()
        ]
        first, last = (years[0], years[-1]) if years else (self.year, self.year)
        return Table(
            f"Ontwikkeling {first}-{last}: personen per aandachtsgroep, {self.area_name} (31 december)",
            ["Aandachtsgroep", *(str(y) for y in years)],
            rows,
        )

    def rates_frame(self) -> pd.DataFrame:
        """Per 1.000 inwoners per group for the area and its comparisons (for the bar chart)."""
        rows = []
        for group in self.groups():
            for code in self.codes:
                value = self.derived.value(
                    area_code=code, group_code=group, subgroup_code="total", unit="persons",
                    dimension_code="total", category_code="total", measure_code="per_1000_inhabitants",
                )  # fmt: skip
                rows.append(
                    {"groep": self.labels.get("group", group), "gebied": self.title_of(code),
                     "waarde": value, "tekst": nl.fmt_dec(value, 1, self.marker)}
                )  # fmt: skip
        return pd.DataFrame(rows)

    def trend_frame(self) -> pd.DataFrame:
        frame = self.trend[(self.trend["unit"] == "persons") & self.trend["group_code"].isin(self.groups())]
        return pd.DataFrame(
            {
                "jaar": frame["report_year"].astype(int),
                "groep": [self.labels.get("group", g) for g in frame["group_code"]],
                "aantal": frame["value"].where(frame["status"] == "visible"),
            }
        )

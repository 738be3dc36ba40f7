"""Read a published release outside the app: the report per area and the workbook use this.

A release folder holds the `pub_*` tables as Parquet and `manifest.json` (docs/architecture.md).
`open_release` opens DuckDB in memory with a view per file; nothing is copied or locked. The app has
its own reader with Streamlit caching (app/data.py) but shares the rules below: which areas an area is
compared with, and how a gemeente's woondealregio's are listed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

TABLES = (
    "pub_counts",
    "pub_derived",
    "pub_magnitudes",
    "pub_areas",
    "pub_labels",
    "pub_inputs",
    "pub_parameters",
    "pub_publication_plan",
)
# the order of the vergelijkingsniveaus next to an area: the nearest first
COMPARISON_LEVELS = ("woondealregio", "provincie", "nederland")


class ReleaseMissing(SystemExit):
    """No release, or an incomplete one, in the folder asked for."""


def split_codes(value) -> list[str]:
    """`pub_areas.woondealregio_codes` ('WD01;WD07') as a list."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    return [v.strip() for v in str(value).replace(",", ";").split(";") if v.strip()]


def comparison_areas(areas: pd.DataFrame, geo_level: str, area_code: str) -> list[tuple[str, str]]:
    """(geo_level, area_code) of the areas an area is compared with: its woondealregio('s), provincie
    and Nederland for a gemeente; the provincie of all its gemeenten (when they share one) and
    Nederland for a woondealregio; Nederland for a provincie; nothing for Nederland itself."""
    gemeenten = areas[areas["geo_level"] == "gemeente"]
    nederland = areas.loc[areas["geo_level"] == "nederland", "area_code"].tolist()
    found: list[tuple[str, str]] = []
    if geo_level == "gemeente":
        row = gemeenten[gemeenten["area_code"] == area_code]
        if not row.empty:
            found += [("woondealregio", c) for c in split_codes(row.iloc[0].get("woondealregio_codes"))]
            provincie = row.iloc[0].get("provincie_code")
            if isinstance(provincie, str) and provincie:
                found.append(("provincie", provincie))
    elif geo_level == "woondealregio":
        members = gemeenten[[area_code in split_codes(v) for v in gemeenten["woondealregio_codes"]]]
        provincies = sorted(set(members["provincie_code"].dropna()))
        if len(provincies) == 1:
            found.append(("provincie", provincies[0]))
    if geo_level != "nederland":
        found += [("nederland", c) for c in nederland]
    return found


def member_gemeenten(areas: pd.DataFrame, geo_level: str, area_code: str) -> list[str]:
    """The gemeente codes that make up an area."""
    gemeenten = areas[areas["geo_level"] == "gemeente"]
    if geo_level == "gemeente":
        return [area_code]
    if geo_level == "nederland":
        return gemeenten["area_code"].tolist()
    if geo_level == "provincie":
        return gemeenten.loc[gemeenten["provincie_code"] == area_code, "area_code"].tolist()
    if geo_level == "woondealregio":
        return [c for c, v in zip(gemeenten["area_code"], gemeenten["woondealregio_codes"], strict=True)
                if area_code in split_codes(v)]  # fmt: skip
    return []


@dataclass
class Labels:
    """Dutch labels and sort orders of pub_labels, by (kind, parent_code, code)."""

    rows: dict = field(default_factory=dict)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Labels:
        rows = {}
        for kind, parent, code, label, description, order in zip(
            frame["kind"], frame["parent_code"].fillna(""), frame["code"], frame["label_nl"],
            frame["description_nl"], frame["sort_order"], strict=True,
        ):  # fmt: skip
            rows[(str(kind), str(parent), str(code))] = (label, description, order)
        return cls(rows)

    def _row(self, kind: str, code: str, parent: str = ""):
        if kind == "category" and parent == "overlap" and ("group", "", code) in self.rows:
            return self.rows[("group", "", code)]
        return self.rows.get((kind, parent, code)) or self.rows.get((kind, "", code))

    def get(self, kind: str, code, parent: str = "") -> str:
        row = self._row(kind, str(code), parent)
        if row is not None:
            return str(row[0])
        if str(code) == "total":
            return "Totaal"
        return str(code).replace("_", " ").capitalize()

    def description(self, kind: str, code, parent: str = "") -> str:
        row = self._row(kind, str(code), parent)
        return "" if row is None or row[1] is None or pd.isna(row[1]) else str(row[1])

    def order(self, kind: str, code, parent: str = "") -> float:
        if str(code) == "total":
            return -1.0
        row = self._row(kind, str(code), parent)
        return 1e6 if row is None or row[2] is None or pd.isna(row[2]) else float(row[2])

    def sorted(self, kind: str, codes, parent: str = "") -> list:
        return sorted(codes, key=lambda c: (self.order(kind, c, parent), str(c)))


@dataclass
class Release:
    folder: Path
    manifest: dict
    con: duckdb.DuckDBPyConnection = field(repr=False)
    labels: Labels
    areas: pd.DataFrame
    tables: tuple[str, ...]

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        cur = self.con.cursor()
        try:
            return cur.execute(sql, params or []).df()
        finally:
            cur.close()

    def area_name(self, code: str) -> str:
        hit = self.areas[self.areas["area_code"] == code]
        return str(hit.iloc[0]["area_name"]) if not hit.empty else code

    def level_of(self, code: str) -> str:
        hit = self.areas[self.areas["area_code"] == code]
        if hit.empty:
            raise KeyError(code)
        return str(hit.iloc[0]["geo_level"])

    def parameters(self) -> dict[str, str]:
        """The release's rule values by name (pub_parameters)."""
        frame = self.query("select parameter_code, value from pub_parameters where kind = 'parameter'")
        return {str(n): str(v) for n, v in zip(frame["parameter_code"], frame["value"], strict=True)}

    def years(self) -> list[int]:
        return [
            int(y)
            for y in self.query("select distinct report_year from pub_counts order by 1")["report_year"]
        ]


def open_release(folder: Path) -> Release:
    folder = Path(folder)
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise ReleaseMissing(f"no release in {folder}: manifest.json is missing (run `make build`)")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    con = duckdb.connect(":memory:", config={"threads": 2})
    present = []
    for name in TABLES:
        path = folder / f"{name}.parquet"
        if not path.is_file():
            if name in TABLES:
                raise ReleaseMissing(f"the release in {folder} is incomplete: {name}.parquet is missing")
            continue
        con.read_parquet(str(path)).create_view(name)
        present.append(name)
    labels = Labels.from_frame(con.sql("select * from pub_labels").df())
    areas = con.sql("select * from pub_areas order by geo_level, area_code").df()
    return Release(folder, manifest, con, labels, areas, tuple(present))

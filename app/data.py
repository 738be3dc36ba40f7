"""The app's only door to data: an in-memory DuckDB over the Parquet files of the current release.

`$MHA_PUBLISH_DIR` (default `data/publish`) holds the release (docs/architecture.md). The connection
is opened once per release (keyed on the release folder and the manifest's hash, so a new release is
picked up on the next interaction) with `st.cache_resource`; every query runs on its own cursor and its
result is kept with `st.cache_data`. A missing or damaged release raises `ReleaseError` with a Dutch
message for the person in front of the screen.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import streamlit as st

from mha import published
from queries import SQL

ROOT = Path(__file__).resolve().parents[1]

COUNT_KEYS = (
    "report_year",
    "geo_level",
    "area_code",
    "group_code",
    "subgroup_code",
    "unit",
    "dimension_code",
    "category_code",
)
CELL = ("value", "status", "shown")
# the columns the app needs in each file of the release (more columns are fine)
REQUIRED: dict[str, tuple[str, ...]] = {
    "pub_counts": COUNT_KEYS + CELL,
    "pub_derived": COUNT_KEYS + ("measure_code",) + CELL,
    "pub_magnitudes": COUNT_KEYS[:6] + ("measure_code",) + CELL,
    "pub_areas": ("geo_level", "area_code", "area_name"),
    "pub_labels": ("kind", "code", "label_nl", "description_nl", "sort_order"),
    "pub_inputs": ("input_code", "gemeente_code", "year", "half_year", "value"),
    "pub_parameters": ("kind", "parameter_code", "value", "description_nl"),
    "pub_publication_plan": ("group_code", "subgroup_code", "unit", "dimension_code", "geo_level"),
}


class ReleaseError(Exception):
    """A release that is missing or damaged; the message is Dutch and meant for the user."""


@dataclass
class Release:
    folder: Path
    manifest: dict
    token: str
    con: duckdb.DuckDBPyConnection = field(repr=False)

    @property
    def synthetic(self) -> bool:
        return bool(self.manifest.get("synthetic"))

    @property
    def release_id(self) -> str:
        return str(self.manifest.get("release_id") or self.folder.name)


def publish_dir() -> Path:
    return Path(os.environ.get("MHA_PUBLISH_DIR") or ROOT / "data" / "publish")


_TOKEN: dict[str, tuple[float, str]] = {}
TOKEN_SECONDS = 2.0  # how long a run may reuse the identity of the release before looking again


def release_token() -> str:
    """Identify the current release cheaply: its real folder plus the hash of its manifest.

    Looked up at most every TOKEN_SECONDS per publish folder, so a page with many queries does not
    re-read the manifest for each one, and a new release is still picked up on the next interaction.
    """
    folder = publish_dir()
    held = _TOKEN.get(str(folder))
    if held and time.monotonic() - held[0] < TOKEN_SECONDS:
        return held[1]
    token = _read_token(folder)
    _TOKEN[str(folder)] = (time.monotonic(), token)
    return token


def _read_token(folder: Path) -> str:
    manifest = folder / "manifest.json"
    if not manifest.is_file():
        raise ReleaseError(
            f"Er is nog geen release van de monitor gevonden in `{folder}`. Bouw er een met "
            "`make build` (of `python -m mha release` na `dbt build`), of wijs de app met de "
            "omgevingsvariabele `MHA_PUBLISH_DIR` naar een map met een release."
        )
    digest = hashlib.sha256(manifest.read_bytes()).hexdigest()[:16]
    return f"{folder.resolve()}#{digest}"


def _validate(folder: Path) -> None:
    for name, columns in REQUIRED.items():
        path = folder / f"{name}.parquet"
        if not path.is_file():
            raise ReleaseError(
                f"De release in `{folder}` is onvolledig: het bestand `{name}.parquet` ontbreekt. "
                "Maak de release opnieuw met `python -m mha release`."
            )
        try:
            present = set(pq.read_schema(path).names)
        except Exception as err:  # pyarrow raises several types for a damaged file
            raise ReleaseError(
                f"Het bestand `{name}.parquet` in de release `{folder}` is beschadigd en kan niet "
                f"worden gelezen ({type(err).__name__}). Maak de release opnieuw."
            ) from err
        missing = [c for c in columns if c not in present]
        if missing:
            raise ReleaseError(
                f"Het bestand `{name}.parquet` in de release `{folder}` mist de kolom(men) "
                f"{', '.join(f'`{c}`' for c in missing)}. Deze app verwacht de indeling van "
                "docs/architecture.md; maak de release opnieuw met dezelfde versie van het project."
            )


@st.cache_resource(max_entries=2, show_spinner=False)
def _open(token: str) -> Release:
    folder = Path(token.split("#", 1)[0])
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise ReleaseError(f"Het bestand `manifest.json` in `{folder}` is beschadigd: {err}.") from err
    _validate(folder)
    con = duckdb.connect(":memory:", config={"threads": 2})
    for name in REQUIRED:
        # a view over the Parquet file: nothing is copied into memory, nothing is locked
        relation = con.read_parquet(str(folder / f"{name}.parquet"))
        relation.create_view(name)
    return Release(folder=folder, manifest=manifest, token=token, con=con)


def release() -> Release:
    """The current release (raises ReleaseError when there is none or it is damaged)."""
    return _open(release_token())


@st.cache_data(max_entries=2000, show_spinner=False)
def _query(token: str, name: str, params: tuple) -> pd.DataFrame:
    rel = _open(token)
    cur = rel.con.cursor()
    try:
        return cur.execute(SQL[name], [list(p) if isinstance(p, tuple) else p for p in params]).df()
    except duckdb.Error as err:
        raise ReleaseError(
            f"De release in `{rel.folder}` kon niet worden gelezen (vraag `{name}`): {err}. "
            "Mogelijk is een bestand beschadigd; maak de release opnieuw."
        ) from err
    finally:
        cur.close()


def query(name: str, *params) -> pd.DataFrame:
    """Run the named query of queries.SQL with `?` parameters (lists are passed as tuples)."""
    frozen = tuple(tuple(p) if isinstance(p, list) else p for p in params)
    return _query(release_token(), name, frozen)


# -- labels and areas -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Labels:
    """Dutch labels and sort orders from pub_labels, looked up by (kind, code) with a parent if needed."""

    label: dict
    order: dict
    description: dict

    def _key(self, kind: str, code: str, parent: str | None) -> tuple[str, str] | None:
        candidates = []
        if parent:
            candidates.append((kind, f"{parent}.{code}"))
        candidates.append((kind, code))
        for key in candidates:
            if key in self.label:
                return key
        return None

    def get(self, kind: str, code, parent: str | None = None) -> str:
        code = str(code)
        if code == "total":
            return "Totaal"
        if kind == "category" and parent == "overlap" and self._key("group", code, None):
            return self.label[self._key("group", code, None)]
        key = self._key(kind, code, parent)
        if key:
            return self.label[key]
        return code.replace("_", " ").capitalize()

    def sort(self, kind: str, code, parent: str | None = None) -> float:
        code = str(code)
        if code == "total":
            return -1
        if kind == "category" and parent == "overlap" and self._key("group", code, None):
            return float(self.order.get(self._key("group", code, None), 0) or 0)
        key = self._key(kind, code, parent)
        value = self.order.get(key) if key else None
        return float(value) if value is not None and not pd.isna(value) else 1e6

    def describe(self, kind: str, code, parent: str | None = None) -> str:
        key = self._key(kind, str(code), parent)
        text = self.description.get(key) if key else None
        return "" if text is None or pd.isna(text) else str(text)

    def sorted(self, kind: str, codes, parent: str | None = None) -> list:
        return sorted(codes, key=lambda c: (self.sort(kind, c, parent), str(c)))


def labels() -> Labels:
    return _labels(release_token())


@st.cache_resource(max_entries=4, show_spinner=False)
def _labels(token: str) -> Labels:
    df = _query(token, "labels", ())
    codes = df["code"].astype(str)
    if "parent_code" in df.columns:  # (kind, parent, code) becomes (kind, "parent.code")
        parents = df["parent_code"].fillna("").astype(str)
        codes = [f"{p}.{c}" if p else c for p, c in zip(parents, codes, strict=True)]
    keys = list(zip(df["kind"].astype(str), codes, strict=True))
    return Labels(
        label=dict(zip(keys, df["label_nl"], strict=True)),
        order=dict(zip(keys, df["sort_order"], strict=True)),
        description=dict(zip(keys, df["description_nl"], strict=True)),
    )


def areas() -> pd.DataFrame:
    return query("areas")


def nederland_code() -> str:
    """The area code of Nederland, as the release's pub_areas has it."""
    frame = areas()
    return str(frame.loc[frame["geo_level"] == "nederland", "area_code"].iloc[0])


def years() -> list[int]:
    return [int(y) for y in query("years")["report_year"]]


def member_gemeenten(geo_level: str, area_code: str) -> list[str]:
    """The gemeente codes that make up an area, from pub_areas."""
    return published.member_gemeenten(areas(), geo_level, area_code)


def rules() -> dict[str, str]:
    """The release's rules in Dutch, by name (`geheim`, `afronding`, `bescherming`, ...)."""
    frame = _query(release_token(), "rules", ())
    return {str(n): str(v) for n, v in zip(frame["name"], frame["value"], strict=True)}


def parameters() -> dict[str, str]:
    """The release's rule values by name (`sdc_min_cell`, `sdc_round_base`, `sdc_marker`, ...)."""
    return _parameters(release_token())


@st.cache_resource(max_entries=4, show_spinner=False)
def _parameters(token: str) -> dict[str, str]:
    frame = _query(token, "parameters", ())
    return {str(n): str(v) for n, v in zip(frame["name"], frame["value"], strict=True)}

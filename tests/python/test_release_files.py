"""The release: files, `?` markers, byte-identical output, atomic swap, pruning, audit gate."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from mha.release import PUBLISHED_TABLES, make_release

KEYS = "report_year, geo_level, area_code, group_code, subgroup_code, unit, dimension_code, category_code"


def build_warehouse(path: Path, leak: bool = False) -> None:
    """A tiny warehouse: one gemeente table of a total and three categories, protected by hand.

    Truth: total 58 = koop 23 + corporatie 4 + private_huur 31. The 4 is primary; koop (23) is
    secondary, so that 3 units can move between them: witness 1 raises corporatie by 3 (to 7) and
    lowers koop, witness 2 does the opposite (corporatie 1). With `leak` the primary 4 is published
    (as 5).
    """
    con = duckdb.connect(str(path))
    con.execute("create schema publish")
    rows = [
        (1, "total", "total", 58),
        (2, "tenure", "koop", 23),
        (3, "tenure", "corporatie", 4),
        (4, "tenure", "private_huur", 31),
    ]
    con.execute(
        "create table publish.sdc_cells as select *, true as is_published, n < 10 as is_primary from (values "
        + ", ".join(
            f"({i}, 2021, 'gemeente', 'GM0001', 'elderly', 'total', 'persons', '{d}', '{c}', {n})"
            for i, d, c, n in rows
        )
        + f") as t(cell_id, {KEYS}, n)"
    )
    con.execute(
        "create table publish.sdc_relations as select * from"
        " (values (1, 1, -1), (1, 2, 1), (1, 3, 1), (1, 4, 1)) as t(rel_id, cell_id, coefficient)"
    )
    con.execute(
        "create table publish.sdc_pattern as select * from (values"
        " (1, 'visible', null, null, null, null), (2, 'secondary', null, null, null, null),"
        " (3, 'primary', 1, 2, 'transfer within the class (swap)', 'transfer within the class (swap)'),"
        " (4, 'visible', null, null, null, null))"
        " as t(cell_id, status, up_witness, down_witness, up_method, down_method)"
    )
    con.execute(
        "create table publish.sdc_witnesses as select * from"
        " (values (1, 3, 3.0), (1, 2, -3.0), (2, 3, -3.0), (2, 2, 3.0)) as t(witness_id, cell_id, delta)"
    )
    status = {1: "visible", 2: "geheim", 3: "visible" if leak else "geheim", 4: "visible"}
    value = {1: 60, 2: None, 3: 5 if leak else None, 4: 30}
    published = ", ".join(f"({i}, {'null' if value[i] is None else value[i]}, '{status[i]}')" for i in status)
    con.execute(
        f"""create table publish.pub_counts as
        select {KEYS}, v.value::integer as value, v.status, coalesce(v.value::varchar, '?') as shown
        from publish.sdc_cells join (values {published}) as v(cell_id, value, status) using (cell_id)"""
    )
    con.execute(
        f"""create table publish.pub_derived as
        select {KEYS}, 'share' as measure_code, round(100.0 * value / 60, 1) as value,
            case when value is null then 'geheim' else 'visible' end as status,
            coalesce(printf('%.1f', round(100.0 * value / 60, 1)), '?') as shown
        from publish.pub_counts where dimension_code = 'tenure'"""
    )
    con.execute(
        "create table publish.pub_magnitudes as select 2021 as report_year, 'gemeente' as geo_level,"
        " 'GM0001' as area_code, 'elderly' as group_code, 'total' as subgroup_code, 'households' as unit,"
        " 'disposable_income_mean' as measure_code, null::double as value, 'geheim' as status,"
        " '?' as shown"
    )
    con.execute(
        "create table publish.pub_areas as select 'gemeente' as geo_level, 'GM0001' as area_code,"
        " 'Testdorp' as area_name, 'PV20' as provincie_code, null::varchar as woondealregio_codes,"
        " false as is_indicative"
    )
    con.execute(
        "create table publish.pub_labels as select 'group' as kind, '' as parent_code, 'elderly' as code,"
        " 'Ouderen' as label_nl, null::varchar as description_nl, 1 as sort_order"
    )
    con.execute(
        "create table publish.pub_inputs as select 'taakstelling' as input_code, 'GM0001' as gemeente_code,"
        " 2021 as year, 1 as half_year, 'total' as segment_code, 'total' as plan_status_code,"
        " 'permit_holders' as group_code, 12::bigint as value"
    )
    parameters = [
        ("sdc_min_cell", "10"),
        ("sdc_round_base", "5"),
        ("sdc_protection_p", "3"),
        ("sdc_marker", "?"),
        ("report_years", "2021"),
    ]
    rules = ["geheim", "afronding", "bescherming", "afgeleide_cijfers", "gemiddelden", "publicatieplan"]
    con.execute(
        "create table publish.pub_parameters as select * from (values "
        + ", ".join(f"('parameter', '{k}', '{v}', 'test')" for k, v in parameters)
        + ", "
        + ", ".join(f"('regel', '{r}', 'Regel {r}.', 'test')" for r in rules)
        + ") as t(kind, parameter_code, value, description_nl)"
    )
    con.execute(
        "create table publish.pub_publication_plan as select 'elderly' as group_code,"
        " 'total' as subgroup_code, 'persons' as unit, d as dimension_code, 'gemeente' as geo_level,"
        " 'monitor' as table_kind, 'groot' as group_size, 'test' as description_nl"
        " from (values ('total'), ('tenure')) as t(d)"
    )
    con.close()


@pytest.fixture
def env(tmp_path, monkeypatch, build_marker_stamp):
    wh = tmp_path / "wh.duckdb"
    build_warehouse(wh)
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    (raw / "_generation.json").write_text(json.dumps({"scale": 0.001, "seed": 7}))
    build_marker_stamp(wh, raw)
    return wh, tmp_path / "data", tmp_path / "data" / "publish", raw


def release(env, rid, **kw):
    wh, data, pub, raw = env
    return make_release(wh, data, pub, raw, release_id=rid, log=lambda *_: None, **kw)


def test_files_markers_and_manifest(env):
    folder = release(env, "r1")
    _, _, pub, _ = env
    assert pub.is_symlink() and pub.resolve() == folder.resolve()
    for t in PUBLISHED_TABLES:
        assert (folder / f"{t}.parquet").is_file() and (folder / f"{t}.csv").is_file()
    with (folder / "pub_counts.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    by_cat = {r["category_code"]: r for r in rows}
    assert by_cat["corporatie"]["value"] == "?" and by_cat["koop"]["value"] == "?"
    assert by_cat["total"]["value"] == "60"
    assert all(r["value"] not in ("", "0") for r in rows)
    with (folder / "pub_derived.csv").open() as fh:
        derived = {r["category_code"]: r["value"] for r in csv.DictReader(fh)}
    assert derived["corporatie"] == "?" and derived["private_huur"] == "50.0"
    wb = load_workbook(folder / "monitor.xlsx", read_only=True)
    assert {"Inhoud", "Tekens", "Subgroepen x eigendom", "Gebieden", "Invoer"} <= set(wb.sheetnames)
    header, *rows = wb["Subgroepen x eigendom"].iter_rows(values_only=True)
    assert len(rows) == 1
    values = dict(zip(header, rows[0], strict=True))
    assert values["Gebied"] == "Testdorp" and values["Groep"] == "Ouderen"
    # numbers as numbers, suppressed as `?` (never blank or 0); columns without label keep their code
    assert [values[c] for c in ("Totaal", "koop", "corporatie", "private_huur")] == [60, "?", "?", 30]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["synthetic"] is True and manifest["scale"] == 0.001 and manifest["seed"] == 7
    assert manifest["tables"]["pub_counts"]["rows"] == 4
    assert manifest["audit"]["passed"] is True and manifest["audit"]["primary"] == 1
    assert manifest["disclosure"]["sdc_min_cell"] == "10"
    for name, digest in manifest["files"].items():
        import hashlib

        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest


def test_two_releases_are_byte_identical_and_old_readers_keep_theirs(env):
    first = release(env, "r1")
    _, _, pub, _ = env
    held = pub.resolve()  # a reader that resolved the old release
    before = {p.name: p.read_bytes() for p in held.iterdir()}
    second = release(env, "r2")
    assert pub.resolve() == second.resolve() != held
    # the old release is complete and unchanged while and after the new one is written
    assert {p.name: p.read_bytes() for p in held.iterdir()} == before
    for name in [f"{t}.{ext}" for t in PUBLISHED_TABLES for ext in ("parquet", "csv")] + ["monitor.xlsx"]:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_keeps_the_last_three(env):
    for i in range(5):
        release(env, f"r{i}")
    _, data, pub, _ = env
    assert sorted(p.name for p in (data / "releases").iterdir()) == ["r2", "r3", "r4"]
    assert pub.resolve().name == "r4"


def test_a_leaking_warehouse_is_refused(tmp_path, build_marker_stamp):
    wh = tmp_path / "wh.duckdb"
    build_warehouse(wh, leak=True)
    (tmp_path / "raw").mkdir()
    build_marker_stamp(wh, tmp_path / "raw")
    with pytest.raises(SystemExit, match="audit failed"):
        make_release(
            wh, tmp_path / "data", tmp_path / "data" / "publish", tmp_path / "raw", "x", log=lambda *_: None
        )
    assert not (tmp_path / "data" / "publish").exists()


def test_missing_table_is_named(tmp_path, build_marker_stamp):
    wh = tmp_path / "wh.duckdb"
    duckdb.connect(str(wh)).execute("create schema publish").close()
    (tmp_path / "raw").mkdir()
    build_marker_stamp(wh, tmp_path / "raw")
    with pytest.raises(SystemExit, match="lacks published tables"):
        make_release(
            wh, tmp_path / "d", tmp_path / "d" / "publish", tmp_path / "raw", "x", log=lambda *_: None
        )

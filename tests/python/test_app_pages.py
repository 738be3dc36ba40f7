"""Streamlit AppTest of every page of the app against a fake release (tests/python/fake_release.py).

Expected figures are read straight from the release's Parquet files with DuckDB and formatted here the
way SPEC section 9 writes them (179.060, 5,9%, ? for suppressed), independently of the app's code.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import duckdb
import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from streamlit.testing.v1 import AppTest  # noqa: E402

from fake_release import write_fake_release  # noqa: E402

pytestmark = pytest.mark.app

APP = str(ROOT / "app" / "streamlit_app.py")
PAGES = {
    "overzicht": "Overzicht",
    "gebied": "Gebied",
    "vergelijken": "Vergelijken",
    "kaart": "Kaart",
    "verhuringen": "Verhuringen",
    "databank": "Databank",
    "over_de_cijfers": "Over de cijfers",
}
GEOJSON = ROOT.parent / "shared" / "reference" / "gemeente_2023_gegeneraliseerd_wgs84.geojson"
DUTCH_INT = re.compile(r"^\d{1,3}(\.\d{3})*$")


def dutch_int(value: int) -> str:
    digits = str(int(value))
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return ".".join(groups)


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    return write_fake_release(tmp_path_factory.mktemp("release") / "publish")


def counts(release: Path, where: str, params: list) -> list[tuple]:
    con = duckdb.connect()
    sql = f"select * from read_parquet(?) where {where}"  # the tests' own constant predicates
    return con.execute(sql, [str(release / "pub_counts.parquet"), *params]).fetchall()


def open_app(monkeypatch, publish: Path, page: str | None = None, geojson: Path | None = None) -> AppTest:
    monkeypatch.setenv("MHA_PUBLISH_DIR", str(publish))
    if geojson is None:
        monkeypatch.delenv("MHA_GEOJSON", raising=False)
    else:
        monkeypatch.setenv("MHA_GEOJSON", str(geojson))
    at = AppTest.from_file(APP, default_timeout=60).run()
    if page:
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def frames(at: AppTest) -> list:
    """Every table on the page: static tables first, then data grids, each in page order."""
    return [t.value for t in at.table] + [d.value for d in at.dataframe]


def find_frame(at: AppTest, first_column: str):
    for frame in frames(at):
        if frame.columns[0] == first_column:
            return frame
    raise AssertionError(f"no table with first column {first_column!r}: {[f.columns[0] for f in frames(at)]}")


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_opens_with_title_and_synthetic_note(monkeypatch, release, page):
    at = open_app(monkeypatch, release, page)
    assert PAGES[page] in [t.value.split(":")[0] for t in at.title]
    assert any("Synthetische cijfers" in w.value for w in at.warning), "synthetic note missing"
    assert not len(at.error), [e.value for e in at.error]


def test_overzicht_numbers_in_dutch_format_match_the_release(monkeypatch, release):
    at = open_app(monkeypatch, release, "overzicht")
    (row,) = counts(
        release,
        "area_code = 'GM0599' and report_year = 2023 and group_code = 'population' "
        "and dimension_code = 'total'",
        [],
    )
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Inwoners"] == dutch_int(row[8])
    assert DUTCH_INT.match(metrics["Inwoners"]) and "." in metrics["Inwoners"]
    assert any("31 december 2023" in s.value for s in at.subheader)


def test_gebied_overlap_diagonal_equals_group_totals(monkeypatch, release):
    at = open_app(monkeypatch, release, "gebied")
    persons = find_frame(at, "Aandachtsgroep")  # first table: persons, households, woonruimten per group
    matrix = [f for f in frames(at) if f.columns[0] == "Aandachtsgroep" and "Personen" not in f.columns][0]
    assert len(matrix) == 7
    totals = dict(zip(persons["Aandachtsgroep"], persons["Personen"], strict=True))
    for _, row in matrix.iterrows():
        assert row[row["Aandachtsgroep"]] == totals[row["Aandachtsgroep"]]
    # and the diagonal is the release's own group total, in Dutch format
    (elderly,) = counts(
        release,
        "area_code = 'GM0599' and report_year = 2023 and group_code = 'elderly' and subgroup_code = 'total' "
        "and unit = 'persons' and dimension_code = 'overlap' and category_code = 'elderly'",
        [],
    )
    assert totals["Ouderen"] == dutch_int(elderly[8])


def test_suppressed_cells_show_a_question_mark(monkeypatch, release):
    at = open_app(monkeypatch, release, "gebied")
    at.selectbox(key="w_geo_level").set_value("gemeente").run()
    at.selectbox(key="w_area_gemeente").set_value("GM0096").run()  # Vlieland, about 1.100 inhabitants
    assert not at.exception
    assert at.title[0].value.startswith("Gebied: Vlieland")
    persons = find_frame(at, "Aandachtsgroep")
    hidden = counts(
        release,
        "area_code = 'GM0096' and report_year = 2023 and subgroup_code = 'total' and unit = 'persons' "
        "and dimension_code = 'total' and status <> 'visible'",
        [],
    )
    assert hidden, "the fake release should suppress some Vlieland totals"
    labels = {
        "ex_detainees": "Uitstromers detentie",
        "caravan_dwellers": "Woonwagenbewoners",
        "care_leavers": "Uitstroom intramurale zorg",
        "permit_holders": "Statushouders / vergunninghouders",
        "eu_labour_migrants": "EU-arbeidsmigranten",
        "students": "Studenten",
        "elderly": "Ouderen",
    }
    shown = dict(zip(persons["Aandachtsgroep"], persons["Personen"], strict=True))
    for row in hidden:
        assert shown[labels[row[3]]] == "?"
    assert any("niet gepubliceerd" in c.value for c in at.caption)


def test_switch_year_area_level_and_group(monkeypatch, release):
    at = open_app(monkeypatch, release, "gebied")
    at.selectbox(key="w_year").set_value(2019).run()
    at.selectbox(key="w_geo_level").set_value("provincie").run()
    at.selectbox(key="w_area_provincie").set_value("PV20").run()
    assert not at.exception
    assert at.title[0].value == "Gebied: Groningen (provincie)"
    assert any("31 december 2019" in s.value for s in at.subheader)
    (row,) = counts(
        release,
        "area_code = 'PV20' and report_year = 2019 and group_code = 'students' and subgroup_code = 'total' "
        "and unit = 'persons' and dimension_code = 'total'",
        [],
    )
    persons = find_frame(at, "Aandachtsgroep")
    assert persons.loc[persons["Aandachtsgroep"] == "Studenten", "Personen"].item() == dutch_int(row[8])
    at.selectbox(key="gebied_group").set_value("permit_holders").run()
    assert any("statushouders" in s.value for s in at.subheader)
    trend = find_frame(at, "Groep")
    assert list(trend.columns[1:]) == [str(y) for y in range(2018, 2024)]
    assert "COA 31 december" in trend["Groep"].tolist()
    # the choice is remembered on another page
    at.switch_page("app_pages/verhuringen.py").run()
    assert at.selectbox(key="w_area_provincie").value == "PV20"
    assert at.selectbox(key="w_year").value == 2019


def test_gebied_shares_in_dutch_percentages(monkeypatch, release):
    at = open_app(monkeypatch, release, "gebied")
    at.toggle(key="gebied_share").set_value(True).run()
    table = find_frame(at, "Groep / subgroep")
    values = [v for v in table["Koopwoning"] if v not in {"?", "–"}]
    assert values and all(re.match(r"^\d{1,3},\d%$", v) for v in values)


def test_vergelijken_rates_against_the_reference_level(monkeypatch, release):
    at = open_app(monkeypatch, release, "vergelijken")
    at.multiselect(key="vergelijk_areas").set_value(["GM0599", "GM0014", "GM1950"]).run()
    at.selectbox(key="vergelijk_group").set_value("permit_holders").run()
    at.radio(key="vergelijk_niveau").set_value("provincie").run()
    assert not at.exception
    table = find_frame(at, "Gebied")
    assert table["Gebied"].tolist() == [
        "Rotterdam (gemeente)",
        "Groningen (gemeente)",
        "Westerwolde (gemeente)",
    ]
    assert table["Vergelijkingsgebied"].tolist() == ["Zuid-Holland", "Groningen", "Groningen"]
    con = duckdb.connect()
    (rate,) = con.execute(
        "select value from read_parquet(?) where area_code = 'GM1950' and report_year = 2023 "
        "and group_code = 'permit_holders' and subgroup_code = 'total' and unit = 'persons' "
        "and dimension_code = 'total' and measure_code = 'per_1000_inhabitants'",
        [str(release / "pub_derived.parquet")],
    ).fetchone()
    assert table["Per 1.000 inwoners"].iloc[2] == f"{rate:.1f}".replace(".", ",")


def test_kaart_without_geojson_shows_a_sorted_table(monkeypatch, release):
    at = open_app(monkeypatch, release, "kaart")
    assert any("MHA_GEOJSON" in i.value for i in at.info)
    ranked = find_frame(at, "Rang")
    numbers = [int(v.replace(".", "")) for v in ranked["Aantal"] if v not in {"?", "–"}]
    assert numbers == sorted(numbers, reverse=True) and len(numbers) > 3
    assert not at.get("vega_lite_chart")


@pytest.mark.skipif(not GEOJSON.exists(), reason=f"{GEOJSON} is absent")
def test_kaart_draws_the_choropleth_from_the_geojson(monkeypatch, release):
    at = open_app(monkeypatch, release, "kaart", geojson=GEOJSON)
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    assert len(spec["data"]["values"]) == 342
    assert "geoshape" in json.dumps(spec["mark"] if "mark" in spec else spec)
    at.radio(key="kaart_measure").set_value("per_1000").run()
    assert any("per 1.000 inwoners" in s.value for s in at.subheader)


def test_verhuringen_mutatiegraad_and_taakstelling(monkeypatch, release):
    at = open_app(monkeypatch, release, "verhuringen")
    con = duckdb.connect()
    (rate,) = con.execute(
        "select value from read_parquet(?) where area_code = 'GM0599' and report_year = 2023 "
        "and measure_code = 'mutatiegraad' and group_code = 'all' and category_code = 'corporatie'",
        [str(release / "pub_derived.parquet")],
    ).fetchone()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Mutatiegraad corporatie"] == f"{rate:.1f}".replace(".", ",") + "%"
    task = find_frame(at, "Halfjaar")
    (t1,) = con.execute(
        "select value from read_parquet(?) where input_code = 'taakstelling' and gemeente_code = 'GM0599' "
        "and year = 2023 and half_year = 1",
        [str(release / "pub_inputs.parquet")],
    ).fetchone()
    assert task["Taakstelling (personen)"].iloc[0] == dutch_int(t1)


def test_databank_selection_and_downloads(monkeypatch, release):
    at = open_app(monkeypatch, release, "databank")
    at.selectbox(key="db_indicator").set_value("persons|tenure").run()
    at.multiselect(key="db_groups_persons").set_value(["elderly", "permit_holders"]).run()
    at.multiselect(key="db_areas").set_value(["GM0599", "PV28"]).run()
    at.multiselect(key="db_years").set_value([2021, 2022]).run()
    assert not at.exception
    table = find_frame(at, "Jaar")
    expected = counts(
        release,
        "unit = 'persons' and dimension_code = 'tenure' and report_year in (2021, 2022) "
        "and area_code in ('GM0599', 'PV28') and group_code in ('elderly', 'permit_holders') "
        "and subgroup_code = 'total'",
        [],
    )
    assert len(table) == len(expected) == 2 * 2 * 2 * 5
    assert set(table["Categorie"]) >= {"Koopwoning", "Corporatiewoning", "Private huurwoning"}
    assert [b.proto.label for b in at.get("download_button")] == ["Download CSV", "Download Excel"]


def test_no_release_gives_a_dutch_message(monkeypatch, tmp_path):
    at = open_app(monkeypatch, tmp_path / "nothing-here")
    assert "nog geen release" in at.error[0].value
    at.switch_page("app_pages/kaart.py").run()
    assert not at.exception and "nog geen release" in at.error[0].value


@pytest.mark.parametrize(
    "damage, words",
    [
        ("missing_file", "ontbreekt"),
        ("missing_column", "mist de kolom"),
        ("corrupt_file", "beschadigd"),
        ("corrupt_manifest", "beschadigd"),
    ],
)
def test_damaged_release_gives_a_dutch_message(monkeypatch, release, tmp_path, damage, words):
    broken = tmp_path / "publish"
    shutil.copytree(release, broken)
    if damage == "missing_file":
        (broken / "pub_labels.parquet").unlink()
    elif damage == "missing_column":
        con = duckdb.connect()
        path = str(broken / "pub_counts.parquet")
        rel = con.read_parquet(str(release / "pub_counts.parquet")).project("* exclude (shown)")
        rel.write_parquet(path)
    elif damage == "corrupt_file":
        (broken / "pub_derived.parquet").write_bytes(b"this is not parquet")
    else:
        (broken / "manifest.json").write_text("{not json")
    at = open_app(monkeypatch, broken, "gebied")
    assert at.error, "expected an error message"
    assert words in at.error[0].value
    assert "Traceback" not in at.error[0].value


def test_area_without_data(monkeypatch, release, tmp_path):
    extra = tmp_path / "publish"
    shutil.copytree(release, extra)
    con = duckdb.connect()
    rel = con.sql(
        "select * from read_parquet(?) union all "
        "select 'gemeente', 'GM9999', 'Nieuwe Gemeente', 'PV28', 'WD01', false",
        params=[str(release / "pub_areas.parquet")],
    )
    rel.write_parquet(str(extra / "pub_areas.parquet"))
    at = open_app(monkeypatch, extra, "gebied")
    at.selectbox(key="w_area_gemeente").set_value("GM9999").run()
    assert not at.exception
    assert any("geen cijfers gepubliceerd" in i.value for i in at.info)
    at.switch_page("app_pages/overzicht.py").run()
    assert not at.exception
    assert any("geen cijfers gepubliceerd" in i.value for i in at.info)


def test_downloads_keep_question_marks_and_dutch_decimals():
    sys.path.insert(0, str(ROOT / "app"))
    import io

    import openpyxl
    import pandas as pd

    import downloads

    frame = pd.DataFrame(
        {"gebied": ["Rotterdam", "Vlieland"], "waarde": [0.059, None], "status": ["visible", "primary"],
         "getoond": ["5,9%", "?"]}
    )  # fmt: skip
    text = downloads.to_csv(frame).decode("utf-8-sig").splitlines()
    assert text[0] == "gebied;waarde;status;getoond"
    assert text[1] == "Rotterdam;0,059;visible;5,9%"
    assert text[2] == "Vlieland;;primary;?"
    book = openpyxl.load_workbook(io.BytesIO(downloads.to_excel(frame)))
    assert book.sheetnames == ["Gegevens", "Tekens"]
    assert [c.value for c in book["Gegevens"][3]] == ["Vlieland", None, "primary", "?"]
    assert book["Tekens"]["A2"].value == "?"

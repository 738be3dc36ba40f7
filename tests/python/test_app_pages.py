"""Streamlit AppTest of every page of the app on the real small release that `make test` builds.

Expected figures are read straight from the release's Parquet files with DuckDB and formatted here the
way SPEC section 9 writes them (179.060, 5,9%, ? for a secret cell), independently of the app's code.
Areas are picked from the release by what a test needs (an area with secret cells, a provincie with
figures), not named from a fixture's list.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "app"))

from streamlit.testing.v1 import AppTest  # noqa: E402

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
TOTAL = "subgroup_code = 'total' and dimension_code = 'total' and category_code = 'total'"


def dutch_int(value) -> str:
    return f"{int(value):,}".replace(",", ".")


def dutch_dec(value, digits: int = 1) -> str:
    return f"{value:,.{digits}f}".replace(",", "_").replace(".", ",").replace("_", ".")


def shown_int(value, status) -> str:
    return dutch_int(value) if status == "visible" else "?"


@pytest.fixture(scope="module")
def release(published_release) -> Path:
    return published_release


def sql(release: Path, query: str, params: list | None = None) -> list[tuple]:
    """Run `query` over the release: `counts`, `derived`, `areas` and `labels` are its Parquet files."""
    con = duckdb.connect()
    for name in ("counts", "derived", "areas", "labels"):
        con.execute(f"create view {name} as select * from read_parquet('{release / f'pub_{name}.parquet'}')")
    return con.execute(query, params or []).fetchall()


def light_copy(release: Path, target: Path) -> Path:
    """A copy of the release without its large CSV and Excel files (the app reads Parquet only)."""
    shutil.copytree(release, target, ignore=shutil.ignore_patterns("*.csv", "*.xlsx"))
    return target


def open_app(monkeypatch, publish: Path, page: str | None = None, geojson: Path | None = None, **params):
    monkeypatch.setenv("MHA_PUBLISH_DIR", str(publish))
    if geojson is None:
        monkeypatch.delenv("MHA_GEOJSON", raising=False)
    else:
        monkeypatch.setenv("MHA_GEOJSON", str(geojson))
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def frames(at: AppTest) -> list:
    """Every table on the page: static tables first, then data grids, each in page order."""
    return [t.value for t in at.table] + [d.value for d in at.dataframe]


def find_frame(at: AppTest, first_column: str, having: str | None = None):
    for frame in frames(at):
        if frame.columns[0] == first_column and (having is None or having in frame.columns):
            return frame
    raise AssertionError(f"no table with first column {first_column!r}: {[f.columns[0] for f in frames(at)]}")


def group_labels(release: Path) -> dict[str, str]:
    rows = sql(release, "select code, label_nl from labels where kind = 'group'")
    return dict(rows)


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_opens_with_title_and_synthetic_note(monkeypatch, release, page):
    at = open_app(monkeypatch, release, page)
    assert PAGES[page] in [t.value.split(":")[0] for t in at.title]
    manifest = json.loads((release / "manifest.json").read_text())
    note = next(w.value for w in at.warning if "Synthetische cijfers" in w.value)
    # what the scale means, in words: 0.002 -> "ongeveer 1/500 van de werkelijke"
    assert f"ongeveer 1/{dutch_int(round(1 / manifest['scale']))} van de werkelijke" in note
    assert not len(at.error), [e.value for e in at.error]


def test_overzicht_every_group_and_the_comparison_level(monkeypatch, release):
    at = open_app(monkeypatch, release, "overzicht")
    ((inhabitants, status),) = sql(
        release,
        f"select value, status from counts where area_code = 'GM0599' and report_year = 2023 "
        f"and group_code = 'population' and unit = 'persons' and {TOTAL}",
    )
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Inwoners"] == shown_int(inhabitants, status)
    labels = group_labels(release)
    groups = sql(release, "select code from labels where kind = 'group' and sort_order < 100")
    assert {labels[g] for (g,) in groups} <= set(metrics), "a group without a headline figure"
    # the default vergelijkingsniveau is the provincie: Zuid-Holland beside Rotterdam
    table = find_frame(at, "Aandachtsgroep")
    (pv,) = sql(release, "select provincie_code from areas where area_code = 'GM0599'")[0]
    ((pv_name,),) = sql(release, "select area_name from areas where area_code = ?", [pv])
    assert f"{pv_name}: aantal" in table.columns
    expected = sql(
        release,
        f"select value, status from counts where area_code = ? and report_year = 2023 "
        f"and group_code = 'elderly' and unit = 'persons' and {TOTAL}",
        [pv],
    )[0]
    row = table[table["Aandachtsgroep"] == labels["elderly"]].iloc[0]
    assert row[f"{pv_name}: aantal"] == shown_int(*expected)
    # Nederland as the vergelijkingsniveau
    at.selectbox(key="w_comparison_GM0599").set_value("nederland").run()
    assert "Nederland: aantal" in find_frame(at, "Aandachtsgroep").columns
    assert at.query_params["vergelijk"] == "nederland"


def test_query_parameters_restore_a_shared_view(monkeypatch, release):
    # a provincie, a year and a group, as a shared URL would carry them
    ((pv, pv_name),) = sql(release, "select area_code, area_name from areas where geo_level = 'provincie' "
                                    "order by area_code limit 1")  # fmt: skip
    at = open_app(
        monkeypatch, release, "gebied", niveau="provincie", gebied=pv, jaar="2019", groep="students"
    )
    assert at.selectbox(key="w_geo_level").value == "provincie"
    assert at.selectbox(key="w_area_provincie").value == pv
    assert at.selectbox(key="w_year").value == 2019
    assert at.selectbox(key="gebied_group").value == "students"
    assert at.title[0].value == f"Gebied: {pv_name} (provincie)"
    assert any("31 december 2019" in s.value for s in at.subheader)
    # a choice made on the page goes into the URL
    at.selectbox(key="w_year").set_value(2021).run()
    at.selectbox(key="gebied_group").set_value("elderly").run()
    assert at.query_params["jaar"] == "2021" and at.query_params["groep"] == "elderly"
    assert at.query_params["gebied"] == pv and at.query_params["niveau"] == "provincie"
    # an unknown code in the URL falls back to the default instead of failing
    at = open_app(monkeypatch, release, "gebied", gebied="GM0000", jaar="1999")
    assert at.selectbox(key="w_area_gemeente").value == "GM0599"
    assert at.selectbox(key="w_year").value == max(
        y for (y,) in sql(release, "select report_year from counts")
    )


def test_gebied_overlap_diagonal_and_comparison_beside(monkeypatch, release):
    at = open_app(monkeypatch, release, "gebied")
    persons = find_frame(at, "Aandachtsgroep", having="Personen")
    matrix = next(f for f in frames(at) if f.columns[0] == "Aandachtsgroep" and "Personen" not in f.columns)
    labels = group_labels(release)
    codes = sql(
        release, "select code from labels where kind = 'group' and sort_order < 100 order by sort_order"
    )
    groups = [labels[g] for (g,) in codes]
    # the area's own rows (the comparison area's rows, marked with ↳, follow each of them)
    own = matrix[~matrix["Aandachtsgroep"].str.contains("↳")]
    assert list(own["Aandachtsgroep"]) == groups
    totals = dict(zip(persons["Aandachtsgroep"], persons["Personen"], strict=True))
    for _, row in own.iterrows():
        assert row[row["Aandachtsgroep"]] == totals[row["Aandachtsgroep"]]
    # the provincie's figure beside each of Rotterdam's
    (pv,) = sql(release, "select provincie_code from areas where area_code = 'GM0599'")[0]
    ((pv_name,),) = sql(release, "select area_name from areas where area_code = ?", [pv])
    value, status = sql(
        release,
        f"select value, status from counts where area_code = ? and report_year = 2023 "
        f"and group_code = 'students' "
        f"and unit = 'persons' and {TOTAL}",
        [pv],
    )[0]
    # under each group's row, the same row of the provincie
    row = persons.index[persons["Aandachtsgroep"] == labels["students"]][0]
    below = persons.loc[row + 1]
    assert below["Aandachtsgroep"].strip().endswith(pv_name)
    assert below["Personen"] == shown_int(value, status)
    at.toggle(key="gebied_beside").set_value(False).run()
    persons = find_frame(at, "Aandachtsgroep", having="Personen")
    assert not persons["Aandachtsgroep"].str.contains(pv_name).any()


def test_secret_cells_show_a_question_mark(monkeypatch, release):
    # the gemeente with the most secret group totals in 2023
    ((code, name),) = sql(
        release,
        f"select c.area_code, any_value(a.area_name) from counts c join areas a using (area_code) "
        f"where c.geo_level = 'gemeente' and c.report_year = 2023 and c.unit = 'persons' and {TOTAL} "
        f"and c.status <> 'visible' group by 1 order by count(*) desc, 1 limit 1",
    )
    at = open_app(monkeypatch, release, "gebied", gebied=code)
    assert at.title[0].value.startswith(f"Gebied: {name}")
    persons = find_frame(at, "Aandachtsgroep", having="Personen")
    labels = group_labels(release)
    hidden = sql(
        release,
        f"select group_code from counts where area_code = ? and report_year = 2023 and unit = 'persons' "
        f"and {TOTAL} and status <> 'visible' "
        f"and group_code in (select code from labels where kind = 'group' "
        f"and sort_order < 100)",
        [code],
    )
    assert hidden
    shown = dict(zip(persons["Aandachtsgroep"], persons["Personen"], strict=True))
    for (group,) in hidden:
        assert shown[labels[group]] == "?"
    assert any("geheim" in c.value and "minder dan 10" in c.value for c in at.caption)


def test_empty_and_secret_charts_say_so(monkeypatch, release, tmp_path):
    # an area whose every group total is secret in every year: no empty chart, the word "geheim"
    found = sql(
        release,
        f"select area_code from counts where geo_level = 'gemeente' and unit = 'persons' and {TOTAL} "
        f"and group_code in (select code from labels where kind = 'group' and sort_order < 100) "
        f"group by 1 having bool_and(status <> 'visible') order by 1 limit 1",
    )
    if found:
        at = open_app(monkeypatch, release, "overzicht", gebied=found[0][0])
        assert any("geheim" in i.value for i in at.info)
        assert not at.get("arrow_vega_lite_chart")
    # an area without any figure: "geen cijfers" on Overzicht and Gebied
    extra = light_copy(release, tmp_path / "publish")
    con = duckdb.connect()
    rel = con.sql(
        "select * from read_parquet(?) union all "
        "select 'gemeente', 'GM9999', 'Nieuwe Gemeente', 'PV28', 'WD01', false",
        params=[str(release / "pub_areas.parquet")],
    )
    rel.write_parquet(str(extra / "pub_areas.parquet"))
    at = open_app(monkeypatch, extra, "gebied", gebied="GM9999")
    assert any("geen cijfers gepubliceerd" in i.value for i in at.info)
    at.switch_page("app_pages/overzicht.py").run()
    assert not at.exception
    assert any("geen cijfers gepubliceerd" in i.value for i in at.info)


def test_gebied_shares_and_rates(monkeypatch, release):
    at = open_app(monkeypatch, release, "gebied")
    at.toggle(key="gebied_share").set_value(True).run()
    table = find_frame(at, "Groep / subgroep")
    values = [v for v in table["Koopwoning"] if v not in {"?", "–"}]
    assert values and all(v.endswith("%") and "," in v for v in values)
    persons = find_frame(at, "Aandachtsgroep", having="Personen per 1.000 inwoners")
    labels = group_labels(release)
    value, status = sql(
        release,
        f"select value, status from derived where area_code = 'GM0599' and report_year = 2023 "
        f"and group_code = 'elderly' and unit = 'persons' and measure_code = 'per_1000_inhabitants' "
        f"and {TOTAL}",
    )[0]
    expected = dutch_dec(value) if status == "visible" else "?"
    assert (
        persons[persons["Aandachtsgroep"] == labels["elderly"]]["Personen per 1.000 inwoners"].item()
        == expected
    )


def test_vergelijken_rates_against_the_reference_level(monkeypatch, release):
    at = open_app(monkeypatch, release, "vergelijken")
    gemeenten = sql(
        release,
        "select area_code, area_name, provincie_code from areas where geo_level = 'gemeente' "
        "and area_code in ('GM0599', 'GM0363')",
    )
    at.multiselect(key="vergelijk_areas").set_value([g[0] for g in gemeenten]).run()
    at.radio(key="vergelijk_niveau").set_value("provincie").run()
    table = find_frame(at, "Gebied")
    provincies = dict(sql(release, "select area_code, area_name from areas where geo_level = 'provincie'"))
    assert table["Vergelijkingsgebied"].tolist() == [provincies[g[2]] for g in gemeenten]
    for i, (code, _, _) in enumerate(gemeenten):
        value, status = sql(
            release,
            f"select value, status from derived where area_code = ? and report_year = 2023 and group_code = "
            f"'elderly' and unit = 'persons' and measure_code = 'per_1000_inhabitants' and {TOTAL}",
            [code],
        )[0]
        assert table["Per 1.000 inwoners"].iloc[i] == (dutch_dec(value) if status == "visible" else "?")


def test_kaart_without_geojson_shows_a_sorted_table(monkeypatch, release):
    at = open_app(monkeypatch, release, "kaart", groep="elderly")
    assert any("MHA_GEOJSON" in i.value for i in at.info)
    # woonruimten: at the test scale most gemeenten show the ouderen's (their persons are mostly secret)
    at.selectbox(key="kaart_unit").set_value("dwellings").run()
    ranked = find_frame(at, "Rang")
    numbers = [int(v.replace(".", "")) for v in ranked["Aantal"] if v not in {"?", "–"}]
    (shown,) = sql(
        release,
        "select count(*) from counts where geo_level = 'gemeente' and report_year = 2023"
        f" and group_code = 'elderly' and unit = 'dwellings' and {TOTAL} and status = 'visible'",
    )[0]
    assert numbers == sorted(numbers, reverse=True) and len(numbers) == shown > 3
    assert any("Woonruimten per gemeente: Ouderen" in s.value for s in at.subheader)


@pytest.mark.skipif(not GEOJSON.exists(), reason=f"{GEOJSON} is absent")
def test_kaart_tooltips_show_the_marker_of_secret_gemeenten(monkeypatch, release):
    at = open_app(monkeypatch, release, "kaart", geojson=GEOJSON, groep="ex_detainees")
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    assert len(spec["data"]["values"]) == 342
    grey, coloured = spec["layer"]
    for layer in (grey, coloured):
        assert any(t.get("field") == "getoond" for t in layer["encoding"]["tooltip"])
    # the figures the layers look up: a secret gemeente carries the marker, not a blank
    import pyarrow as pa

    (dataset,) = charts[0].proto.datasets
    figures = pa.ipc.open_stream(dataset.data.data).read_all().to_pandas()
    assert (figures["getoond"] == "?").any() and figures.loc[figures["getoond"] == "?", "waarde"].isna().all()


def test_verhuringen_mutatiegraad(monkeypatch, release):
    at = open_app(monkeypatch, release, "verhuringen")
    value, status = sql(
        release,
        "select value, status from derived where area_code = 'GM0599' and report_year = 2023 "
        "and measure_code = 'mutatiegraad' and group_code = 'all' and category_code = 'corporatie'",
    )[0]
    metrics = {m.label: m.value for m in at.metric}
    ((label,),) = sql(
        release, "select label_nl from labels where parent_code = 'sector' and code = 'corporatie'"
    )
    con = duckdb.connect()
    (task,) = con.execute(
        "select sum(value) from read_parquet(?) where input_code = 'taakstelling' "
        "and gemeente_code = 'GM0599' "
        "and year = 2023 and half_year = 1",
        [str(release / "pub_inputs.parquet")],
    ).fetchone()
    assert find_frame(at, "Halfjaar")["Taakstelling (personen)"].iloc[0] == dutch_int(task)
    assert metrics[f"Mutatiegraad {label.lower()}"] == (
        dutch_dec(value) + "%" if status == "visible" else "?"
    )


def test_databank_follows_the_sidebar_year_and_offers_dutch_downloads(monkeypatch, release):
    at = open_app(monkeypatch, release, "databank", jaar="2020")
    at.selectbox(key="db_indicator").set_value("persons|tenure").run()
    at.multiselect(key="db_groups_persons").set_value(["elderly", "permit_holders"]).run()
    at.multiselect(key="db_areas").set_value(["GM0599", "NL01"]).run()
    table = find_frame(at, "Jaar")
    assert set(table["Jaar"]) == {"2020"}
    expected = sql(
        release,
        "select count(*) from counts where unit = 'persons' and dimension_code = 'tenure' "
        "and report_year = 2020 "
        "and area_code in ('GM0599', 'NL01') and group_code in ('elderly', 'permit_holders') "
        "and subgroup_code = 'total'",
    )[0][0]
    assert len(table) == expected
    assert {"Koopwoning", "Corporatiewoning"} <= set(table["Categorie"])
    assert [b.proto.label for b in at.get("download_button")] == ["Download CSV", "Download Excel"]
    assert at.radio(key="db_shape").options == ["Lang (een rij per jaar)", "Breed (jaren als kolommen)"]


def test_downloads_are_dutch_and_say_what_the_figures_are(release):
    import downloads

    manifest = json.loads((release / "manifest.json").read_text())
    frame = pd.DataFrame(
        {
            "jaar": [2022, 2023, 2022, 2023],
            "gebied": ["Rotterdam", "Rotterdam", "Vlieland", "Vlieland"],
            "waarde": [0.059, 0.061, None, None],
            "geheim": ["nee", "nee", "ja", "ja"],
            "getoond": ["5,9%", "6,1%", "?", "?"],
            "gebied_code": ["GM0599", "GM0599", "GM0096", "GM0096"],
        }
    )
    text = downloads.to_csv(frame).decode("utf-8-sig").splitlines()
    assert text[0] == "jaar;gebied;waarde;geheim;getoond;gebied_code"
    assert text[1] == "2022;Rotterdam;0,059;nee;5,9%;GM0599"
    assert text[3] == "2022;Vlieland;;ja;?;GM0096"
    wide = downloads.wide(frame)
    assert list(wide.columns) == ["gebied", "gebied_code", "2022", "2023"]
    assert wide.iloc[1].tolist() == ["Vlieland", "GM0096", "?", "?"]
    about = downloads.about(manifest, "Personen naar eigendom", 4)
    params = {"sdc_marker": "?", "sdc_min_cell": "10", "sdc_round_base": "5"}
    book = openpyxl.load_workbook(io.BytesIO(downloads.to_excel(frame, about, params)))
    assert book.sheetnames == ["Over dit bestand", "Gegevens", "Tekens"]
    first = {r[0]: r[1] for r in book["Over dit bestand"].iter_rows(min_row=2, values_only=True)}
    assert first["Bron"].startswith("Synthetische cijfers")
    assert f"1/{dutch_int(round(1 / manifest['scale']))} van de werkelijke" in first["Bron"]
    assert first["Release"] == manifest["release_id"]
    assert book["Gegevens"].freeze_panes == "A2" and book["Gegevens"].auto_filter.ref == "A1:F5"
    assert "minder dan 10" in book["Tekens"]["B2"].value


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
    broken = light_copy(release, tmp_path / "publish")
    if damage == "missing_file":
        (broken / "pub_labels.parquet").unlink()
    elif damage == "missing_column":
        con = duckdb.connect()
        rel = con.read_parquet(str(release / "pub_counts.parquet")).project("* exclude (shown)")
        rel.write_parquet(str(broken / "pub_counts.parquet"))
    elif damage == "corrupt_file":
        (broken / "pub_derived.parquet").write_bytes(b"this is not parquet")
    else:
        (broken / "manifest.json").write_text("{not json")
    at = open_app(monkeypatch, broken, "gebied")
    assert at.error, "expected an error message"
    assert words in at.error[0].value
    assert "Traceback" not in at.error[0].value

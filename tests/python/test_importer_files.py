"""The importer turns small .sav and .csv files into the raw Parquet layout, or refuses them clearly."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pyreadstat
import pytest

from mha import damage, importer


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = importer.main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def household_sav(tmp_path):
    frame = pd.DataFrame(
        {
            "RINPERSOONS": ["R", "R", "R"],
            "RINPERSOON": [12345.0, 987654321.0, 7.0],  # numeric in SPSS: must become 9-char strings
            "DatumAanvangHH": pd.to_datetime(["2019-03-01", "2020-01-01", "2017-12-31"]),  # SPSS dates
            "DATUMEINDEHH": ["20191231", "20501231", "20221130"],
            "HUISHOUDNR": ["H1", "H2", "H3"],
            "TYPHH": [1.0, 5.0, 8.0],
            "PLHH": [2.0, 10.0, None],
            "AANTALPERSHH": [1.0, 4.0, 12.0],
            "EXTRA": [1.0, 2.0, 3.0],
        }
    )
    path = tmp_path / "GBAHUISHOUDENS2023BUSV1.sav"
    pyreadstat.write_sav(frame, str(path))
    return path


def test_sav_import_casts_to_layout(tmp_path, household_sav, capsys):
    raw = tmp_path / "raw"
    code, out, err = run(capsys, "--table", "GBAHUISHOUDENSBUS", "--input", household_sav, "--out", raw)
    assert code == 0, err
    path = raw / "GBAHUISHOUDENSBUS.parquet"
    assert f"wrote {path}: 3 rows, 8 columns" in out
    table = pq.read_table(path)
    assert table.schema.field("RINPERSOON").type == pa.string()
    assert table.schema.field("AANTALPERSHH").type == pa.int32()
    assert "EXTRA" not in table.column_names
    rows = table.to_pylist()
    assert [r["RINPERSOON"] for r in rows] == ["000012345", "987654321", "000000007"]
    assert [r["DATUMAANVANGHH"] for r in rows] == ["20190301", "20200101", "20171231"]
    assert [r["TYPHH"] for r in rows] == ["1", "5", "8"]  # no padding for codes 1-8
    assert [r["PLHH"] for r in rows] == ["2", "10", None]
    assert [r["AANTALPERSHH"] for r in rows] == [1, 4, 12]


def test_csv_import_with_mapping_and_leading_zeros(tmp_path, capsys):
    src = tmp_path / "woningtype.csv"
    src.write_text(
        "SOORTOBJECTNUMMER;RINOBJECTNUMMER;VBOWoningtypeCode\nVBO;000000123;1\nVBO;000000124;05\nSTA;9;99\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "mapping.yml"
    mapping.write_text("vbowoningtypecode: VBOWONINGTYPE\n", encoding="utf-8")
    raw = tmp_path / "raw"
    code, out, err = run(
        capsys, "--table", "vbowoningtypetab", "--input", src, "--out", raw, "--mapping", mapping
    )
    assert code == 0, err
    assert "renamed vbowoningtypecode -> VBOWONINGTYPE".lower() in out.lower()
    rows = pq.read_table(raw / "VBOWONINGTYPETAB.parquet").to_pylist()
    assert [r["VBOWONINGTYPE"] for r in rows] == ["01", "05", "99"]
    assert [r["RINOBJECTNUMMER"] for r in rows] == ["000000123", "000000124", "9"]


def test_yearly_table_goes_to_its_year_file_and_needs_a_year(tmp_path, capsys):
    src = tmp_path / "woz.csv"
    src.write_text(
        "SOORTOBJECTNUMMER,RINOBJECTNUMMER,GEBRUIKSCODEWOZ,WOZWAARDE\nVBO,1,10,250000\nVBO,2,20,\n",
        encoding="utf-8",
    )
    raw = tmp_path / "raw"
    code, _, err = run(capsys, "--table", "BAGWOZTAB", "--input", src, "--out", raw)
    assert code == 2 or code == 1
    assert "yearly" in err and "--year" in err
    code, _, err = run(capsys, "--table", "BAGWOZTAB", "--input", src, "--out", raw, "--year", "2023")
    assert code == 0, err
    table = pq.read_table(raw / "BAGWOZTAB" / "BAGWOZTAB_2023.parquet")
    assert table.column("WOZWAARDE").to_pylist() == [250000, None]
    assert table.column("GEBRUIKSCODEWOZ").to_pylist() == ["10", "20"]


def test_missing_column_is_refused_and_nothing_written(tmp_path, capsys):
    src = tmp_path / "deaths.csv"
    src.write_text("RINPERSOONS,RINPERSOON\nR,000000001\n", encoding="utf-8")
    raw = tmp_path / "raw"
    code, _, err = run(capsys, "--table", "GBAOVERLIJDENTAB", "--input", src, "--out", raw)
    assert code == 1
    assert "table GBAOVERLIJDENTAB: missing column(s) GBADATUMOVERLIJDEN" in err
    assert not (raw / "GBAOVERLIJDENTAB.parquet").exists()
    assert not list(raw.glob(".*tmp"))


def test_bad_values_are_refused_with_rows(tmp_path, capsys):
    src = tmp_path / "deaths.csv"
    src.write_text(
        "RINPERSOONS,RINPERSOON,GBADATUMOVERLIJDEN\nR,1,20200115\nR,2,20201341\nR,3,gisteren\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "--table", "GBAOVERLIJDENTAB", "--input", src, "--out", tmp_path / "raw")
    assert code == 1
    assert "table GBAOVERLIJDENTAB, column GBADATUMOVERLIJDEN: 2 value(s) are not dates" in err
    assert "row 2: '20201341'" in err and "row 3: 'gisteren'" in err

    src = tmp_path / "tasks.csv"
    src.write_text(
        "GEMEENTECODE,JAAR,HALFJAAR,TAAKSTELLING\n599,2023,1,10\n0363,2023,2,twaalf\n", encoding="utf-8"
    )
    code, _, err = run(capsys, "--table", "TAAKSTELLINGTAB", "--input", src, "--out", tmp_path / "raw")
    assert code == 1
    assert "column TAAKSTELLING: 1 value(s) cannot be read as integer; e.g. row 2: 'twaalf'" in err


def test_fractional_code_and_too_long_code_are_refused(tmp_path):
    frame = pd.DataFrame({"SOORTOBJECTNUMMER": ["VBO"], "RINOBJECTNUMMER": ["1"], "VBOWONINGTYPE": [1.5]})
    path = tmp_path / "t.sav"
    pyreadstat.write_sav(frame, str(path))
    job = importer.Job("VBOWONINGTYPETAB", path)
    with pytest.raises(importer.ImportRefused, match=r"VBOWONINGTYPE: 1 value\(s\) are not whole numbers"):
        importer.import_file(job, tmp_path / "raw", echo=lambda _: None)
    src = tmp_path / "tasks.csv"
    src.write_text("GEMEENTECODE,JAAR,HALFJAAR,TAAKSTELLING\n12345,2023,1,10\n", encoding="utf-8")
    with pytest.raises(importer.ImportRefused, match="longer than 4 digits"):
        importer.import_file(importer.Job("TAAKSTELLINGTAB", src), tmp_path / "raw", echo=lambda _: None)


def test_unknown_table_is_refused(tmp_path, capsys):
    src = tmp_path / "x.csv"
    src.write_text("A\n1\n", encoding="utf-8")
    code, _, err = run(capsys, "--table", "NOPETAB", "--input", src, "--out", tmp_path / "raw")
    assert code == 1
    assert "unknown raw table 'NOPETAB'" in err and "GBAPERSOONTAB" in err


def test_chunks_and_atomic_replace(tmp_path, capsys):
    src = tmp_path / "tasks.csv"
    lines = ["GEMEENTECODE,JAAR,HALFJAAR,TAAKSTELLING"] + [f"{i:04d},2023,1,{i}" for i in range(1, 26)]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    raw = tmp_path / "raw"
    assert (
        importer.main(
            ["--table", "TAAKSTELLINGTAB", "--input", str(src), "--out", str(raw), "--chunk-rows", "7"]
        )
        == 0
    )
    first = (raw / "TAAKSTELLINGTAB.parquet").read_bytes()
    assert pq.read_table(raw / "TAAKSTELLINGTAB.parquet").num_rows == 25
    # A bad value in a later chunk: refused with the row number in the whole file; old file kept.
    bad = lines[:20] + ["0020,2023,x,5"]
    src.write_text("\n".join(bad) + "\n", encoding="utf-8")
    code = importer.main(
        ["--table", "TAAKSTELLINGTAB", "--input", str(src), "--out", str(raw), "--chunk-rows", "7"]
    )
    assert code == 1
    assert "row 20: 'x'" in capsys.readouterr().err
    assert (raw / "TAAKSTELLINGTAB.parquet").read_bytes() == first
    assert sorted(p.name for p in raw.iterdir()) == ["TAAKSTELLINGTAB.parquet"]


def test_batch_config(tmp_path, household_sav, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "eig.csv").write_text(
        "soortobjectnummer,rinobjectnummer,TypeEigendom,TypeEigenaar\nVBO,1,E,E\nVBO,2,H,W\n",
        encoding="utf-8",
    )
    config = tmp_path / "import.yml"
    config.write_text(
        f"""
out: raw
files:
  - {{table: GBAHUISHOUDENSBUS, input: {household_sav}}}
  - {{table: EIGENDOMTAB, input: in/eig.csv, year: 2022, mapping: {{TypeEigenaar: TYPEIGENAAR}}}}
""",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "--config", config)
    assert code == 0, err
    assert out.count("wrote ") == 2
    eig = pq.read_table(tmp_path / "raw" / "EIGENDOMTAB" / "EIGENDOMTAB_2022.parquet").to_pylist()
    assert eig == [
        {"SOORTOBJECTNUMMER": "VBO", "RINOBJECTNUMMER": "1", "TYPEEIGENDOM": "E", "TYPEIGENAAR": "E"},
        {"SOORTOBJECTNUMMER": "VBO", "RINOBJECTNUMMER": "2", "TYPEEIGENDOM": "H", "TYPEIGENAAR": "W"},
    ]


def test_same_input_gives_identical_bytes(tmp_path, household_sav):
    a = importer.import_file(
        importer.Job("GBAHUISHOUDENSBUS", household_sav), tmp_path / "a", echo=lambda _: None
    )
    b = importer.import_file(
        importer.Job("GBAHUISHOUDENSBUS", household_sav), tmp_path / "b", echo=lambda _: None
    )
    assert a.read_bytes() == b.read_bytes()


def test_spss_date_object_and_open_end(tmp_path):
    frame = pd.DataFrame(
        {
            "RINPERSOONS": ["R", "R"],
            "RINPERSOON": ["000000001", "000000002"],
            "SOORTOBJECTNUMMER": ["VBO", "VBO"],
            "RINOBJECTNUMMER": ["1", "2"],
            "GBADATUMAANVANGADRESHOUDING": [dt.date(2018, 5, 1), dt.date(2019, 1, 2)],
            "GBADATUMEINDEADRESHOUDING": [20501231.0, 20190101.0],
        }
    )
    path = tmp_path / "adres.sav"
    pyreadstat.write_sav(frame, str(path))
    out = importer.import_file(importer.Job("GBAADRESOBJECTBUS", path), tmp_path / "raw", echo=lambda _: None)
    rows = pq.read_table(out).to_pylist()
    assert [r["GBADATUMAANVANGADRESHOUDING"] for r in rows] == ["20180501", "20190102"]
    assert [r["GBADATUMEINDEADRESHOUDING"] for r in rows] == ["20501231", "20190101"]


def test_every_bad_column_is_listed_with_up_to_five_values(tmp_path, capsys):
    """A year 'abcd', a month 13, 30 February, TYPHH-like codes outside the seed: all in one refusal."""
    lines = [
        "RINPERSOONS,RINPERSOON,GBAGEBOORTEJAAR,GBAGEBOORTEMAAND,GBAGEBOORTEDAG,GBAGESLACHT,"
        "GBAHERKOMSTGROEPERING,GBAGENERATIE"
    ]
    lines += [f"R,{i},1980,01,01,1,NL,0" for i in range(1, 4)]
    lines += [f"R,{i},abcd,01,01,1,NL,0" for i in range(4, 11)]  # 7 bad years: 5 shown
    lines += ["R,11,1950,13,01,1,NL,0", "R,12,1950,02,30,1,NL,0"]
    src = tmp_path / "GBAPERSOON2023TABV1.csv"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    raw = tmp_path / "raw"
    code, _, err = run(capsys, "--table", "GBAPERSOONTAB", "--input", src, "--out", raw, "--chunk-rows", "4")
    assert code == 1
    assert (
        "table GBAPERSOONTAB, column GBAGEBOORTEJAAR: 7 value(s) are not a year 'yyyy'; e.g. row 4: 'abcd', "
        "row 5: 'abcd', row 6: 'abcd', row 7: 'abcd', row 8: 'abcd'\n"
    ) in err
    assert "row 9:" not in err.split("GBAGEBOORTEJAAR:")[1].split("\n")[0]
    assert "column GBAGEBOORTEMAAND: 1 value(s) are not a month '01'-'12'; e.g. row 11: '13'" in err
    assert (
        "column GBAGEBOORTEJAAR, GBAGEBOORTEMAAND, GBAGEBOORTEDAG: 1 value(s) are not a real date; "
        "e.g. row 12: '1950-02-30'"
    ) in err
    assert "9 bad value(s) in 3 check(s)" in err
    assert not raw.joinpath("GBAPERSOONTAB.parquet").exists()


def test_codes_outside_the_seed_code_list_are_refused(tmp_path, household_sav):
    frame, _ = pyreadstat.read_sav(str(household_sav))
    frame.loc[0, "TYPHH"] = 42.0
    frame.loc[1, "PLHH"] = 99.0
    bad = tmp_path / "hh.sav"
    pyreadstat.write_sav(frame, str(bad))
    with pytest.raises(importer.ImportRefused) as refused:
        importer.import_file(importer.Job("GBAHUISHOUDENSBUS", bad), tmp_path / "raw", echo=lambda _: None)
    text = str(refused.value)
    assert (
        "table GBAHUISHOUDENSBUS, column TYPHH: 1 value(s) are not in the code list "
        "(seed code_typhh: 1, 2, 3, 4, 5, 6, 7, 8); e.g. row 1: 42"
    ) in text
    assert "column PLHH: 1 value(s) are not in the code list (seed code_plhh: 1, 10, 2," in text
    assert "e.g. row 2: 99" in text


def test_a_bad_spss_date_number_is_shown_as_the_number(tmp_path):
    frame = pd.DataFrame(
        {
            "RINPERSOONS": ["R", "R"],
            "RINPERSOON": ["1", "2"],
            "GBADATUMOVERLIJDEN": [20230105.0, 20231399.0],
        }
    )
    path = tmp_path / "dood.sav"
    pyreadstat.write_sav(frame, str(path))
    with pytest.raises(importer.ImportRefused, match=r"e\.g\. row 2: 20231399$"):
        importer.import_file(importer.Job("GBAOVERLIJDENTAB", path), tmp_path / "raw", echo=lambda _: None)


@pytest.mark.parametrize(
    ("year", "name", "says"),
    [
        (1999, "woz.csv", "--year 1999 is not a file year of this monitor (2017-2024"),
        (3024, "woz.csv", "--year 3024 is not a file year of this monitor"),
        (
            2022,
            "BAGWOZTAB2023V1.csv",
            "--year 2022, but the input file BAGWOZTAB2023V1.csv is named for 2023",
        ),
    ],
)
def test_the_file_year_is_checked(tmp_path, year, name, says):
    src = tmp_path / name
    src.write_text(
        "SOORTOBJECTNUMMER,RINOBJECTNUMMER,GEBRUIKSCODEWOZ,WOZWAARDE\nVBO,1,10,250000\n", encoding="utf-8"
    )
    job = importer.Job("BAGWOZTAB", src, year=year)
    with pytest.raises(importer.ImportRefused, match=re.escape(says)):
        importer.import_file(job, tmp_path / "raw", echo=lambda _: None)
    assert not (tmp_path / "raw" / "BAGWOZTAB").exists() or not any(
        (tmp_path / "raw" / "BAGWOZTAB").iterdir()
    )
    good = importer.Job("BAGWOZTAB", src, year=2023 if "2023" in name else 2022)
    assert importer.import_file(good, tmp_path / "raw", echo=lambda _: None).is_file()


def test_a_corrupt_sav_does_not_stop_the_others_nor_replace_a_good_file(handmade_raw, tmp_path, capsys):
    """The damage corpus case `corrupt_sav`: a good .sav and one cut off half-way in one config."""
    inputs = tmp_path / "inputs"
    damage.apply(handmade_raw, inputs, "corrupt_sav")
    raw = tmp_path / "raw"
    shutil.copytree(handmade_raw, raw)
    before = (raw / "VBOWONINGTYPETAB.parquet").read_bytes()
    (raw / "GBAOVERLIJDENTAB.parquet").unlink()
    code, out, err = run(capsys, "--config", inputs / "import.yml", "--out", raw)
    assert code == 1
    assert "wrote " in out and "GBAOVERLIJDENTAB.parquet: 1 rows" in out
    assert "table VBOWONINGTYPETAB: cannot read input VBOWONINGTYPETAB.sav as sav:" in err
    assert "1 of 2 file(s) refused" in err and "refused: VBOWONINGTYPETAB from" in err
    assert "Traceback" not in err
    assert (raw / "VBOWONINGTYPETAB.parquet").read_bytes() == before
    assert pq.read_table(raw / "GBAOVERLIJDENTAB.parquet").equals(
        pq.read_table(handmade_raw / "GBAOVERLIJDENTAB.parquet")
    )
    assert sorted(p.name for p in raw.glob(".*")) == []


def test_an_unexpected_error_in_one_file_is_reported_and_the_next_file_imported(
    tmp_path, monkeypatch, capsys
):
    good = tmp_path / "a.csv"
    good.write_text("RINPERSOONS,RINPERSOON,GBADATUMOVERLIJDEN\nR,1,20200101\n", encoding="utf-8")
    config = tmp_path / "import.yml"
    config.write_text(
        "files:\n  - {table: VBOWONINGTYPETAB, input: a.csv}\n  - {table: GBAOVERLIJDENTAB, input: a.csv}\n",
        encoding="utf-8",
    )
    real = importer.match_columns

    def surprise(table, columns, mapping):
        if table.name == "VBOWONINGTYPETAB":
            raise RuntimeError("disk on fire")
        return real(table, columns, mapping)

    monkeypatch.setattr(importer, "match_columns", surprise)
    code, out, err = run(capsys, "--config", config, "--out", tmp_path / "raw")
    assert code == 1
    assert "table VBOWONINGTYPETAB: unexpected RuntimeError: disk on fire" in err
    assert "GBAOVERLIJDENTAB.parquet: 1 rows" in out

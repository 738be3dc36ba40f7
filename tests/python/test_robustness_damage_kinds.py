"""`mha damage` changes exactly one thing in a copy of the raw set, the same way every time (no dbt)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mha import damage


def digests(raw: Path) -> dict[str, str]:
    return {
        str(p.relative_to(raw)): hashlib.sha256(p.read_bytes()).hexdigest() for p in raw.rglob("*.parquet")
    }


def changed_files(clean: Path, damaged: Path) -> set[str]:
    before, after = digests(clean), digests(damaged)
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


CHANGED = [
    ("duplicate_rows", "GBAPERSOONTAB.parquet"),
    ("unknown_code", "GBAHUISHOUDENSBUS.parquet"),
    ("overlapping_spells", "GBAADRESOBJECTBUS.parquet"),
    ("inverted_spell", "GBAHUISHOUDENSBUS.parquet"),
    ("bad_date", "GBAPERSOONTAB.parquet"),
    ("bad_identifier", "GBAADRESOBJECTBUS.parquet"),
    ("missing_column", "VBOWONINGTYPETAB.parquet"),
    ("wrong_type", "GBAHUISHOUDENSBUS.parquet"),
    ("missing_file", "EIGENDOMTAB/EIGENDOMTAB_2021.parquet"),
    ("empty_table", "GBAOVERLIJDENTAB.parquet"),
    ("shrinking_table", "EIGENDOMTAB/EIGENDOMTAB_2021.parquet"),
    ("empty_yearly_file", "HUURTAB/HUURTAB_2021.parquet"),
    ("not_parquet", "GBAPERSOONTAB.parquet"),
    ("stray_file", "HUURTAB/HUURTAB_2022_old.parquet"),
    ("negative_rent", "HUURTAB/HUURTAB_2022.parquet"),
    ("absurd_value", "BAGWOZTAB/BAGWOZTAB_2022.parquet"),
    ("non_date_birth_year", "GBAPERSOONTAB.parquet"),
    ("date_out_of_range", "GBAOVERLIJDENTAB.parquet"),
    ("enrolment_outside_year", "ONDERWIJSINSCHRTAB/ONDERWIJSINSCHRTAB_2020.parquet"),
    ("old_gemeente_code", "TAAKSTELLINGTAB.parquet"),
    ("split_gemeente_code", "TAAKSTELLINGTAB.parquet"),
    ("split_without_share", "PLANCAPACITEITTAB.parquet"),
    ("ceased_gemeente_code", "AFSPRAKENTAB.parquet"),
]


@pytest.mark.parametrize(("kind", "changed"), CHANGED)
def test_each_kind_changes_one_file_deterministically(kind, changed, handmade_raw, tmp_path):
    first = damage.apply(handmade_raw, tmp_path / "a", kind)
    second = damage.apply(handmade_raw, tmp_path / "b", kind)
    assert changed_files(handmade_raw, tmp_path / "a") == {changed}
    assert digests(tmp_path / "a") == digests(tmp_path / "b")
    assert first == second


def read(raw: Path, name: str) -> pa.Table:
    return pq.read_table(raw / f"{name}.parquet")


def test_duplicate_rows_repeats_one_person(handmade_raw, tmp_path):
    done = damage.apply(handmade_raw, tmp_path / "d", "duplicate_rows")
    persons = read(tmp_path / "d", "GBAPERSOONTAB").column("RINPERSOON").to_pylist()
    assert len(persons) == 3
    assert persons.count(done.example) == 2


def test_unknown_code_sets_one_typhh_to_99(handmade_raw, tmp_path):
    damage.apply(handmade_raw, tmp_path / "d", "unknown_code")
    assert read(tmp_path / "d", "GBAHUISHOUDENSBUS").column("TYPHH").to_pylist() == ["99", "1"]


def test_overlapping_spells_adds_a_spell_inside_another(handmade_raw, tmp_path):
    done = damage.apply(handmade_raw, tmp_path / "d", "overlapping_spells")
    spells = [
        row
        for row in read(tmp_path / "d", "GBAADRESOBJECTBUS").to_pylist()
        if row["RINPERSOON"] == done.example and row["GBADATUMAANVANGADRESHOUDING"].startswith("2017")
    ]
    starts_ends = sorted((r["GBADATUMAANVANGADRESHOUDING"], r["GBADATUMEINDEADRESHOUDING"]) for r in spells)
    assert starts_ends == [("20170101", "20220615"), ("20170102", "20220615")]


def test_inverted_spell_swaps_a_closed_spell(handmade_raw, tmp_path):
    damage.apply(handmade_raw, tmp_path / "d", "inverted_spell")
    table = read(tmp_path / "d", "GBAHUISHOUDENSBUS")
    spells = list(
        zip(table.column("DATUMAANVANGHH").to_pylist(), table.column("DATUMEINDEHH").to_pylist(), strict=True)
    )
    assert spells == [("20220615", "20170101"), ("20170101", "20501231")]


def test_bad_date_and_bad_identifier(handmade_raw, tmp_path):
    done = damage.apply(handmade_raw, tmp_path / "d", "bad_date")
    assert read(tmp_path / "d", "GBAPERSOONTAB").column("GBAGEBOORTEJAAR").to_pylist() == ["abcd", "1990"]
    assert done.example == "abcd"
    done = damage.apply(handmade_raw, tmp_path / "i", "bad_identifier")
    persons = read(tmp_path / "i", "GBAADRESOBJECTBUS").column("RINPERSOON").to_pylist()
    assert persons == ["00000000X", "000000002", "000000002"]
    assert done.example == "00000000X"


def test_missing_column_and_wrong_type(handmade_raw, tmp_path):
    damage.apply(handmade_raw, tmp_path / "c", "missing_column")
    assert "VBOWONINGTYPE" not in read(tmp_path / "c", "VBOWONINGTYPETAB").column_names
    damage.apply(handmade_raw, tmp_path / "t", "wrong_type")
    size = read(tmp_path / "t", "GBAHUISHOUDENSBUS").column("AANTALPERSHH")
    assert size.type == pa.string()
    assert size.to_pylist() == ["1", "1"]


def test_refuses_a_non_empty_output_and_an_unknown_kind(handmade_raw, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("keep me")
    with pytest.raises(damage.DamageError, match="not empty"):
        damage.apply(handmade_raw, tmp_path / "full", "duplicate_rows")
    with pytest.raises(ValueError, match="unknown damage kind"):
        damage.apply(handmade_raw, tmp_path / "new", "gremlins")


def test_cli(handmade_raw, tmp_path, capsys):
    assert (
        damage.main(["--in", str(handmade_raw), "--out", str(tmp_path / "d"), "--kind", "missing_file"]) == 0
    )
    assert "EIGENDOMTAB_2021.parquet deleted" in capsys.readouterr().out
    assert not (tmp_path / "d" / "EIGENDOMTAB" / "EIGENDOMTAB_2021.parquet").exists()
    assert (
        damage.main(["--in", str(tmp_path / "nope"), "--out", str(tmp_path / "e"), "--kind", "wrong_type"])
        == 1
    )
    with pytest.raises(SystemExit):
        damage.main(["--in", str(handmade_raw), "--out", str(tmp_path / "f"), "--kind", "gremlins"])


def test_every_kind_is_listed_above():
    assert {kind for kind, _ in CHANGED} == set(damage.KINDS)


def test_value_damage_sets_the_documented_values(handmade_raw, tmp_path):
    damage.apply(handmade_raw, tmp_path / "r", "negative_rent")
    assert pq.read_table(tmp_path / "r" / "HUURTAB" / "HUURTAB_2022.parquet").column(
        "KALEHUUR"
    ).to_pylist() == [-450.0]
    damage.apply(handmade_raw, tmp_path / "w", "absurd_value")
    woz = pq.read_table(tmp_path / "w" / "BAGWOZTAB" / "BAGWOZTAB_2022.parquet").column("WOZWAARDE")
    assert woz.to_pylist() == [2_000_000_000]
    done = damage.apply(handmade_raw, tmp_path / "b", "non_date_birth_year")
    years = read(tmp_path / "b", "GBAPERSOONTAB").column("GBAGEBOORTEJAAR").to_pylist()
    assert years == ["abcd", "1990"] and done.example == "abcd"


def test_input_damage_appends_one_row(handmade_raw, tmp_path):
    damage.apply(handmade_raw, tmp_path / "o", "old_gemeente_code")
    rows = read(tmp_path / "o", "TAAKSTELLINGTAB").to_pylist()
    assert rows[-1] == {"GEMEENTECODE": "1987", "JAAR": 2017, "HALFJAAR": 2, "TAAKSTELLING": 7}
    assert len(rows) == 3


def test_file_damage(handmade_raw, tmp_path):
    damage.apply(handmade_raw, tmp_path / "n", "not_parquet")
    assert (tmp_path / "n" / "GBAPERSOONTAB.parquet").read_text().startswith("RINPERSOONS,RINPERSOON,")
    damage.apply(handmade_raw, tmp_path / "s", "stray_file")
    folder = tmp_path / "s" / "HUURTAB"
    assert (folder / "HUURTAB_2022_old.parquet").read_bytes() == (
        folder / "HUURTAB_2022.parquet"
    ).read_bytes()
    damage.apply(handmade_raw, tmp_path / "e", "empty_table")
    assert read(tmp_path / "e", "GBAOVERLIJDENTAB").num_rows == 0
    assert read(tmp_path / "e", "GBAOVERLIJDENTAB").schema == read(handmade_raw, "GBAOVERLIJDENTAB").schema

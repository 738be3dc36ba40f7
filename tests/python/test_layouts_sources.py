"""mha.layouts reads the dbt sources YAML into table layouts with Arrow types and file paths."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from mha import layouts

# Tables the architecture names; the YAML must define at least these.
EXPECTED_TABLES = {
    "GBAPERSOONTAB",
    "GBAOVERLIJDENTAB",
    "GBAADRESOBJECTBUS",
    "GBAHUISHOUDENSBUS",
    "VSLGWBTAB",
    "LEVCYCLWOONNIETWOONBUS",
    "VBOWONINGTYPETAB",
    "BAGWOZTAB",
    "EIGENDOMTAB",
    "HUURTAB",
    "KOPPELPERSOONHUISHOUDEN",
    "INHATAB",
    "ONDERWIJSINSCHRTAB",
    "GEDETINEERDENTAB",
    "TAAKSTELLINGTAB",
    "PLANCAPACITEITTAB",
    "AFSPRAKENTAB",
}


def test_every_expected_table_is_defined():
    tables = layouts.load_tables()
    assert EXPECTED_TABLES <= set(tables)
    assert {t.source for t in tables.values()} == {"cbs", "inputs"}


def test_every_column_has_a_known_type_and_description():
    for t in layouts.load_tables().values():
        assert t.columns, t.name
        for col in t.columns:
            assert col.data_type in {"varchar", "integer", "bigint", "double", "date"}, (t.name, col)
            assert col.description, (t.name, col.name)
        schema = t.arrow_schema()
        assert schema.names == list(t.column_names)


def test_arrow_schema_maps_types():
    inha = layouts.table("INHATAB")
    schema = inha.arrow_schema()
    assert schema.field("RINPERSOONHKW").type == pa.string()
    assert schema.field("INHBESTINKH").type == pa.int32()
    assert layouts.table("HUURTAB").arrow_schema().field("KALEHUUR").type == pa.float64()


def test_yearly_flags_and_paths():
    woz = layouts.table("BAGWOZTAB")
    assert woz.yearly and not woz.stand_in and woz.cbs_table == "BAGWOZTAB"
    assert woz.path("/r", 2023) == Path("/r/BAGWOZTAB/BAGWOZTAB_2023.parquet")
    persons = layouts.table("GBAPERSOONTAB")
    assert not persons.yearly
    assert persons.path(Path("/r")) == Path("/r/GBAPERSOONTAB.parquet")
    assert layouts.table("HUURTAB").stand_in
    with pytest.raises(ValueError, match="yearly"):
        woz.path("/r")
    with pytest.raises(ValueError, match="not yearly"):
        persons.path("/r", 2023)


def test_table_lookup_is_case_insensitive_and_unknown_is_clear():
    assert layouts.table("gbapersoontab").name == "GBAPERSOONTAB"
    with pytest.raises(KeyError, match="unknown raw table 'NOPE'"):
        layouts.table("NOPE")


def test_vslgwbtab_keeps_lowercase_year_columns():
    assert "gem2023" in layouts.table("VSLGWBTAB").column_names


def test_unknown_type_raises_a_clear_error():
    text = """
sources:
  - name: cbs
    tables:
      - name: T
        columns:
          - {name: A, data_type: varchar, description: ok}
          - {name: B, data_type: tinyblob, description: bad}
"""
    with pytest.raises(layouts.LayoutError, match=r"table T column B: unknown data_type 'tinyblob'"):
        layouts.parse_sources(text, origin="x.yml")
    with pytest.raises(layouts.LayoutError, match="unknown data_type"):
        layouts.arrow_type("text")


def test_missing_type_and_duplicate_column_are_refused():
    no_type = "sources: [{name: s, tables: [{name: T, columns: [{name: A}]}]}]"
    with pytest.raises(layouts.LayoutError, match="no data_type"):
        layouts.parse_sources(no_type)
    dup = (
        "sources: [{name: s, tables: [{name: T, columns: "
        "[{name: A, data_type: integer}, {name: A, data_type: integer}]}]}]"
    )
    with pytest.raises(layouts.LayoutError, match="repeats columns"):
        layouts.parse_sources(dup)


def test_parse_reads_meta():
    text = """
sources:
  - name: inputs
    tables:
      - name: T
        description: d
        meta: {cbs_table: TT, stand_in: true, yearly: true}
        columns:
          - {name: A, data_type: BIGINT, description: x}
          - {name: D, data_type: date, description: y}
"""
    t = layouts.parse_sources(text)["T"]
    assert (t.source, t.cbs_table, t.stand_in, t.yearly) == ("inputs", "TT", True, True)
    assert t.arrow_schema() == pa.schema([("A", pa.int64()), ("D", pa.date32())])
    assert t.column("D").data_type == "date"
    with pytest.raises(KeyError, match="no column 'Z'"):
        t.column("Z")

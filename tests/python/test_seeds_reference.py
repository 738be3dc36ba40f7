"""The reference seeds: counts, keys, internal consistency, SPEC limits and (when present) the facts."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
SEEDS = PROJECT / "seeds" / "reference"
REFERENCE = PROJECT.parent / "shared" / "reference"


def rows(name: str) -> list[dict[str, str]]:
    with (SEEDS / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_342_gemeenten_with_consistent_codes():
    gemeenten = rows("gemeenten")
    assert len(gemeenten) == 342
    assert len({g["gemeente_code"] for g in gemeenten}) == 342
    for g in gemeenten:
        assert len(g["gemeente_code4"]) == 4 and g["gemeente_code4"].isdigit(), g
        assert g["gemeente_code"] == "GM" + g["gemeente_code4"], g
        assert g["gemeente_name"], g


def test_every_gemeente_in_one_of_12_provincies():
    provincies = {p["provincie_code"]: p["provincie_name"] for p in rows("provincies")}
    assert sorted(provincies) == [f"PV{n}" for n in range(20, 32)]
    per_pv = Counter(g["provincie_code"] for g in rows("gemeenten"))
    assert set(per_pv) <= set(provincies)
    # CBS 2023: Groningen 10, Fryslân 18, Drenthe 12, ..., Limburg 31.
    assert per_pv == {
        "PV20": 10, "PV21": 18, "PV22": 12, "PV23": 25, "PV24": 6, "PV25": 51,
        "PV26": 26, "PV27": 44, "PV28": 50, "PV29": 13, "PV30": 56, "PV31": 31,
    }  # fmt: skip
    assert provincies["PV21"] == "Fryslân" and provincies["PV28"] == "Zuid-Holland"


def test_known_gemeenten():
    by_code = {g["gemeente_code"]: g for g in rows("gemeenten")}
    assert by_code["GM0599"]["gemeente_name"] == "Rotterdam"
    assert by_code["GM0599"]["provincie_code"] == "PV28"
    assert by_code["GM0363"]["gemeente_name"] == "Amsterdam"
    assert by_code["GM1992"]["gemeente_name"] == "Voorne aan Zee"
    assert by_code["GM1961"]["provincie_code"] == "PV26"  # Vijfheerenlanden is in Utrecht
    assert "GM0457" not in by_code  # Weesp joined Amsterdam in 2022


def test_gemeenten_per_year_counts_and_2023_equals_seed():
    per_year = defaultdict(set)
    for r in rows("gemeenten_per_year"):
        per_year[int(r["year"])].add(r["gemeente_code"])
    counts = {y: len(c) for y, c in per_year.items()}
    assert counts == {2018: 380, 2019: 355, 2020: 355, 2021: 352, 2022: 345, 2023: 342, 2024: 342}
    current = {g["gemeente_code"] for g in rows("gemeenten")}
    assert per_year[2023] == current == per_year[2024]
    assert "GM0457" in per_year[2022]


def test_herindelingen_explain_the_year_to_year_changes():
    per_year = defaultdict(set)
    for r in rows("gemeenten_per_year"):
        per_year[int(r["year"])].add(r["gemeente_code"])
    changes = rows("herindelingen")
    assert {c["kind"] for c in changes} == {"merger", "split"}
    for year in range(2019, 2024):
        window = [c for c in changes if f"{year - 1}-01-01" < c["effective_date"] <= f"{year}-01-01"]
        gone = per_year[year - 1] - per_year[year]
        new = per_year[year] - per_year[year - 1]
        assert {c["old_gemeente_code"] for c in window} == gone, year
        assert new <= {c["new_gemeente_code"] for c in window}, year
        assert {c["new_gemeente_code"] for c in window} <= per_year[year], year
    haaren = {c["new_gemeente_code"] for c in changes if c["old_gemeente_code"] == "GM0788"}
    assert haaren == {"GM0757", "GM0824", "GM0855", "GM0865"}


def test_split_shares_are_complete_or_absent():
    """A split has a share for every receiving gemeente summing to 1, or none (its inputs are refused)."""
    shares = defaultdict(dict)
    for c in rows("herindelingen"):
        if c["kind"] == "merger":
            assert c["split_share"] == "", c
        else:
            shares[c["old_gemeente_code"]][c["new_gemeente_code"]] = c["split_share"]
    assert set(shares) == {"GM0140", "GM0788"}
    assert set(shares["GM0140"].values()) == {""}
    # Haaren by the villages each gemeente received (seeds/reference/README.md), typed here by hand.
    assert shares["GM0788"] == {"GM0824": "0.40", "GM0865": "0.35", "GM0757": "0.17", "GM0855": "0.08"}


def test_limits_equal_spec_section_6():
    # Typed from SPEC section 6, not from the seed.
    expected = {
        2018: (417.34, 597.30, 640.14, 710.68, 265000),
        2019: (424.44, 607.46, 651.03, 720.42, 290000),
        2020: (432.51, 619.01, 663.40, 737.14, 310000),
        2021: (442.46, 633.25, 678.66, 752.33, 325000),
        2022: (442.46, 633.25, 678.66, 763.47, 355000),
        2023: (452.20, 647.19, 693.60, 808.06, 405000),
        2024: (454.47, 650.43, 697.07, 879.66, 435000),
    }
    cols = (
        "kwaliteitskortingsgrens",
        "lage_aftoppingsgrens",
        "hoge_aftoppingsgrens",
        "liberalisatiegrens",
        "nhg_kostengrens",
    )
    got = {int(r["year"]): tuple(float(r[c]) for c in cols) for r in rows("limits")}
    assert got == {y: tuple(float(v) for v in vals) for y, vals in expected.items()}


def test_population_totals_and_coverage():
    current = {g["gemeente_code"] for g in rows("gemeenten")}
    by_year = defaultdict(dict)
    for r in rows("gemeente_population"):
        by_year[int(r["year"])][r["gemeente_code"]] = int(r["inhabitants"])
    assert sorted(by_year) == [2019, 2022, 2023, 2024]
    for year, pop in by_year.items():
        assert set(pop) == current, year
        assert all(v > 0 for v in pop.values()), year
    # National totals on 1 January (CBS): the aggregation to 2023 boundaries must keep them.
    totals = {2019: 17_282_163, 2022: 17_590_672, 2023: 17_811_291, 2024: 17_942_942}
    assert {y: sum(p.values()) for y, p in by_year.items()} == totals
    # Amsterdam 2019 in 2023 boundaries includes Weesp: more than Amsterdam's own 862,965.
    assert by_year[2019]["GM0363"] > 862_965 + 15_000
    # Haaren's 14,195 inhabitants of 2019 went to four gemeenten: none of them lost people.
    assert by_year[2019]["GM0865"] > 26_396 and by_year[2019]["GM0757"] > 30_747


def test_calibration_matches_population_and_is_plausible():
    pop = {(r["year"], r["gemeente_code"]): r["inhabitants"] for r in rows("gemeente_population")}
    cal = rows("gemeente_calibration")
    assert len(cal) == 3 * 342
    for r in cal:
        assert r["inhabitants"] == pop[(r["year"], r["gemeente_code"])]
        ages = [
            float(r[c]) for c in ("p_age_00_14", "p_age_15_24", "p_age_25_44", "p_age_45_64", "p_age_65_plus")
        ]
        assert 97 <= sum(ages) <= 103, r
        if r["p_owner_occupied"] and r["p_rented"]:
            assert 90 <= float(r["p_owner_occupied"]) + float(r["p_rented"]) <= 101, r
        assert 1.0 < float(r["avg_household_size"]) < 4.0, r
    corp_2022 = [r for r in cal if r["year"] == "2022" and r["p_corporation"]]
    assert len(corp_2022) == 342


def test_woondeals_cover_every_gemeente_and_flag_sources():
    current = {g["gemeente_code"] for g in rows("gemeenten")}
    regions = {r["woondealregio_code"]: r for r in rows("woondealregios")}
    assert 30 <= len(regions) <= 40
    members = rows("woondealregio_gemeenten")
    assert {m["gemeente_code"] for m in members} == current
    assert {m["woondealregio_code"] for m in members} == set(regions)
    for m in members:
        assert m["is_sourced"] in {"true", "false"}
        assert (m["is_sourced"] == "true") == m["source_url"].startswith("https://"), m
    assert sum(m["is_sourced"] == "true" for m in members) == 72
    assert sum(r["is_sourced"] == "true" for r in regions.values()) == 17
    in_two = Counter(m["gemeente_code"] for m in members)
    assert in_two["GM0203"] == 2 and in_two["GM0267"] == 2  # Barneveld, Nijkerk


def test_code_lists_keep_leading_zeros_and_derived_columns():
    assert [r["code"] for r in rows("code_vbowoningtype")] == ["01", "02", "03", "04", "05", "99"]
    assert {r["code"]: r["bouwvorm"] for r in rows("code_vbowoningtype")}["05"] == "meergezins"
    assert [r["code"] for r in rows("code_typhh")] == [str(i) for i in range(1, 9)]
    assert [r["code"] for r in rows("code_plhh")] == [str(i) for i in range(1, 11)]
    tenure = {r["code"]: r["tenure"] for r in rows("code_typeigenaar")}
    assert tenure == {"E": "koop", "W": "corporatie", "O": "private_huur", "X": "onbekend"}
    dwelling = {r["code"]: r["is_dwelling"] for r in rows("code_gebruikscodewoz")}
    assert [c for c, v in dwelling.items() if v == "true"] == ["10", "11", "12"]
    assert set(dwelling) == {"10", "11", "12", "20", "21", "30", "31", "40"}
    assert {r["code"]: r["has_housing_benefit"] for r in rows("code_inhehalgr")}["3"] == "true"
    nat = {r["code"]: r["is_eu_efta"] for r in rows("code_nationalities")}
    assert sum(v == "true" for v in nat.values()) == 31  # EU 27 + EFTA 4
    for code in (
        "SY",
        "ER",
        "AF",
        "TR",
        "MA",
        "IR",
        "IQ",
        "SO",
        "YE",
        "UA",
        "CN",
        "IN",
        "US",
        "GB",
        "ID",
        "SR",
    ):
        assert nat[code] == "false", code
    assert nat["NL"] == nat["PL"] == nat["NO"] == "true"
    assert {r["code"] for r in rows("code_secm")} == {"11", "12", "13", "21", "24", "26", "31"}
    assert {r["code"] for r in rows("code_care_types")} == {"BW", "JZ", "MO", "GGZ", "OGA"}
    assert {r["code"] for r in rows("code_education_levels")} == {"PO", "VO", "MBO", "HBO", "WO"}
    assert {r["code"] for r in rows("code_object_kinds")} == {"VBO", "STA", "LIG"}
    assert {r["code"] for r in rows("code_typeeigendom")} == {"E", "H", "O"}


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared reference folder not present")
def test_gemeenten_equal_the_cbs_reference_list():
    with (REFERENCE / "cbs_gemeenten_alfabetisch_2023.csv").open(encoding="utf-8-sig", newline="") as fh:
        ref = {
            r["GemeentecodeGM"]: (r["Gemeentecode"], r["Gemeentenaam"], r["ProvinciecodePV"])
            for r in csv.DictReader(fh)
        }
    ours = {
        g["gemeente_code"]: (g["gemeente_code4"], g["gemeente_name"], g["provincie_code"])
        for g in rows("gemeenten")
    }
    assert ours == ref


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared reference folder not present")
def test_population_2024_equals_reference():
    with (REFERENCE / "bevolking_2024_per_gemeente_slim.csv").open(encoding="utf-8", newline="") as fh:
        ref = {r["gm_code"]: int(r["bevolking"]) for r in csv.DictReader(fh)}
    ours = {
        r["gemeente_code"]: int(r["inhabitants"]) for r in rows("gemeente_population") if r["year"] == "2024"
    }
    assert ours == ref


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared reference folder not present")
def test_build_script_reproduces_the_committed_seeds(tmp_path):
    import subprocess
    import sys

    script = PROJECT / "scripts" / "build_reference_seeds.py"
    subprocess.run(
        [sys.executable, str(script), "--reference", str(REFERENCE), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    built = sorted(p.name for p in tmp_path.glob("*.csv"))
    assert len(built) == 21
    for name in built:
        assert (tmp_path / name).read_bytes() == (SEEDS / name).read_bytes(), name

"""The synthetic twin: layouts, determinism and the invariants of a consistent world (SPEC section 10).

One generation at scale 0.001 (the real seeds) is shared by all tests of this module.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from mha import layouts
from mha.synth.cli import generate, is_complete, main
from mha.synth.reference import SEED_DIR, load_reference, stand_in_reference

SCALE = 0.001
SEED = 7


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "raw"
    generate(out, SCALE, SEED)
    return out


@pytest.fixture(scope="module")
def con(raw):
    c = duckdb.connect()
    for name, t in layouts.load_tables().items():
        pattern = str(t.path(raw, 2020)).replace("2020", "*") if t.yearly else str(t.path(raw))
        fn = ", filename = true" if t.yearly else ""
        c.execute(f"create view {name} as select * from read_parquet('{pattern}'{fn})")
    c.execute("""create view addr as select RINPERSOON p, SOORTOBJECTNUMMER || RINOBJECTNUMMER o,
        strptime(GBADATUMAANVANGADRESHOUDING, '%Y%m%d')::date s,
        strptime(GBADATUMEINDEADRESHOUDING, '%Y%m%d')::date e
        from GBAADRESOBJECTBUS""")
    c.execute("""create view hh as select RINPERSOON p, HUISHOUDNR h,
        strptime(DATUMAANVANGHH, '%Y%m%d')::date s, strptime(DATUMEINDEHH, '%Y%m%d')::date e,
        TYPHH typhh, PLHH plhh, AANTALPERSHH n from GBAHUISHOUDENSBUS""")
    c.execute("""create view use2023 as select SOORTOBJECTNUMMER || RINOBJECTNUMMER o, GEBRUIKSCODEWOZ code
        from BAGWOZTAB where filename like '%_2023.parquet'""")
    return c


def one(con, sql: str):
    return con.execute(sql).fetchone()[0]


def test_every_table_written_with_the_layout_schema(raw):
    stamp = json.loads((raw / "_generation.json").read_text())
    for name, t in layouts.load_tables().items():
        years = stamp["years"][name] if t.yearly else [None]
        for y in years:
            schema = pq.read_schema(t.path(raw, y))
            assert schema.names == list(t.column_names), name
            assert schema.remove_metadata().equals(t.arrow_schema()), name


def test_yearly_files_cover_the_agreed_years(raw):
    for name in ("EIGENDOMTAB", "BAGWOZTAB", "HUURTAB"):
        assert sorted(p.name for p in (raw / name).iterdir()) == [
            f"{name}_{y}.parquet" for y in range(2018, 2025)
        ]
    for name in ("INHATAB", "KOPPELPERSOONHUISHOUDEN", "ONDERWIJSINSCHRTAB"):
        assert sorted(p.name for p in (raw / name).iterdir()) == [
            f"{name}_{y}.parquet" for y in range(2017, 2024)
        ]


def test_no_overlapping_or_inverted_spells(con):
    for view in ("addr", "hh"):
        assert one(con, f"select count(*) from {view} where e < s") == 0
        overlaps = f"""select count(*) from (
                           select s, e, lead(s) over (partition by p order by s) ns from {view}
                       ) where ns <= e"""
        assert one(con, overlaps) == 0, view
    # every other spell table: no spell ends before it starts
    for table, start, end in (
        ("SECMBUS", "AANVSECM", "EINDSECM"),
        ("GEDETINEERDENTAB", "DATUMAANVANGDETENTIE", "DATUMEINDEDETENTIE"),
        ("COAVERBLIJFTAB", "DATUMAANVANGCOA", "DATUMEINDECOA"),
        ("ZORGVERBLIJFTAB", "DATUMAANVANGZORG", "DATUMEINDEZORG"),
    ):
        inverted = f"select count(*) from {table} where {start} > {end}"
        assert one(con, inverted) == 0, table


def test_household_members_share_the_address_and_size_matches(con):
    differ = """select count(*) from (select hh.h, hh.s, count(distinct addr.o) k from hh
                join addr on addr.p = hh.p and hh.s between addr.s and addr.e group by all) where k > 1"""
    assert one(con, differ) == 0
    no_address = """select count(*) from hh left join addr on addr.p = hh.p and hh.s between addr.s and addr.e
                    where addr.p is null"""
    assert one(con, no_address) == 0
    size = "select count(*) from (select h, s, any_value(n) n, count(*) c from hh group by all) where n <> c"
    assert one(con, size) == 0


def test_one_reference_person_per_household(con):
    # per household spell: exactly one alleenstaande/ouder/referentiepersoon, or two partners
    bad = """select count(*) from (select h, s, any_value(typhh) t,
                 count(*) filter (where plhh in ('2', '7', '8')) lone,
                 count(*) filter (where plhh in ('3', '4', '5', '6')) partners,
                 count(*) filter (where plhh = '10') inst
             from hh group by h, s)
             where not ((t in ('1', '6', '7') and lone = 1 and partners = 0)
                     or (t in ('2', '3', '4', '5') and lone = 0 and partners = 2)
                     or (t = '8' and inst = 1))"""
    assert one(con, bad) == 0
    kids = "select count(*) from hh where plhh = '1' and typhh not in ('4', '5', '6')"
    assert one(con, kids) == 0


def test_private_households_at_dwellings_institutional_elsewhere(con):
    joined = """select hh.typhh, u.code from hh
                join addr on addr.p = hh.p and date '2022-12-31' between addr.s and addr.e
                and date '2022-12-31' between hh.s and hh.e join use2023 u on u.o = addr.o"""
    assert (
        one(con, f"select count(*) from ({joined}) where typhh <> '8' and code not in ('10', '11', '12')")
        == 0
    )
    assert one(con, f"select count(*) from ({joined}) where typhh = '8' and code in ('10', '11', '12')") == 0
    assert one(con, f"select count(*) from ({joined}) where typhh = '8'") > 0


def test_detention_and_coa_coincide_with_an_institution_address(con):
    for table, start, _end in (
        ("GEDETINEERDENTAB", "DATUMAANVANGDETENTIE", "DATUMEINDEDETENTIE"),
        ("COAVERBLIJFTAB", "DATUMAANVANGCOA", "DATUMEINDECOA"),
    ):
        assert one(con, f"select count(*) from {table}") > 0, table
        sql = f"""select count(*) from {table} t left join addr on addr.p = t.RINPERSOON
                  and strptime(t.{start}, '%Y%m%d')::date between addr.s and addr.e
                  left join use2023 u on u.o = addr.o
                  where u.code is null or u.code in ('10', '11', '12')"""
        assert one(con, sql) == 0, table


def test_permit_follows_arrival(con):
    sql = """select count(*) from VERBLIJFSVERGUNNINGTAB v join NATIONALITEITTAB n using (RINPERSOON)
             where v.DATUMVERGUNNING < n.DATUMVESTIGING"""
    assert one(con, sql) == 0
    assert one(con, "select count(*) from VERBLIJFSVERGUNNINGTAB where VERBLIJFSGROND = 'ASIEL'") > 0


def test_every_object_has_a_2023_gemeente_and_haaren_appears(con):
    codes = tuple(load_reference().gemeenten["code4"])
    missing = """select count(*) from (select distinct o from addr) a left join
                 (select SOORTOBJECTNUMMER || RINOBJECTNUMMER o, gem2023 from VSLGWBTAB) v using (o)
                 where v.gem2023 is null"""
    assert one(con, missing) == 0
    assert one(con, f"select count(*) from VSLGWBTAB where gem2023 not in {codes}") == 0
    haaren = "select count(distinct gem2023) from VSLGWBTAB where gem2020 = '0788'"
    assert one(con, haaren) == 4


def test_codes_in_the_seed_code_lists(con):
    lists = load_reference(SEED_DIR).code_lists
    checks = {
        ("GBAHUISHOUDENSBUS", "TYPHH"): "typhh",
        ("GBAHUISHOUDENSBUS", "PLHH"): "plhh",
        ("VBOWONINGTYPETAB", "VBOWONINGTYPE"): "vbowoningtype",
        ("EIGENDOMTAB", "TYPEIGENAAR"): "typeigenaar",
        ("EIGENDOMTAB", "TYPEEIGENDOM"): "typeeigendom",
        ("INHATAB", "INHEHALGR"): "inhehalgr",
        ("BAGWOZTAB", "GEBRUIKSCODEWOZ"): "gebruikscodewoz",
        ("SECMBUS", "SECM"): "secm",
        ("ZORGVERBLIJFTAB", "ZORGVORM"): "care_types",
        ("NATIONALITEITTAB", "NATIONALITEIT"): "nationalities",
        ("ONDERWIJSINSCHRTAB", "TYPEONDERWIJS"): "education_levels",
        ("GBAADRESOBJECTBUS", "SOORTOBJECTNUMMER"): "object_kinds",
    }
    for (table, column), code_list in checks.items():
        found = {r[0] for r in con.execute(f"select distinct {column} from {table}").fetchall()}
        unknown = found - lists[code_list]
        assert not unknown, f"{table}.{column}: codes {sorted(unknown)} not in seed code_{code_list}"


def test_summary_matches_the_files(raw, con):
    summary = json.loads((raw / "_summary.json").read_text())
    assert summary["rows"]["GBAPERSOONTAB"] == one(con, "select count(*) from GBAPERSOONTAB")
    assert summary["rows"]["HUURTAB_2022"] == one(
        con, "select count(*) from HUURTAB where filename like '%_2022.parquet'"
    )
    alive = """select count(distinct p) from addr where date '2021-12-31' between s and e"""
    y = summary["years"]["2021"]
    assert y["persons_at_address"] == one(con, alive)
    dwellings = "select count(*) from EIGENDOMTAB where filename like '%_2022.parquet'"
    assert y["dwellings"] == one(con, dwellings)
    # national population near scale x SPEC (1 January 2022)
    assert abs(y["persons"] / (17_590_672 * SCALE) - 1) < 0.05


def _digest(directory: Path) -> dict[str, str]:
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*.parquet"))
    }


def test_deterministic_and_skips_a_complete_generation(tmp_path, capsys):
    ref = stand_in_reference()
    a, b = tmp_path / "a", tmp_path / "b"
    generate(a, 0.002, 3, ref)
    generate(b, 0.002, 3, ref)
    assert _digest(a) == _digest(b)
    assert is_complete(a, 0.002, 3) and not is_complete(a, 0.002, 4)
    before = (a / "_generation.json").stat().st_mtime_ns
    assert main(["--scale", "0.002", "--seed", "3", "--out", str(a)]) == 0
    assert (a / "_generation.json").stat().st_mtime_ns == before
    assert "already holds" in capsys.readouterr().err
    c = tmp_path / "c"
    generate(c, 0.002, 4, ref)
    assert _digest(a) != _digest(c)


def test_bad_scale_is_refused(tmp_path):
    with pytest.raises(ValueError, match="scale"):
        generate(tmp_path / "x", 2.0, 1, stand_in_reference())


# --- housing paths, rents and the family members who follow a permit holder (generator 1.4) ------------


def test_every_release_from_detention_has_an_address_the_next_day(con):
    """A detention spell that ends is followed by an address spell that starts the next day (a dwelling,
    a household, a shelter or a postal address), unless the person has no later address at all (died
    or left the country)."""
    sql = """with ends as (
                 select RINPERSOON p, strptime(DATUMEINDEDETENTIE, '%Y%m%d')::date e from GEDETINEERDENTAB
                 where DATUMEINDEDETENTIE < '20231231')
             select count(*) filter (where addr.p is null), count(*) from ends
             left join addr on addr.p = ends.p and addr.s = ends.e + 1"""
    missing, releases = con.execute(sql).fetchone()
    assert releases > 20
    gone = """select count(*) from (select RINPERSOON p, strptime(DATUMEINDEDETENTIE, '%Y%m%d')::date e
              from GEDETINEERDENTAB where DATUMEINDEDETENTIE < '20231231') ends
              where not exists (select 1 from addr where addr.p = ends.p and addr.s > ends.e)"""
    assert missing == one(con, gone)  # only those with no later address at all (died or emigrated)


def test_a_dwelling_kept_during_detention_is_not_let_to_others(con):
    """Who lived alone and returns to the same dwelling after a detention: nobody else lived there
    meanwhile (the dwelling was kept, not let)."""
    sql = """with det as (
                 select RINPERSOON p, strptime(DATUMAANVANGDETENTIE, '%Y%m%d')::date s,
                        strptime(DATUMEINDEDETENTIE, '%Y%m%d')::date e from GEDETINEERDENTAB
                 where DATUMEINDEDETENTIE < '20231231'),
             returns as (
                 select det.p, det.s, det.e, before.o from det
                 join addr before on before.p = det.p and before.e = det.s - 1
                 join addr after on after.p = det.p and after.s = det.e + 1 and after.o = before.o
                 join hh on hh.p = det.p and det.s - 1 between hh.s and hh.e and hh.n = 1)
             select count(*), count(*) filter (where exists (
                 select 1 from addr other where other.o = returns.o and other.p <> returns.p
                 and other.s <= returns.e and other.e >= returns.s)) from returns"""
    kept, let_meanwhile = con.execute(sql).fetchone()
    assert kept > 0
    assert let_meanwhile == 0


def test_corporation_rents_rise_by_the_cbs_increase_and_few_are_liberalised(con):
    """Regulated corporation rents rise by params.RENT_INCREASE on 1 July (2.6% in 2022: file year 2022
    to 2023); about 5% of the corporation dwellings rent above the liberalisatiegrens."""
    rents = """select SOORTOBJECTNUMMER || RINOBJECTNUMMER o, KALEHUUR huur,
                      regexp_extract(filename, '_(\\d{4})\\.parquet', 1)::int fy from HUURTAB"""
    owner = """select SOORTOBJECTNUMMER || RINOBJECTNUMMER o, TYPEIGENAAR t,
                      regexp_extract(filename, '_(\\d{4})\\.parquet', 1)::int fy from EIGENDOMTAB"""
    ratios = con.execute(
        f"""with r as ({rents}), w as ({owner})
            select median(b.huur / a.huur), count(*) from r a join r b on a.o = b.o and b.fy = a.fy + 1
            join w on w.o = a.o and w.fy = a.fy and w.t = 'W'
            where a.fy = 2022 and b.huur < 700"""
    ).fetchone()
    assert ratios[1] > 200
    assert ratios[0] == pytest.approx(1.026, abs=0.001)
    above = con.execute(
        f"""with r as ({rents}), w as ({owner})
            select avg((r.huur > 752.33)::int) from r join w using (o, fy) where fy = 2022 and w.t = 'W'"""
    ).fetchone()[0]
    assert 0.02 < above < 0.08


def test_family_members_who_follow_join_a_permit_holders_household(con):
    """Some persons who leave a COA location move into a household where a permit holder already lived
    (family members who follow, nareizigers), instead of getting a dwelling of their own."""
    sql = """with coa_end as (
                 select RINPERSOON p, strptime(DATUMEINDECOA, '%Y%m%d')::date e from COAVERBLIJFTAB
                 where DATUMEINDECOA < '20231231'),
             arrived as (
                 select coa_end.p, coa_end.e, a.o from coa_end
                 join addr a on a.p = coa_end.p and a.s = coa_end.e + 1)
             select count(distinct arrived.p) from arrived
             join addr host on host.o = arrived.o and host.p <> arrived.p and host.s <= arrived.e
                 and host.e > arrived.e
             join VERBLIJFSVERGUNNINGTAB v on v.RINPERSOON = host.p and v.VERBLIJFSGROND = 'ASIEL'"""
    assert one(con, sql) > 0

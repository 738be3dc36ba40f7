"""Write a small (or, for the benchmark, large) fake release in the published-layer format.

The fake follows docs/architecture.md ("Published layer" and "Release"): `pub_counts`, `pub_derived`,
`pub_magnitudes`, `pub_areas`, `pub_labels`, `pub_inputs` as Parquet plus `manifest.json`. True counts
are drawn per gemeente from a seeded hash, split over categories so that every additive dimension adds
up, rolled up to woondealregio, provincie and Nederland, then protected the way SPEC section 7 says
(primary below 10, rounding to 5, a sprinkle of secondary suppressions). It exists so the app can be
built and tested before (and independently of) the real warehouse; it is not a disclosure method.

    python tests/python/fake_release.py OUT_DIR [--large]
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import duckdb
import pandas as pd

YEARS = list(range(2018, 2024))

GROUPS = [
    # group_code, label, definition, rate of population, yearly growth, households per person
    ("elderly", "Ouderen", "Personen van 55 jaar of ouder op 31 december.", 0.33, 0.012, 0.62),
    (
        "students",
        "Studenten",
        "Hoofdinschrijving mbo, hbo of wo in het studiejaar vanaf 1 oktober.",
        0.07,
        0.01,
        0.7,
    ),
    (
        "ex_detainees",
        "Uitstromers detentie",
        "In het jaar vrijgekomen na detentie van 91 dagen of meer.",
        0.0009,
        0.0,
        0.9,
    ),
    (
        "permit_holders",
        "Statushouders / vergunninghouders",
        "Asielvergunning verleend in de vijf jaar voor 31 december.",
        0.006,
        0.08,
        0.45,
    ),
    (
        "eu_labour_migrants",
        "EU-arbeidsmigranten",
        "Nationaliteit van een ander EU/EER-land, hoogstens 5 jaar ingeschreven, werk als hoofdbron.",
        0.011,
        0.03,
        0.7,
    ),
    ("caravan_dwellers", "Woonwagenbewoners", "Ingeschreven op een standplaats.", 0.0011, 0.0, 0.4),
    (
        "care_leavers",
        "Uitstroom intramurale zorg",
        "Verblijf van 91 dagen of meer in een instelling beëindigd in het jaar, nu in een woning.",
        0.0016,
        0.02,
        0.85,
    ),
]

SUBGROUPS = {
    "elderly": [
        ("55_64", "55-64 jaar", 0.43),
        ("65_74", "65-74 jaar", 0.32),
        ("75_84", "75-84 jaar", 0.18),
        ("85_plus", "85 jaar of ouder", 0.07),
    ],
    "students": [("inwonend", "Inwonend (thuiswonend kind)", 0.43), ("uitwonend", "Uitwonend", 0.57)],
    "permit_holders": [
        ("a", "<1 jaar of COA 1 jan", 0.16),
        ("b", "1+ jaar en niet COA 1 jan", 0.8),
        ("c", "COA 31 december", 0.04),
    ],
    "care_leavers": [
        ("bw", "Beschermd wonen", 0.3),
        ("jz", "Intramurale jeugdzorg", 0.2),
        ("mo", "Maatschappelijke opvang", 0.25),
        ("ggz", "Intramurale GGZ", 0.15),
        ("oga", "Opvang geweld in afhankelijkheidsrelaties", 0.1),
    ],
}

# dimension_code, label, is_additive, has_own_total (share of the total in it), units, categories
DIMENSIONS = [
    (
        "tenure",
        "Eigendom",
        True,
        None,
        ("persons", "households", "dwellings"),
        [
            ("koop", "Koopwoning", 50),
            ("corporatie", "Corporatiewoning", 32),
            ("private_huur", "Private huurwoning", 13),
            ("onbekend", "Onbekend", 2),
            ("niet_woning", "Niet-woning", 3),
        ],
    ),
    (
        "woonsituatie",
        "Woonsituatie",
        True,
        None,
        ("persons",),
        [("woning", "Woning", 96), ("niet_woning", "Niet-woning", 4)],
    ),
    (
        "household_kind",
        "Soort huishouden",
        True,
        None,
        ("persons",),
        [("particulier", "Particulier huishouden", 97), ("institutioneel", "Institutioneel huishouden", 3)],
    ),
    (
        "address_household_count",
        "Huishoudens op het adres",
        True,
        None,
        ("persons",),
        [("een", "Eén huishouden", 95), ("meer", "Meer huishoudens", 5)],
    ),
    (
        "rent_band_monitor_corporatie",
        "Huurprijsklasse (corporatiewoningen)",
        True,
        0.3,
        ("dwellings",),
        [
            ("tot_kwaliteitskortingsgrens", "Tot kwaliteitskortingsgrens", 12),
            (
                "kwaliteitskortingsgrens_hoge_aftoppingsgrens",
                "Kwaliteitskortingsgrens - hoge aftoppingsgrens",
                50,
            ),
            ("hoge_aftoppingsgrens_liberalisatiegrens", "Hoge aftoppingsgrens - liberalisatiegrens", 20),
            ("boven_liberalisatiegrens", "Boven liberalisatiegrens", 14),
            ("onbekend", "Huur onbekend", 4),
        ],
    ),
    (
        "rent_band_monitor_private_huur",
        "Huurprijsklasse (private huurwoningen)",
        True,
        0.12,
        ("dwellings",),
        [
            ("tot_kwaliteitskortingsgrens", "Tot kwaliteitskortingsgrens", 12),
            (
                "kwaliteitskortingsgrens_hoge_aftoppingsgrens",
                "Kwaliteitskortingsgrens - hoge aftoppingsgrens",
                50,
            ),
            ("hoge_aftoppingsgrens_liberalisatiegrens", "Hoge aftoppingsgrens - liberalisatiegrens", 20),
            ("boven_liberalisatiegrens", "Boven liberalisatiegrens", 14),
            ("onbekend", "Huur onbekend", 4),
        ],
    ),
    (
        "koopprijsklasse",
        "Koopprijsklasse",
        True,
        0.5,
        ("dwellings",),
        [("tot_nhg", "Tot NHG-kostengrens", 65), ("boven_nhg", "Boven NHG-kostengrens", 35)],
    ),
    (
        "household_type",
        "Type huishouden",
        True,
        None,
        ("households",),
        [
            ("1", "Eenpersoonshuishouden", 40),
            ("2", "Niet-gehuwd paar zonder kinderen", 8),
            ("3", "Gehuwd paar zonder kinderen", 22),
            ("4", "Niet-gehuwd paar met kinderen", 5),
            ("5", "Gehuwd paar met kinderen", 15),
            ("6", "Eenouderhuishouden", 7),
            ("7", "Overig huishouden", 2),
            ("8", "Institutioneel huishouden", 1),
        ],
    ),
    (
        "household_size",
        "Grootte huishouden",
        True,
        None,
        ("households",),
        [
            ("1", "1 persoon", 40),
            ("2", "2 personen", 33),
            ("3", "3 personen", 12),
            ("4", "4 personen", 10),
            ("5+", "5 of meer personen", 5),
        ],
    ),
    (
        "housing_benefit",
        "Huurtoeslag",
        True,
        None,
        ("households",),
        [("ja", "Met huurtoeslag", 20), ("nee", "Zonder huurtoeslag", 80)],
    ),
    (
        "disposable_income_quintile",
        "Besteedbaar inkomen (kwintiel)",
        True,
        None,
        ("households",),
        [
            ("1", "1e kwintiel (laagste 20%)", 28),
            ("2", "2e kwintiel", 24),
            ("3", "3e kwintiel", 19),
            ("4", "4e kwintiel", 16),
            ("5", "5e kwintiel (hoogste 20%)", 13),
        ],
    ),
    (
        "bouwvorm",
        "Bouwvorm",
        True,
        None,
        ("dwellings",),
        [
            ("eengezins", "Eengezinswoning", 55),
            ("meergezins", "Meergezinswoning", 43),
            ("onbekend", "Onbekend", 2),
        ],
    ),
    (
        "floor_area_class",
        "Oppervlakteklasse",
        True,
        None,
        ("dwellings",),
        [
            ("tot_50", "Tot 50 m²", 12),
            ("50_75", "50-75 m²", 25),
            ("75_100", "75-100 m²", 28),
            ("100_150", "100-150 m²", 25),
            ("150_plus", "150 m² of meer", 10),
        ],
    ),
]
# taken where the group makes it likely (multiplies the weight of a category)
TILTS = {
    ("permit_holders", "c", "woonsituatie", "niet_woning"): 400.0,
    ("permit_holders", "c", "tenure", "niet_woning"): 400.0,
    ("permit_holders", "*", "tenure", "corporatie"): 2.5,
    ("permit_holders", "*", "tenure", "koop"): 0.1,
    ("students", "*", "tenure", "private_huur"): 3.0,
    ("elderly", "*", "tenure", "koop"): 1.3,
    ("ex_detainees", "*", "woonsituatie", "niet_woning"): 3.0,
    ("eu_labour_migrants", "*", "tenure", "private_huur"): 4.0,
}

LEVELS = [
    ("gemeente", "Gemeente", 1),
    ("woondealregio", "Woondealregio", 2),
    ("provincie", "Provincie", 3),
    ("nederland", "Nederland", 4),
]

SMALL_GEMEENTEN = [
    # code, name, provincie, inhabitants 2018, woondealregio codes
    ("GM0599", "Rotterdam", "PV28", 638_700, "WD01"),
    ("GM0606", "Schiedam", "PV28", 77_900, "WD01"),
    ("GM0622", "Vlaardingen", "PV28", 72_900, "WD01"),
    ("GM0518", "'s-Gravenhage", "PV28", 532_600, "WD02"),
    ("GM0503", "Delft", "PV28", 102_300, "WD02"),
    ("GM0014", "Groningen", "PV20", 229_900, "WD03"),
    ("GM1950", "Westerwolde", "PV20", 25_900, "WD03"),
    ("GM0037", "Stadskanaal", "PV20", 32_000, "WD03"),
    ("GM0088", "Schiermonnikoog", "PV21", 930, "WD04"),
    ("GM0096", "Vlieland", "PV21", 1_130, "WD04"),
    ("GM0080", "Leeuwarden", "PV21", 122_400, "WD04,WD03"),
]
SMALL_PROVINCIES = [("PV20", "Groningen"), ("PV21", "Fryslân"), ("PV28", "Zuid-Holland")]
SMALL_REGIONS = [
    ("WD01", "Regio Rotterdam", False),
    ("WD02", "Haaglanden", False),
    ("WD03", "Groningen-Noord-Drenthe", True),
    ("WD04", "Fryslân", True),
]


def _areas(large: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (gemeenten with population, pub_areas)."""
    if large:
        provs = [(f"PV{20 + i}", f"Provincie {i + 1}") for i in range(12)]
        regions = [(f"WD{i + 1:02d}", f"Woondealregio {i + 1}", i % 3 == 0) for i in range(35)]
        gems = []
        for i in range(350):
            pop = int(2_000 + (hashlib.sha256(str(i).encode()).digest()[0] / 255) ** 3 * 400_000)
            wd = f"WD{i % 35 + 1:02d}" + (f",WD{(i + 7) % 35 + 1:02d}" if i % 29 == 0 else "")
            gems.append((f"GM{i + 1:04d}", f"Gemeente {i + 1}", provs[i % 12][0], pop, wd))
    else:
        provs, regions, gems = SMALL_PROVINCIES, SMALL_REGIONS, SMALL_GEMEENTEN
    gm = pd.DataFrame(
        gems, columns=["gemeente_code", "area_name", "provincie_code", "pop2018", "woondealregio_codes"]
    )
    rows = [("nederland", "NL01", "Nederland", None, None, False)]
    rows += [("provincie", c, n, c, None, False) for c, n in provs]
    rows += [("woondealregio", c, n, None, None, ind) for c, n, ind in regions]
    rows += [
        ("gemeente", r.gemeente_code, r.area_name, r.provincie_code, r.woondealregio_codes, False)
        for r in gm.itertuples()
    ]
    areas = pd.DataFrame(
        rows,
        columns=[
            "geo_level",
            "area_code",
            "area_name",
            "provincie_code",
            "woondealregio_codes",
            "is_indicative",
        ],
    )
    return gm, areas


def _labels() -> pd.DataFrame:
    rows = []
    for i, (code, label, definition, *_rest) in enumerate(GROUPS):
        rows.append(("group", code, label, definition, i + 1))
    rows.append(("group", "population", "Alle inwoners", "Alle inwoners van het gebied.", 90))
    rows.append(("group", "all", "Alle", "Alle verhuringen of woonruimten.", 91))
    for group, subs in SUBGROUPS.items():
        for i, (code, label, _share) in enumerate(subs):
            rows.append(("subgroup", f"{group}.{code}", label, None, i + 1))
    rows.append(("subgroup", "total", "Totaal", None, 0))
    dims = [
        ("total", "Totaal"),
        ("overlap", "Overlap met andere groep"),
        ("sector", "Sector"),
        ("stock_1_jan", "Voorraad op 1 januari"),
        ("housed_from_coa", "Gehuisvest uit COA of zonder adres"),
    ]
    for i, (code, label) in enumerate(dims + [(d[0], d[1]) for d in DIMENSIONS]):
        rows.append(("dimension", code, label, None, i + 1))
    for dim, _l, _a, _o, _u, cats in DIMENSIONS:
        for i, (code, label, _w) in enumerate(cats):
            rows.append(("category", f"{dim}.{code}", label, None, i + 1))
    for dim, cats in {
        "sector": [("corporatie", "Corporatie"), ("private_huur", "Private huur")],
        "stock_1_jan": [("corporatie", "Corporatie"), ("private_huur", "Private huur")],
        "housed_from_coa": [("halfjaar_1", "1e halfjaar"), ("halfjaar_2", "2e halfjaar")],
    }.items():
        for i, (code, label) in enumerate(cats):
            rows.append(("category", f"{dim}.{code}", label, None, i + 1))
    rows.append(("category", "overlap.twee_of_meer", "In 2 of meer groepen", None, 99))
    for code, label, order in LEVELS:
        rows.append(("geo_level", code, label, None, order))
    for i, (code, label) in enumerate(
        [
            ("persons", "Personen"),
            ("households", "Huishoudens"),
            ("dwellings", "Woonruimten"),
            ("lettings", "Verhuringen"),
        ]
    ):
        rows.append(("unit", code, label, None, i + 1))
    measures = [
        ("share", "Aandeel"),
        ("per_1000_inhabitants", "Per 1.000 inwoners"),
        ("persons_per_household", "Personen per huishouden"),
        ("mutatiegraad", "Mutatiegraad"),
        ("share_of_lettings", "Aandeel in alle verhuringen"),
    ]
    for i, (code, label) in enumerate(measures):
        rows.append(("measure", code, label, None, i + 1))
    # like the real pub_labels: a subgroup or category names its group or dimension in parent_code
    split = [(k, *(c.split(".", 1) if "." in c else ("", c)), label, d, o) for k, c, label, d, o in rows]
    return pd.DataFrame(
        split, columns=["kind", "parent_code", "code", "label_nl", "description_nl", "sort_order"]
    )


def _run(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    con.execute(sql).fetchall()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_fake_release(
    out: Path, *, large: bool = False, seed: int = 7, release_id: str | None = None
) -> Path:
    """Write the fake release into `out` (created) and return it."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    gm, areas = _areas(large)
    con = duckdb.connect()
    _run(con, "set threads = 2")
    groups = pd.DataFrame(
        [(g[0], g[3], g[4], g[5]) for g in GROUPS], columns=["group_code", "rate", "growth", "hh_factor"]
    )
    leaves = []
    for g in GROUPS:
        for sub, _l, share in SUBGROUPS.get(g[0], [("total", "", 1.0)]):
            leaves.append((g[0], sub, share))
    leaves_df = pd.DataFrame(leaves, columns=["group_code", "subgroup_code", "share"])
    cats = []
    for dim, _l, _a, own, units, catlist in DIMENSIONS:
        for i, (cat, _cl, w) in enumerate(catlist):
            for unit in units:
                cats.append((dim, cat, float(w), i + 1, unit, own))
    cats_df = pd.DataFrame(
        cats, columns=["dimension_code", "category_code", "weight", "sort", "unit", "own_share"]
    )
    tilts = pd.DataFrame(
        [(*k, v) for k, v in TILTS.items()],
        columns=["group_code", "subgroup_code", "dimension_code", "category_code", "tilt"],
    )
    members = [(r.gemeente_code, "gemeente", r.gemeente_code) for r in gm.itertuples()]
    members += [(r.gemeente_code, "provincie", r.provincie_code) for r in gm.itertuples()]
    members += [(r.gemeente_code, "nederland", "NL01") for r in gm.itertuples()]
    members += [
        (r.gemeente_code, "woondealregio", wd)
        for r in gm.itertuples()
        for wd in r.woondealregio_codes.split(",")
    ]
    members_df = pd.DataFrame(members, columns=["gemeente_code", "geo_level", "area_code"])
    years_df = pd.DataFrame({"report_year": YEARS})
    for name, df in {
        "gm": gm,
        "groups_t": groups,
        "leaves": leaves_df,
        "cats": cats_df,
        "tilts": tilts,
        "members": members_df,
        "years": years_df,
    }.items():
        con.register(name, df)
    _run(con, "create macro u(k) as ((hash(k || ?::varchar) % 1000003) / 1000003.0)".replace("?", str(seed)))
    _run(
        con,
        """
        create table leaf as
        select y.report_year, g.gemeente_code, l.group_code, l.subgroup_code, un.unit,
            cast(floor(g.pop2018 * pow(1.006, y.report_year - 2018) * t.rate * pow(1 + t.growth,
                    y.report_year - 2018)
                * l.share * un.factor * (case when t.group_code = 'hh' then 1 else 1 end)
                * (case when l.group_code = 'permit_holders' and g.gemeente_code = 'GM1950' then 8 else 1 end)
                * (case when l.group_code = 'students' and g.pop2018 > 200000 then 1.3 else 1 end)
                * (0.7 + 0.6 * u(g.gemeente_code || l.group_code || l.subgroup_code ||
                        y.report_year))) as bigint)
                as n
        from years as y
        cross join gm as g
        cross join leaves as l
        inner join groups_t as t on l.group_code = t.group_code
        cross join (select unnest(['persons', 'households', 'dwellings']) as unit) as un_
        cross join lateral (select un_.unit as unit,
            case un_.unit when 'persons' then 1.0 when 'households' then t.hh_factor else
                    t.hh_factor * 0.98 end
            as factor) as un
    """,
    )
    _run(
        con,
        """
        create table base as
        select * from leaf
        union all
        select report_year, gemeente_code, group_code, 'total', unit, sum(n)
        from leaf where subgroup_code <> 'total'
        group by all
        union all
        select y.report_year, g.gemeente_code, 'population', 'total', 'persons',
            cast(floor(g.pop2018 * pow(1.006, y.report_year - 2018)) as bigint)
        from years as y cross join gm as g
        union all
        select y.report_year, g.gemeente_code, 'all', 'total', 'dwellings',
            cast(floor(g.pop2018 * pow(1.006, y.report_year - 2018) * 0.46) as bigint)
        from years as y cross join gm as g
    """,
    )
    # additive dimensions: split the total (or an own total) over the categories by cumulative shares
    _run(
        con,
        """
        create table split as
        with own as (
            select b.*, c.dimension_code, c.own_share,
                case when c.own_share is null then b.n
                     else cast(floor(b.n * c.own_share * (0.8 + 0.4 * u(b.gemeente_code ||
                             c.dimension_code))) as bigint)
                end as t
            from base as b
            inner join (select distinct dimension_code, unit, own_share from cats) as c on b.unit = c.unit
            where b.group_code <> 'population'
        ),
        weighted as (
            select o.report_year, o.gemeente_code, o.group_code, o.subgroup_code, o.unit, o.dimension_code,
                o.t, c.category_code, c.sort,
                c.weight * coalesce(ts.tilt, tg.tilt, 1) * (0.6 + 0.8 * u(o.gemeente_code ||
                        c.category_code)) as w
            from own as o
            inner join cats as c on o.unit = c.unit and o.dimension_code = c.dimension_code
            left join tilts as ts on ts.group_code = o.group_code and ts.subgroup_code = o.subgroup_code
                and ts.dimension_code = c.dimension_code and ts.category_code = c.category_code
            left join tilts as tg on tg.group_code = o.group_code and tg.subgroup_code = '*'
                and tg.dimension_code = c.dimension_code and tg.category_code = c.category_code
        ),
        cum as (
            select *,
                sum(w) over (partition by report_year, gemeente_code, group_code, subgroup_code,
                        unit, dimension_code
                    order by sort rows between unbounded preceding and current row)
                / sum(w) over (partition by report_year, gemeente_code, group_code, subgroup_code,
                        unit, dimension_code)
                    as cs
            from weighted
        )
        select report_year, gemeente_code, group_code, subgroup_code, unit, dimension_code, category_code,
            cast(floor(t * cs + 1e-9) - coalesce(lag(floor(t * cs + 1e-9)) over (
                partition by report_year, gemeente_code, group_code, subgroup_code, unit, dimension_code
                order by sort), 0) as bigint) as n
        from cum
        union all
        select distinct report_year, gemeente_code, group_code, subgroup_code, unit,
                dimension_code, 'total', t
        from own where own_share is not null
    """,
    )
    _run(
        con,
        """
        create table gm_cells as
        select report_year, gemeente_code, group_code, subgroup_code, unit, 'total' as dimension_code,
            'total' as category_code, n
        from base
        union all
        select * from split
        -- overlap matrix: persons in two groups; the diagonal is the group total
        union all
        select a.report_year, a.gemeente_code, a.group_code, 'total', 'persons', 'overlap', b.group_code,
            case when a.group_code = b.group_code then a.n
                 else cast(floor(least(a.n, b.n) * (0.004 + 0.06 * u(least(a.group_code, b.group_code)
                     || greatest(a.group_code, b.group_code) || a.gemeente_code))) as bigint) end
        from base as a
        inner join base as b on a.report_year = b.report_year and a.gemeente_code = b.gemeente_code
        where a.unit = 'persons' and b.unit = 'persons' and a.subgroup_code = 'total' and
                b.subgroup_code = 'total'
            and a.group_code not in ('population', 'all') and b.group_code not in ('population', 'all')
        -- lettings per group and sector, all lettings, stock on 1 January
        union all
        select y.report_year, g.gemeente_code, 'all', 'total', 'dwellings', 'stock_1_jan', s.sector,
            cast(floor(g.pop2018 * pow(1.006, y.report_year - 2018) * s.f) as bigint)
        from years as y cross join gm as g
        cross join (values ('corporatie', 0.13), ('private_huur', 0.062)) as s (sector, f)
    """,
    )
    _run(
        con,
        """
        insert into gm_cells
        with lettings_all as (
            select c.report_year, c.gemeente_code, c.category_code as sector,
                cast(floor(c.n * (case c.category_code when 'corporatie' then 0.065 else 0.1 end)
                    * (0.8 + 0.4 * u(c.gemeente_code || c.report_year || 'mut'))) as bigint) as n
            from gm_cells as c where c.dimension_code = 'stock_1_jan'
        ),
        per_group as (
            select l.report_year, l.gemeente_code, x.group_code, l.sector,
                cast(floor(l.n * x.f * (0.6 + 0.8 * u(l.gemeente_code || x.group_code ||
                        l.report_year))) as bigint)
                    as n
            from lettings_all as l
            cross join (values ('elderly', 0.22), ('students', 0.09), ('ex_detainees', 0.012),
                ('permit_holders', 0.065), ('eu_labour_migrants', 0.02), ('caravan_dwellers', 0.002),
                ('care_leavers', 0.025)) as x (group_code, f)
            union all
            select report_year, gemeente_code, 'all', sector, n from lettings_all
        )
        select report_year, gemeente_code, group_code, 'total', 'lettings', 'sector', sector, n from per_group
        union all
        select report_year, gemeente_code, group_code, 'total', 'lettings', 'total', 'total', sum(n)
        from per_group group by all
        union all
        select b.report_year, b.gemeente_code, 'permit_holders', 'total', 'persons',
                'housed_from_coa', h.half,
            cast(floor(b.n * 0.09 * (0.6 + 0.8 * u(b.gemeente_code || h.half || b.report_year))) as bigint)
        from base as b
        cross join (values ('halfjaar_1'), ('halfjaar_2')) as h (half)
        where b.group_code = 'permit_holders' and b.subgroup_code = 'total' and b.unit = 'persons'
    """,
    )
    _run(
        con,
        """
        create table cells as
        select c.report_year, m.geo_level, m.area_code, c.group_code, c.subgroup_code, c.unit,
            c.dimension_code, c.category_code, sum(c.n)::bigint as n
        from gm_cells as c
        inner join members as m on c.gemeente_code = m.gemeente_code
        group by all
    """,
    )
    _run(
        con,
        """
        create table pub_counts as
        with s as (
            select *,
                case when n < 10 then 'primary'
                     when n < 60 and u(area_code || group_code || subgroup_code || unit || dimension_code
                         || category_code || report_year || 'sec') < 0.12 then 'secondary'
                     else 'visible' end as status
            from cells
        )
        select report_year::integer as report_year, geo_level, area_code, group_code, subgroup_code, unit,
            dimension_code, category_code,
            case when status = 'visible' then (5 * floor((n + 2) / 5))::integer end as value,
            status,
            case when status = 'visible' then (5 * floor((n + 2) / 5))::integer::varchar else '?' end as shown
        from s
        order by all
    """,
    )
    _run(
        con,
        """
        create table pub_derived as
        with c as (select * from pub_counts),
        denominators as (
            -- share of the group's total (or of the dimension's own total)
            select c.*, coalesce(o.value, t.value) as den, (o.status is not null or t.status is not
                    null) as has_den,
                coalesce(o.status, t.status) as den_status
            from c
            left join c as o on o.report_year = c.report_year and o.area_code = c.area_code
                and o.geo_level = c.geo_level and o.group_code = c.group_code and o.subgroup_code =
                        c.subgroup_code
                and o.unit = c.unit and o.dimension_code = c.dimension_code and o.category_code = 'total'
                and c.category_code <> 'total'
            left join c as t on t.report_year = c.report_year and t.area_code = c.area_code
                and t.geo_level = c.geo_level and t.group_code = c.group_code and t.subgroup_code =
                        c.subgroup_code
                and t.unit = c.unit and t.dimension_code = 'total' and t.category_code = 'total'
            where c.dimension_code not in ('total', 'stock_1_jan') and c.category_code <> 'total'
        ),
        shares as (
            select report_year, geo_level, area_code, group_code, subgroup_code, unit, dimension_code,
                category_code, 'share' as measure_code,
                case when value >= 10 and den >= 10 and (den - value >= 10 or dimension_code = 'overlap')
                    then round(100.0 * value / den, 1) end as value
            from denominators where has_den
        ),
        rates as (
            select c.report_year, c.geo_level, c.area_code, c.group_code, c.subgroup_code, c.unit,
                c.dimension_code, c.category_code, 'per_1000_inhabitants' as measure_code,
                case when c.value >= 10 and p.value >= 10 then 1000.0 * c.value / p.value end as value
            from c
            inner join c as p on p.report_year = c.report_year and p.area_code = c.area_code
                and p.geo_level = c.geo_level and p.group_code = 'population' and p.dimension_code = 'total'
            where c.dimension_code = 'total' and c.unit in ('persons', 'households', 'dwellings', 'lettings')
                and c.group_code not in ('population')
        ),
        pph as (
            select h.report_year, h.geo_level, h.area_code, h.group_code, h.subgroup_code, h.unit,
                h.dimension_code, h.category_code, 'persons_per_household' as measure_code,
                case when h.value >= 10 and p.value >= 10 then p.value::double / h.value end as value
            from c as h
            inner join c as p on p.report_year = h.report_year and p.area_code = h.area_code
                and p.geo_level = h.geo_level and p.group_code = h.group_code and p.subgroup_code =
                        h.subgroup_code
                and p.unit = 'persons' and p.dimension_code = 'total'
            where h.unit = 'households' and h.dimension_code = 'total'
        ),
        mut as (
            select l.report_year, l.geo_level, l.area_code, l.group_code, l.subgroup_code, l.unit,
                l.dimension_code, l.category_code, 'mutatiegraad' as measure_code,
                case when l.value >= 10 and s.value >= 10
                    then round(100.0 * l.value / s.value, 1) end as value
            from c as l
            inner join c as s on s.report_year = l.report_year and s.area_code = l.area_code
                and s.geo_level = l.geo_level and s.dimension_code = 'stock_1_jan'
                and s.category_code = l.category_code
            where l.unit = 'lettings' and l.dimension_code = 'sector' and l.group_code = 'all'
        ),
        let_share as (
            select l.report_year, l.geo_level, l.area_code, l.group_code, l.subgroup_code, l.unit,
                l.dimension_code, l.category_code, 'share_of_lettings' as measure_code,
                case when l.value >= 10 and a.value >= 10 and a.value - l.value >= 10
                    then round(100.0 * l.value / a.value, 1) end as value
            from c as l
            inner join c as a on a.report_year = l.report_year and a.area_code = l.area_code
                and a.geo_level = l.geo_level and a.unit = 'lettings' and a.group_code = 'all'
                and a.dimension_code = l.dimension_code and a.category_code = l.category_code
            where l.unit = 'lettings' and l.group_code <> 'all'
        ),
        alld as (
            select * from shares union all select * from rates union all select * from pph
            union all select * from mut union all select * from let_share
        )
        select report_year, geo_level, area_code, group_code, subgroup_code, unit, dimension_code,
                category_code,
            measure_code, round(value, 6) as value,
            case when value is null then 'secondary' else 'visible' end as status,
            case when value is null then '?' else round(value, 6)::varchar end as shown
        from alld
        order by all
    """,
    )
    _run(
        con,
        """
        create table pub_magnitudes as
        with m as (
            select c.report_year, c.geo_level, c.area_code, c.group_code, c.subgroup_code, c.unit,
                    x.measure_code,
                c.n, x.base * (0.85 + 0.3 * u(c.area_code || c.group_code || c.subgroup_code ||
                        x.measure_code))
                    * pow(1.02, c.report_year - 2018) as v, x.digits
            from cells as c
            inner join (values ('households', 'disposable_income_mean', 36000.0, 0),
                ('households', 'huurquote_median', 0.27, 3), ('households', 'woonquote_median', 0.24, 3),
                ('dwellings', 'kale_huur_mean', 640.0, 0), ('dwellings', 'floor_area_m2_mean', 92.0, 0),
                ('dwellings', 'floor_area_per_person_mean', 48.0, 1)) as x (unit, measure_code, base, digits)
                on c.unit = x.unit
            where c.dimension_code = 'total' and c.group_code not in ('population')
        )
        select report_year::integer as report_year, geo_level, area_code, group_code, subgroup_code, unit,
            measure_code,
            case when n >= 10 then round(v, digits) end as value,
            case when n >= 10 then 'visible' else 'primary' end as status,
            case when n >= 10 then round(v, digits)::varchar else '?' end as shown
        from m
        order by all
    """,
    )
    _run(
        con,
        """
        create table pub_inputs as
        select 'taakstelling' as input_code, g.gemeente_code, y.report_year::integer as year, h.half_year,
            null::varchar as segment_code, null::varchar as plan_status_code, null::varchar as group_code,
            cast(round(g.pop2018 * 0.0009 * (0.8 + 0.4 * u(g.gemeente_code || y.report_year ||
                    h.half_year))) as integer)
                as value
        from gm as g cross join years as y cross join (values (1), (2)) as h (half_year)
        union all
        select 'plancapaciteit', g.gemeente_code, y.report_year::integer, null, s.segment, s.status, null,
            cast(round(g.pop2018 * 0.004 * (0.5 + u(g.gemeente_code || y.report_year || s.segment
                    || s.status)))
                as integer)
        from gm as g cross join years as y
        cross join (values ('sociale_huur'), ('middenhuur'), ('koop')) as sg (segment)
        cross join (values ('hard'), ('zacht')) as st (status)
        cross join lateral (select sg.segment as segment, st.status as status) as s
        order by all
    """,
    )
    con.register("areas_df", areas)
    _run(con, "create table pub_areas as select * from areas_df order by geo_level, area_code")
    con.register("labels_df", _labels())
    _run(con, "create table pub_labels as select * from labels_df order by kind, parent_code, code")
    rows = {}
    files = {}
    for name in ["pub_counts", "pub_derived", "pub_magnitudes", "pub_areas", "pub_labels", "pub_inputs"]:
        path = out / f"{name}.parquet"
        # the order of rows is fixed above, so the same seed gives the same bytes
        con.table(name).write_parquet(str(path), compression="zstd")
        rows[name] = con.execute(f"select count(*) from {name}").fetchall()[0][0]
        files[f"{name}.parquet"] = _sha(path)
    manifest = {
        "release_id": release_id or f"fake-{'large' if large else 'small'}-{seed}",
        "created_at": "2024-01-01T00:00:00+00:00",
        "synthetic": True,
        "data_source": "fake release for app tests (tests/python/fake_release.py)",
        "scale": 1.0 if large else 0.001,
        "seed": seed,
        "row_counts": rows,
        "sha256": files,
        "disclosure": {"min_cell": 10, "round_base": 5, "max_dominance": 0.5},
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    con.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--large", action="store_true", help="about 400 areas: for the benchmark")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    path = write_fake_release(Path(args.out), large=args.large, seed=args.seed)
    print(json.loads((path / "manifest.json").read_text())["row_counts"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

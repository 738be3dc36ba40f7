"""The monitor's tables (analyses/monitor_tables) against a warehouse built at scale 0.001.

A module fixture generates the synthetic twin once, builds the project up to the cubes and compiles
the analyses. Each test runs one monitor table and checks real properties: parts add up to totals,
the overlap diagonal equals the group totals, and a few cells equal an independent count on the marts.
Set MHA_TEST_RAW_DIR to reuse raw data that was generated before (skips the generator), or
MHA_TEST_WAREHOUSE to reuse a warehouse that `dbt build` already made (skips generator and build; CI
can point it at the warehouse of `make test-dbt`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "monitor_huisvesting_aandachtsgroepen"
YEAR = 2021
GEMEENTE = "GM0599"  # Rotterdam
OTHER_GEMEENTE = "GM1950"  # Westerwolde (Ter Apel)
MONITOR_VARS = (
    f"{{monitor_year: {YEAR}, monitor_gemeente: {GEMEENTE}, "
    f"monitor_other_gemeente: {OTHER_GEMEENTE}, monitor_area: {GEMEENTE}}}"
)


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = (result.stdout + result.stderr)[-4000:]
        pytest.fail(f"command failed ({result.returncode}): {' '.join(args)}\n{tail}")
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Generate scale 0.001, build seeds and models up to the cubes, compile the analyses."""
    tmp = tmp_path_factory.mktemp("cubes")
    raw = Path(os.environ.get("MHA_TEST_RAW_DIR", tmp / "data" / "raw"))
    warehouse = Path(os.environ.get("MHA_TEST_WAREHOUSE", tmp / "warehouse.duckdb"))
    env = dict(
        os.environ,
        MHA_DATA_DIR=str(tmp / "data"),
        MHA_RAW_DIR=str(raw),
        MHA_WAREHOUSE=str(warehouse),
        MHA_PUBLISH_DIR=str(tmp / "data" / "publish"),
        DBT_TARGET_PATH=str(tmp / "target"),
        DBT_LOG_PATH=str(tmp / "logs"),
        DBT_PROFILES_DIR=str(ROOT),
        MHA_TARGET="ci",
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
    )
    dbt = str(Path(sys.executable).with_name("dbt"))
    if "MHA_TEST_WAREHOUSE" not in os.environ:
        if "MHA_TEST_RAW_DIR" not in os.environ:
            _run(
                [sys.executable, "-m", "mha", "generate", "--scale", "0.001", "--seed", "1"]
                + ["--out", str(raw)],
                env,
            )
        _run([dbt, "seed"], env)
        _run([dbt, "run", "--select", "+cube_counts", "+cube_magnitudes"], env)
    _run([dbt, "compile", "--select", "path:analyses/monitor_tables", "--vars", MONITOR_VARS], env)
    compiled = tmp / "target" / "compiled" / PROJECT / "analyses" / "monitor_tables"
    return {"env": env, "dbt": dbt, "warehouse": warehouse, "compiled": compiled}


@pytest.fixture(scope="module")
def con(built: dict[str, object]):
    connection = duckdb.connect(str(built["warehouse"]), read_only=True)
    yield connection
    connection.close()


def table(built: dict[str, object], con, name: str) -> list[dict]:
    """Run one compiled monitor table and return its rows as dicts."""
    sql = (Path(built["compiled"]) / f"{name}.sql").read_text()
    cursor = con.execute(sql)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def scalar(con, sql: str, params: list | None = None):
    return con.execute(sql, params or []).fetchone()[0]


def test_cube_data_tests_pass_on_generated_data(built: dict[str, object]) -> None:
    """The relation tests (grain, categories, areas, subgroups, overlap, marts) hold on real data."""
    _run(
        [built["dbt"], "test", "--select", "path:models/cubes", "path:tests/dbt/cubes"],
        built["env"],
    )


def test_persons_per_group_matches_the_person_mart(built, con) -> None:
    rows = table(built, con, "persons_per_group")
    assert rows, "no rows"
    n_gemeenten = scalar(con, "select count(*) from reference.gemeenten")
    n_groups = scalar(con, "select count(*) from reference.groups")
    assert len(rows) == n_gemeenten * n_groups
    independent = {
        (gemeente, group): n
        for gemeente, group, n in con.execute(
            """
            select p.gemeente_code, m.group_code, count(distinct p.person_key)
            from marts.person_years as p, unnest(p.memberships) as u(m)
            where p.report_year = ? and p.gemeente_code is not null
            group by all
            """,
            [YEAR],
        ).fetchall()
    }
    for row in rows:
        assert row["persons"] == independent.get((row["gemeente_code"], row["group_code"]), 0), row
    national = dict(
        con.execute(
            """
            select group_code, n from cubes.cube_counts
            where report_year = ? and geo_level = 'nederland' and unit = 'persons'
              and subgroup_code = 'total' and dimension_code = 'total'
            """,
            [YEAR],
        ).fetchall()
    )
    for group in {row["group_code"] for row in rows}:
        assert sum(r["persons"] for r in rows if r["group_code"] == group) == national[group]


def test_subgroups_by_tenure_add_up(built, con) -> None:
    rows = table(built, con, "subgroups_by_tenure")
    totals = {r["group_code"]: r for r in rows if r["subgroup_code"] == "total"}
    assert set(totals) == {r[0] for r in con.execute("select group_code from reference.groups").fetchall()}
    for group, total in totals.items():
        parts = [r for r in rows if r["group_code"] == group and r["subgroup_code"] != "total"]
        assert total["koop"] + total["corporatie"] + total["private_huur"] <= total["total"]
        if parts:
            for column in ("total", "koop", "corporatie", "private_huur"):
                assert sum(p[column] for p in parts) == total[column], (group, column)
    elderly_corporatie = scalar(
        con,
        """
        select count(*) from marts.person_years
        where report_year = ? and gemeente_code = ? and tenure = 'corporatie'
          and woonsituatie = 'woning'
          and len(list_filter(memberships, lambda m: m.group_code = 'elderly')) > 0
        """,
        [YEAR, GEMEENTE],
    )
    assert totals["elderly"]["corporatie"] == elderly_corporatie


def test_overlap_matrix_is_consistent(built, con) -> None:
    rows = {r["group_code"]: r for r in table(built, con, "overlap_matrix")}
    assert set(rows) == {"elderly", "students", "ex_detainees", "permit_holders"}
    group_totals = dict(
        con.execute(
            """
            select group_code, n from cubes.cube_counts
            where report_year = ? and area_code = ? and unit = 'persons'
              and subgroup_code = 'total' and dimension_code = 'total'
            """,
            [YEAR, GEMEENTE],
        ).fetchall()
    )
    for group, row in rows.items():
        assert row[group] == group_totals[group], group
        for other in rows:
            assert row[other] == rows[other][group]
            assert row[other] <= min(group_totals[group], group_totals[other])
        assert row["twee_of_meer"] <= row[group]
    both = scalar(
        con,
        """
        select count(*) from marts.person_years
        where report_year = ? and gemeente_code = ?
          and list_contains(list_transform(memberships, lambda m: m.group_code), 'elderly')
          and list_contains(list_transform(memberships, lambda m: m.group_code), 'permit_holders')
        """,
        [YEAR, GEMEENTE],
    )
    assert rows["elderly"]["permit_holders"] == both


def test_rent_band_by_group_adds_up_and_matches_the_dwelling_mart(built, con) -> None:
    rows = {r["rent_band"]: r for r in table(built, con, "rent_band_by_group")}
    total = rows.pop("total")
    for column in ("all_dwellings", "elderly", "students", "ex_detainees", "permit_holders"):
        assert sum(r[column] for r in rows.values()) == total[column], column
        assert total[column] <= total["all_dwellings"]
    independent = dict(
        con.execute(
            """
            select coalesce(rent_band_monitor, 'onbekend'), count(*) from marts.dwelling_years
            where report_year = ? and gemeente_code = ? and tenure = 'corporatie'
              and has_private_household and household_count = 1
            group by 1
            """,
            [YEAR, GEMEENTE],
        ).fetchall()
    )
    for band, row in rows.items():
        assert row["all_dwellings"] == independent.get(band, 0), band


def test_permit_holders_woonsituatie_side_by_side(built, con) -> None:
    rows = {r["subgroup_code"]: r for r in table(built, con, "permit_holders_woonsituatie")}
    assert set(rows) == {"total", "a", "b", "c"}
    columns = ("first_woning", "first_niet_woning", "second_woning", "second_niet_woning")
    for column in columns:
        assert sum(rows[s][column] for s in "abc") == rows["total"][column], column
    for prefix, gemeente in (("first", GEMEENTE), ("second", OTHER_GEMEENTE)):
        in_mart = scalar(
            con,
            """
            select count(*) from marts.person_years
            where report_year = ? and gemeente_code = ?
              and list_contains(list_transform(memberships, lambda m: m.group_code), 'permit_holders')
            """,
            [YEAR, gemeente],
        )
        woning, niet_woning = rows["total"][f"{prefix}_woning"], rows["total"][f"{prefix}_niet_woning"]
        assert woning + niet_woning == in_mart, gemeente


def test_lettings_per_group_shares(built, con) -> None:
    rows = {r["group_code"]: r for r in table(built, con, "lettings_per_group")}
    all_lettings = rows["all"]["lettings"]
    independent = scalar(
        con,
        """
        select count(*) from marts.letting_years
        where report_year = ? and gemeente_code = ? and sector = 'corporatie' and is_letting
        """,
        [YEAR, GEMEENTE],
    )
    assert all_lettings == independent
    for group, row in rows.items():
        assert row["lettings"] <= all_lettings, group
        if all_lettings:
            assert row["share_pct"] == pytest.approx(100 * row["lettings"] / all_lettings, abs=0.051)


def test_question_ex_detainees_in_corporatiewoning_agrees_with_the_cube(built, con) -> None:
    (row,) = table(built, con, "question_ex_detainees_in_corporatiewoning")
    cube_cell = scalar(
        con,
        """
        select n from cubes.cube_counts
        where report_year = ? and area_code = ? and group_code = 'ex_detainees'
          and subgroup_code = 'total' and unit = 'persons'
          and dimension_code = 'tenure' and category_code = 'corporatie'
        """,
        [YEAR, GEMEENTE],
    )
    assert row["ex_detainees_in_corporatiewoning"] == cube_cell


def test_question_persons_per_household(built, con) -> None:
    rows = table(built, con, "question_persons_per_household")
    assert rows
    households = dict(
        con.execute(
            """
            select g.provincie_code || '|' || m.group_code, count(distinct h.household_key)
            from marts.household_years as h
            inner join reference.gemeenten as g on h.gemeente_code = g.gemeente_code,
                unnest(h.member_memberships) as u(m)
            where h.report_year = ? and h.household_kind = 'particulier'
            group by all
            """,
            [YEAR],
        ).fetchall()
    )
    for row in rows:
        key = f"{row['provincie_code']}|{row['group_code']}"
        assert row["households"] == households.get(key, 0), key
        if row["households"]:
            assert row["persons"] >= row["households"], key
            ratio = row["persons"] / row["households"]
            assert row["persons_per_household"] == pytest.approx(ratio, abs=0.006)


def test_question_mutatiegraad_per_woondealregio(built, con) -> None:
    rows = table(built, con, "question_mutatiegraad_per_woondealregio")
    assert rows
    independent = {
        region: (lettings, stock)
        for region, lettings, stock in con.execute(
            """
            select r.woondealregio_code,
                   count(*) filter (where l.is_letting),
                   count(*) filter (where l.in_stock_on_1_jan)
            from marts.letting_years as l
            inner join (select distinct woondealregio_code, gemeente_code
                        from reference.woondealregio_gemeenten) as r
                on l.gemeente_code = r.gemeente_code
            where l.report_year = ? and l.sector = 'corporatie'
            group by 1
            """,
            [YEAR],
        ).fetchall()
    }
    for row in rows:
        lettings, stock = independent.get(row["woondealregio_code"], (0, 0))
        assert (row["lettings"], row["stock_1_jan"]) == (lettings, stock), row
        if stock:
            assert row["mutatiegraad_pct"] == pytest.approx(100 * lettings / stock, abs=0.051)

"""The synthetic twin's fast paths: string building from byte matrices, the household membership
index, and chunks simulated in worker processes (the output must not depend on the worker count)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from mha.synth import params
from mha.synth.cli import generate
from mha.synth.dynamics import Engine
from mha.synth.plan import national_plan
from mha.synth.reference import SIM_YEARS, stand_in_reference
from mha.synth.state import ChunkState
from mha.synth.util import constant_strings, date_strings, day, padded, positions, unique


def test_flows_between_gemeenten_do_not_depend_on_the_chunking():
    gem = stand_in_reference().gemeenten
    whole = national_plan(gem, np.arange(len(gem)))
    some = np.array([2, 5, 7])
    part = national_plan(gem, some)
    for key in ("student_out", "student_in", "student_domestic"):
        assert np.allclose(part[key], whole[key][some]), key
    names = gem["name"].tolist()
    arrivals = dict(zip(names, whole["student_in"], strict=True))
    assert (
        arrivals["Boxtel"] == 0 and arrivals["Rotterdam"] > 0 and arrivals["Groningen"] > arrivals["Tilburg"]
    )
    leave = dict(zip(names, whole["student_out"], strict=True))
    assert leave["Boxtel"] > leave["Rotterdam"] > leave["Groningen"]
    for year in SIM_YEARS:
        assert whole["asylum_share"][year].sum() == pytest.approx(1.0)
        assert whole["labour_share"][year].sum() == pytest.approx(1.0)
        for key in ("asylum_share", "permit_out", "permit_in", "labour_share"):
            assert np.allclose(part[key][year], whole[key][year][some]), key
        # permit holders who move on: as many leave as arrive, nationally
        assert whole["permit_out"][year].sum() == pytest.approx(params.PERMIT_MOVERS[year])
        assert whole["permit_in"][year].sum() == pytest.approx(params.PERMIT_MOVERS[year])
    # taakstelling: the big cities house a little less than their population share at first, and
    # permit holders move on from the smaller gemeenten to the big cities later
    share = dict(zip(names, whole["asylum_share"][2021], strict=True))
    pop = dict(zip(names, gem["pop_2021"] / gem["pop_2021"].sum(), strict=True))
    assert 0.85 * pop["Rotterdam"] < share["Rotterdam"] < pop["Rotterdam"] and share["Boxtel"] > pop["Boxtel"]
    out = dict(zip(names, whole["permit_out"][2021], strict=True))
    into = dict(zip(names, whole["permit_in"][2021], strict=True))
    assert out["Rotterdam"] == 0 and out["Boxtel"] > 0
    assert into["Boxtel"] == 0 and into["Rotterdam"] > into["Tilburg"] > 0


def test_strings_from_byte_matrices_match_python_formatting():
    numbers = np.array([0, 7, 123456789, 999999999])
    assert padded(numbers, 9).to_pylist() == [f"{n:09d}" for n in numbers]
    days = np.array([day("1905-02-28"), day("2017-01-01"), day("2023-12-31"), 0])
    open_ = np.array([False, False, False, True])
    assert date_strings(days, open_).to_pylist() == ["19050228", "20170101", "20231231", "20501231"]
    assert constant_strings("R", 3).to_pylist() == ["R", "R", "R"]
    assert padded(numbers, 9).type == pa.string()


def test_unique_and_positions():
    assert unique(np.array([5, 1, 5, 3, 1])).tolist() == [1, 3, 5]
    assert unique(np.array([], dtype=np.int64)).tolist() == []
    assert positions(np.array([2, 0, 3])).tolist() == [0, 1, 0, 1, 2]


def test_membership_index_follows_joins_and_deaths():
    state = ChunkState(1)
    engine = Engine(state, np.random.default_rng(1))
    persons = engine.new_persons(np.zeros(6, dtype=np.int32))
    hh = engine.new_households(np.zeros(3, dtype=np.int32), np.full(3, -1))
    P = state.persons
    P.hh[persons] = [hh[0], hh[0], hh[1], hh[1], hh[2], -1]
    engine.index_members(persons)
    assert engine.members_of(np.array([hh[1]])).tolist() == [2, 3]
    # person 5 joins household 1, person 3 leaves it, person 2 dies
    P.hh[5] = hh[1]
    engine.joined(np.array([5]))
    P.hh[3] = -1
    P.alive[2] = False
    assert engine.members_of(np.array([hh[1]])).tolist() == [5]
    assert engine.members_of(np.array([hh[0], hh[2]])).tolist() == [0, 1, 4]


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.md5(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_output_does_not_depend_on_the_number_of_worker_processes(tmp_path, monkeypatch):
    monkeypatch.setenv("MHA_GENERATE_CHUNK_PERSONS", "7000")  # several chunks at scale 0.001
    monkeypatch.setenv("MHA_GENERATE_WORKERS", "1")
    one = generate(tmp_path / "one", 0.001, 11)
    monkeypatch.setenv("MHA_GENERATE_WORKERS", "2")
    two = generate(tmp_path / "two", 0.001, 11)
    assert one["chunks"] >= 3
    assert one == two
    assert _digest(tmp_path / "one") == _digest(tmp_path / "two")
    assert not (tmp_path / "two" / ".spool").exists()

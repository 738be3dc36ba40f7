"""The whole country: chunks of gemeenten simulated one after another or in worker processes, their
tables written in chunk order (the output does not depend on the number of workers or on timing)."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa

from mha.synth.plan import Institutions, institution_plan, national_plan
from mha.synth.reference import SIM_YEARS, SNAPSHOT_YEARS
from mha.synth.world import ChunkWorld

CHUNK_PERSONS = 1_000_000


def chunks_of(reference, scale: float) -> list[np.ndarray]:
    pop = reference.gemeenten[f"pop_{SIM_YEARS[0]}"].to_numpy() * scale
    limit = int(os.environ.get("MHA_GENERATE_CHUNK_PERSONS", CHUNK_PERSONS))
    chunks, current, size = [], [], 0.0
    for i, p in enumerate(pop):
        if current and size + p > limit:
            chunks.append(np.array(current))
            current, size = [], 0.0
        current.append(i)
        size += p
    if current:
        chunks.append(np.array(current))
    return chunks


def _add(total: dict, part: dict) -> None:
    for k, v in part.items():
        if isinstance(v, dict):
            _add(total.setdefault(k, {}), v)
        else:
            total[k] = total.get(k, 0) + v


def simulate_chunk(reference, scale: float, seed: int, inst: Institutions, members: np.ndarray) -> ChunkWorld:
    """Simulate one chunk of gemeenten; its random generator depends only on (seed, the chunk)."""
    gem = reference.gemeenten
    rng = np.random.default_rng([seed, int(members[0]), len(members)])
    cal = gem.iloc[members].reset_index(drop=True)
    world = ChunkWorld(cal, members, scale, rng, inst, national_plan(gem, members))
    world.seed = seed
    world.all_names = gem["name"].to_numpy()
    world.leaves = reference.leaves
    world.limits = reference.limits
    world.eu_efta = reference.eu_efta
    world.run()
    return world


def _tables_of(world) -> Iterator[tuple[tuple[str, int | None], pa.Table]]:
    from mha.synth.tables import chunk_tables, yearly_tables

    return itertools.chain(
        (((name, None), table) for name, table in chunk_tables(world)), yearly_tables(world)
    )


def _describe(world, members: np.ndarray) -> str:
    return (
        f"{len(members)} gemeenten, {world.state.persons.n:,} persons ever, {world.state.objects.n:,} objects"
    )


def _spool_chunk(job: tuple) -> dict:
    """In a worker process: simulate a chunk and spool its tables as Arrow IPC files for the writer."""
    reference, scale, seed, inst, members, spool = job
    world = simulate_chunk(reference, scale, seed, inst, members)
    files = []
    for (name, year), table in _tables_of(world):
        path = Path(spool) / f"{name}-{year}.arrow"
        with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as ipc:
            ipc.write_table(table)
        files.append((name, year, str(path)))
    return {"summary": world.result.summary, "files": files, "text": _describe(world, members)}


def workers_for(n_chunks: int) -> int:
    """Worker processes: MHA_GENERATE_WORKERS, else one per core (at most 2); none for a single chunk."""
    wanted = int(os.environ.get("MHA_GENERATE_WORKERS", min(2, os.cpu_count() or 1)))
    return max(1, min(wanted, n_chunks)) if n_chunks > 1 else 1


def run_all(reference, scale: float, seed: int, writer, progress=None) -> tuple[dict, dict]:
    """Simulate chunk after chunk and write the tables in chunk order.

    With several chunks, worker processes simulate chunks in parallel (each spools its tables as Arrow
    IPC files) while this process encodes the Parquet files in chunk order, so the output does not
    depend on the number of workers or on timing.
    """
    from mha import layouts

    inst = institution_plan(reference, scale)
    chunks = chunks_of(reference, scale)
    years: dict[str, list[int]] = {}
    for name, t in layouts.load_tables().items():
        if not t.yearly:
            writer.open(name)
            continue
        span = SNAPSHOT_YEARS if name in ("EIGENDOMTAB", "BAGWOZTAB", "HUURTAB") else SIM_YEARS
        years[name] = list(span)
        for y in span:
            writer.open(name, y)
    totals: dict[int, dict] = {}
    n = len(chunks)

    def collect(summary: dict, ci: int, text: str) -> None:
        for year, counts in summary.items():
            _add(totals.setdefault(year, {}), counts)
        if progress:
            progress(f"chunk {ci + 1}/{n} simulated: {text}")

    workers = workers_for(n)
    if workers == 1:
        for ci, members in enumerate(chunks):
            world = simulate_chunk(reference, scale, seed, inst, members)
            collect(world.result.summary, ci, _describe(world, members))
            for (name, year), table in _tables_of(world):
                writer.write(name, table, year)
            del world
    else:
        spool_root = Path(writer.dir) / ".spool"
        context = multiprocessing.get_context("spawn")
        try:
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                pending = {}

                def submit(ci: int) -> None:
                    spool = spool_root / f"{ci:04d}"
                    spool.mkdir(parents=True, exist_ok=True)
                    pending[ci] = pool.submit(_spool_chunk, (reference, scale, seed, inst, chunks[ci], spool))

                for ci in range(min(workers + 1, n)):  # a bounded number of chunks ahead of the writer
                    submit(ci)
                for ci in range(n):
                    result = pending.pop(ci).result()
                    if ci + workers + 1 < n:
                        submit(ci + workers + 1)
                    collect(result["summary"], ci, result["text"])
                    for name, year, path in result["files"]:
                        with pa.memory_map(path) as source:
                            table = pa.ipc.open_file(source).read_all()
                        writer.write(name, table, year)
                        del table
                        os.remove(path)
                    if progress:
                        progress(f"chunk {ci + 1}/{n} written")
        finally:
            shutil.rmtree(spool_root, ignore_errors=True)
    summary = {"years": {str(y): v for y, v in sorted(totals.items())}, "chunks": n}
    return summary, years

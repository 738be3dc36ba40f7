"""Policy inputs that are not microdata (stand-ins): taakstelling, plancapaciteit and afspraken per
gemeente, derived from population shares and scaled like the microdata."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from mha.synth import params
from mha.synth.tables import make
from mha.synth.util import largest_remainder

SEGMENTS = (("SH", 0.30), ("MH", 0.17), ("DH", 0.08), ("BK", 0.20), ("DK", 0.20), ("OV", 0.05))
STATUSES = (("HARD", 0.45), ("ZACHT", 0.55))
AGREEMENT_GROUPS = (
    ("elderly", 0.30),
    ("students", 0.12),
    ("permit_holders", 0.10),
    ("ex_detainees", 0.01),
    ("care_leavers", 0.03),
    ("eu_labour_migrants", 0.02),
    ("caravan_dwellers", 0.002),
)


def input_tables(reference, scale: float) -> dict[str, pa.Table]:
    gem = reference.gemeenten
    codes = gem["code4"].to_numpy()
    out = {}
    rows = {"GEMEENTECODE": [], "JAAR": [], "HALFJAAR": [], "TAAKSTELLING": []}
    for year, halves in sorted(params.TAAKSTELLING.items()):
        pop = gem[f"pop_{min(year, 2024)}"].to_numpy()
        for half, total in enumerate(halves, start=1):
            counts = largest_remainder(int(round(total * scale)), pop)
            rows["GEMEENTECODE"] += list(codes)
            rows["JAAR"] += [year] * len(codes)
            rows["HALFJAAR"] += [half] * len(codes)
            rows["TAAKSTELLING"] += list(counts)
    out["TAAKSTELLINGTAB"] = make("TAAKSTELLINGTAB", {k: pa.array(v) for k, v in rows.items()})

    rows = {"GEMEENTECODE": [], "JAAR": [], "SEGMENT": [], "PLANSTATUS": [], "AANTAL": []}
    growth = gem["pop_2024"].to_numpy() / gem["pop_2018"].to_numpy()
    for year in range(2018, 2025):
        national = (700_000 + 40_000 * (year - 2018)) * scale
        weights = gem[f"pop_{year}"].to_numpy() * np.clip(growth, 0.98, 1.15) ** 3
        per_g = largest_remainder(int(round(national)), weights)
        for seg, share in SEGMENTS:
            for status, sshare in STATUSES:
                counts = np.round(per_g * share * sshare).astype(np.int64)
                rows["GEMEENTECODE"] += list(codes)
                rows["JAAR"] += [year] * len(codes)
                rows["SEGMENT"] += [seg] * len(codes)
                rows["PLANSTATUS"] += [status] * len(codes)
                rows["AANTAL"] += list(counts)
    out["PLANCAPACITEITTAB"] = make("PLANCAPACITEITTAB", {k: pa.array(v) for k, v in rows.items()})

    rows = {"GEMEENTECODE": [], "JAAR": [], "GROEP": [], "AANTAL": []}
    corp = gem["corporation_share"].to_numpy() * gem["pop_2022"].to_numpy()
    for year in range(2022, 2025):
        lettings = 165_000 * scale
        for group, share in AGREEMENT_GROUPS:
            counts = largest_remainder(int(round(lettings * share)), corp)
            rows["GEMEENTECODE"] += list(codes)
            rows["JAAR"] += [year] * len(codes)
            rows["GROEP"] += [group] * len(codes)
            rows["AANTAL"] += list(counts)
    out["AFSPRAKENTAB"] = make("AFSPRAKENTAB", {k: pa.array(v) for k, v in rows.items()})
    return out

"""Disclosure control of the published counts.

`mha.sdc.protect` makes the pattern and its proof: primary cells, then for every primary cell a
witness (an alternative table the attacker cannot tell from the truth) for each side of its
protection interval, found by `mha.sdc.search` on the cube's grid (`mha.sdc.grid`), with secondary
suppressions only where a witness needs them. `mha.sdc.verify` checks witnesses against the relations
themselves; `mha.sdc.model` is what the dbt model `sdc_protection` runs; `mha.sdc.report` is
`python -m mha audit`, which checks the published release again. `mha.sdc.audit` is the exact
attacker (two linear programmes per primary cell), used by the tests to confirm the witnesses.
"""

from mha.sdc.protect import Params, Protection, protect

__all__ = ["Params", "Protection", "protect"]

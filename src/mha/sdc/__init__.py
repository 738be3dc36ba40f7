"""Disclosure control of the published counts.

`mha.sdc.audit` is the attacker: for every primary (small) cell it solves two linear programmes over
every relation and every published value and reports the interval the attacker can prove.
`mha.sdc.pattern` makes the suppression pattern: primary cells, a set-based pass that leaves no
relation with exactly one suppressed cell, then repairs until the audit passes. `mha.sdc.report`
is `python -m mha audit`.
"""

from mha.sdc.audit import AuditParams, AuditResult, attack
from mha.sdc.pattern import protect

__all__ = ["AuditParams", "AuditResult", "attack", "protect"]

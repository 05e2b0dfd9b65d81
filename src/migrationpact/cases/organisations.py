"""Who must act on a deadline: IND, KMar, COA, DTenV, the applicant, a court or another state.

The worklist shows each organisation its own deadlines, so every rule of the rule book is mapped
to the organisation that must act, with the reason, in ``data/responsibility.yaml``. A rule
missing from the file falls back to the file's default (the IND, as determining authority).
Some deadlines depend on the direction of a request: the reply to a take charge request is due
from the IND when the Netherlands is asked and from the other member state when the Netherlands
asks; the case machine passes that organisation explicitly.

>>> who("SCR-01")
('KMar', 'KMar is the screening authority at the external border (bill 36 871, RvR 2025).')
>>> who("NL-APR-18")[0], who("NO-SUCH-RULE")[0]
('applicant', 'IND')
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from migrationpact.cases.state import ORGANISATIONS
from migrationpact.law import yamltext

DATA_FILE = Path(__file__).parent / "data" / "responsibility.yaml"


@cache
def _table() -> tuple[tuple[str, str], dict[str, tuple[str, str]]]:
    raw: dict[str, Any] = yamltext.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    default = (str(raw["default"]["organisation"]), str(raw["default"]["reason"]))
    rules = {str(k): (str(v["organisation"]), str(v["reason"])) for k, v in raw["rules"].items()}
    for org, _ in [default, *rules.values()]:
        if org not in ORGANISATIONS:
            raise ValueError(f"{DATA_FILE.name}: unknown organisation {org!r}")
    return default, rules


def who(rule_id: str) -> tuple[str, str]:
    """The organisation that must act on ``rule_id`` and the reason recorded for it."""
    default, rules = _table()
    return rules.get(rule_id, default)

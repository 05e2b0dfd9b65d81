"""The golden export: what users are shown of every case of the demo set and the bench templates.

A refactoring of the case state must not change what a case *is* to its users: every deadline's
rule, dates, status, legal basis, title, consequence and derivation text, and every other field
of the case. ``golden_cases`` replays the demo population (``demo.load.plan_demo`` for a fixed
day) and the store benchmark's templates (``bench.casegen``) through the rule book and returns
each case's *view*: its state as JSON, with every deadline entry explained in full.
``tests/golden/cases.json.xz`` holds the views taken before the lean-core change (a8f8bc1);
``tests/integration/test_golden.py`` checks that today's code gives the same.

Regenerate only for a change that is meant to alter what users are shown:
``python -m tests.support.golden`` (and say why in the commit).
"""

from __future__ import annotations

import json
import lzma
from datetime import date
from pathlib import Path
from typing import Any

from migrationpact.cases.explain import case_document
from migrationpact.cases.machine import replay
from migrationpact.cases.state import CaseState
from migrationpact.demo.load import plan_demo
from migrationpact.law.law import Law

GOLDEN = Path(__file__).parent.parent / "golden" / "cases.json.xz"
DEMO_DAY = date(2026, 11, 30)
TEMPLATES = 120
TEMPLATE_SEED = 11


def case_view(state: CaseState) -> dict[str, Any]:
    """The case as users are shown it: the state's JSON with each deadline fully explained."""
    return case_document(state, Law.default())


def golden_cases() -> dict[str, dict[str, Any]]:
    """Case id → view, for the demo population and the bench templates (deterministic)."""
    from bench.casegen import build_templates

    views: dict[str, dict[str, Any]] = {}
    for planned in plan_demo(DEMO_DAY):
        state = replay(planned.case_id, [p.event for p in planned.events])
        views[planned.case_id] = case_view(state)
    for template in build_templates(TEMPLATES, TEMPLATE_SEED):
        views[template.case_id] = case_view(template.state)
    return views


def read_golden() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = json.loads(lzma.decompress(GOLDEN.read_bytes()))
    return data


def write_golden() -> None:
    text = json.dumps(golden_cases(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    GOLDEN.write_bytes(lzma.compress(text.encode("utf-8"), preset=9 | lzma.PRESET_EXTREME))


if __name__ == "__main__":
    write_golden()

"""Routing facts shared by the tests: every finding recorded, none of them alarming."""

from __future__ import annotations

from typing import Any

from migrationpact.law.routing import FINDINGS

#: Every fact routing asks about besides entry, nationality and dates, recorded and negative,
#: so routing decides without "undetermined".
PLAIN_FACTS: dict[str, Any] = {"age": 30, **dict.fromkeys(FINDINGS, False)}

#: An adult applying after apprehension at the external border, registered the next day.
AT_BORDER: dict[str, Any] = {
    "entry": "border-crossing",
    "applied_for_asylum": True,
    "date_of_application": "2026-07-06",
    "date_of_registration": "2026-07-07",
    **PLAIN_FACTS,
}

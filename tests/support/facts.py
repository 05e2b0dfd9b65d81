"""Routing facts shared by the tests: every finding recorded, none of them alarming."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

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


#: A recorded fact that may also be unknown.
BOOL = st.one_of(st.none(), st.booleans())


def routing_facts(days: st.SearchStrategy[date]) -> st.SearchStrategy[dict[str, Any]]:
    """Facts as a mapping, each fact recorded or not, the dates drawn from ``days``."""
    return st.fixed_dictionaries(
        {},
        optional={
            "entry": st.sampled_from(
                [
                    "border-crossing",
                    "sar-disembarkation",
                    "border-crossing-point",
                    "in-territory",
                    "relocation",
                ]
            ),
            "applied_for_asylum": BOOL,
            "nationality": st.sampled_from(
                ["BGD", "SYR", "TUR", "COL", "PAK", "XKX", "NZL", "XXA"]
            ),
            "date_of_application": days,
            "date_of_registration": days,
            "age": st.integers(0, 17),
            **dict.fromkeys(FINDINGS, BOOL),
        },
    )

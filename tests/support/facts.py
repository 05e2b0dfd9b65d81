"""Routing facts shared by the tests: every finding recorded, none of them alarming."""

from __future__ import annotations

from typing import Any

#: Every fact routing asks about besides entry, nationality and dates, recorded and negative,
#: so routing decides without "undetermined".
PLAIN_FACTS: dict[str, Any] = {
    "age": 30,
    "unaccompanied": False,
    "security_risk": False,
    "misled_authorities": False,
    "special_needs_unsupported": False,
    "medical_grounds": False,
    "detention_guarantees_unmet": False,
    "border_capacity_reached": False,
    "annual_maximum_reached": False,
}

#: An adult applying after apprehension at the external border, registered the next day.
AT_BORDER: dict[str, Any] = {
    "entry": "border-crossing",
    "applied_for_asylum": True,
    "date_of_application": "2026-07-06",
    "date_of_registration": "2026-07-07",
    **PLAIN_FACTS,
}

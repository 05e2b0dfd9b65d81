"""Cases whose screening ran past its seven days, for the tests of the exceeded-limits list.

SR Art. 8(3): screening at the external border takes at most 7 days. Screening started on
Mon 6 Jul 2026 08:00 may run until the end of Mon 13 Jul (the event day is not counted).

* ``C-LATE`` completed it on Wed 15 Jul 12:00: met, 2 calendar days late;
* ``C-LAPSED`` never completed it: the lapse job of 20 Jul records SCR-01 as lapsed;
* ``C-ONTIME`` completed it on Mon 13 Jul 16:00: not exceeded;
* ``C-OPEN`` started screening on Mon 2 Nov 2026 and never completed it: still open, overdue
  (whatever day the test runs after November 2026).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from migrationpact.store.eventstore import EventStore
from tests.integration.store.flows import drive

START = {"type": "screening_started", "entry": "border-crossing", "location": "Ter Apel"}
MADE = {"type": "application_made", "facts": {"nationality": "BGD", "age": 30}}
COMPLETED = {
    "type": "screening_completed",
    "referral": "registration-authority",
    "form": {"nationality": "BGD", "applied_for_asylum": True},
}


def _at(event: dict[str, Any], at: str) -> dict[str, Any]:
    return {**event, "occurred_at": at}


def screening_overruns(store: EventStore) -> None:
    """Write the four cases of the module text into ``store``."""
    july = [_at(START, "2026-07-06T08:00"), _at(MADE, "2026-07-06T15:00")]
    drive(store, "C-LATE", [*july, _at(COMPLETED, "2026-07-15T12:00")], org="KMar")
    drive(store, "C-ONTIME", [*july, _at(COMPLETED, "2026-07-13T16:00")], org="KMar")
    drive(store, "C-LAPSED", july, org="KMar")
    store.record_lapses(as_of=date(2026, 7, 20))
    drive(store, "C-OPEN", [_at(START, "2026-11-02T08:00")], org="KMar")

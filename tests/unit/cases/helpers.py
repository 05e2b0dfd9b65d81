"""Shared helpers for the case tests: short event builders and a runner."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from migrationpact.cases import AnyEvent, CaseState, decide, due_lapses, initial_state, parse_event
from migrationpact.cases.state import DeadlineEntry
from migrationpact.law.law import Law
from tests.support.facts import PLAIN_FACTS


def ev(kind: str, at: str, **fields: Any) -> AnyEvent:
    """An event from its type, ``YYYY-MM-DDTHH:MM`` and fields, through ``parse_event``."""
    return parse_event({"type": kind, "occurred_at": at, **fields})


def run(events: Iterable[AnyEvent], case_id: str = "C-1", law: Law | None = None) -> CaseState:
    state = initial_state(case_id)
    for event in events:
        state = decide(state, event, law=law)
    return state


def lapse_until(state: CaseState, day: date, law: Law | None = None) -> CaseState:
    """Apply ``due_lapses`` up to ``day`` until none is left (as the store does)."""
    while events := due_lapses(state, as_of=day):
        for event in events:
            state = decide(state, event, law=law)
    return state


def entry(state: CaseState, key: str) -> DeadlineEntry:
    found = state.deadline(key)
    assert found is not None, f"{key} not in {[d.key for d in state.deadlines]}"
    return found


def due(state: CaseState, key: str) -> date | datetime:
    return entry(state, key).due


def in_territory(made: str = "2026-07-06T10:00", registered: str = "2026-07-08T09:00",
                 nationality: str = "SYR") -> list[AnyEvent]:  # fmt: skip
    """A person who applies in the territory (regular procedure for a high-rate nationality)."""
    return [
        ev("application_made", made, entry="in-territory",
           facts={**PLAIN_FACTS, "nationality": nationality}),
        ev("application_registered", registered),
    ]  # fmt: skip

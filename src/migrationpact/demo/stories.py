"""The demo stories: typical paths through the Pact, dated relative to an anchor day.

Each story is a list of ``(days after the anchor, time, event fields)``. ``load_demo`` records
them under case ids ``DEMO-<story>-<n>`` with anchors spread over the past weeks, so the
worklists on the day of the demo hold open, due and overdue deadlines.

>>> sorted(STORIES)
['border', 'dublin', 'regular']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from migrationpact.cases.events import parse_event
from migrationpact.store.eventstore import EventStore
from migrationpact.store.records import AppendResult

#: Every routing fact recorded and nothing alarming, so routing decides without "undetermined".
PLAIN: dict[str, Any] = {
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

Step = tuple[int, str, dict[str, Any]]


@dataclass(frozen=True)
class Story:
    """A typical path: who records it and its steps."""

    title: str
    organisation: str
    steps: tuple[Step, ...]


STORIES: dict[str, Story] = {
    "border": Story(
        "Apprehended at the external border; low recognition rate → asylum border procedure",
        "KMar",
        (
            (0, "08:00", {"type": "screening_started", "entry": "border-crossing"}),
            (0, "15:00", {"type": "application_made", "facts": {**PLAIN, "nationality": "BGD"}}),
            (
                2,
                "12:00",
                {
                    "type": "screening_completed",
                    "referral": "registration-authority",
                    "form": {"applied_for_asylum": True, "nationality": "BGD"},
                },
            ),
            (3, "10:00", {"type": "application_registered"}),
            (3, "11:00", {"type": "biometrics_taken"}),
        ),
    ),
    "regular": Story(
        "Applied in the territory; regular examination",
        "IND",
        (
            (
                0,
                "10:00",
                {
                    "type": "application_made",
                    "entry": "in-territory",
                    "facts": {**PLAIN, "nationality": "SYR"},
                },
            ),
            (2, "09:00", {"type": "application_registered"}),
            (9, "10:00", {"type": "application_lodged"}),
        ),
    ),
    "dublin": Story(
        "Eurodac hit for another member state: take charge request (AMMR)",
        "IND",
        (
            (
                0,
                "10:00",
                {
                    "type": "application_made",
                    "entry": "in-territory",
                    "facts": {**PLAIN, "nationality": "AFG"},
                },
            ),
            (2, "09:00", {"type": "application_registered"}),
            (
                2,
                "12:00",
                {"type": "eurodac_hit_received", "purpose": "take-charge", "member_state": "DEU"},
            ),
            (
                10,
                "10:00",
                {"type": "take_charge_request_sent", "member_state": "DEU", "hit_based": True},
            ),
        ),
    ),
}


def load_demo(
    *,
    store: EventStore,
    today: date,
    per_story: int = 4,
    say: Callable[[str], None] = lambda _: None,
) -> list[AppendResult]:
    """Record every story ``per_story`` times, anchored 3 to 40 days before ``today``."""
    results: list[AppendResult] = []
    for name, story in STORIES.items():
        for n in range(per_story):
            anchor = today - timedelta(days=3 + (37 * n) // max(per_story - 1, 1))
            case_id = f"DEMO-{name.upper()}-{n + 1}"
            for seq, (offset, clock, fields) in enumerate(story.steps):
                moment = datetime.combine(
                    anchor + timedelta(days=offset), time.fromisoformat(clock)
                )
                if moment.date() > today:
                    break
                event = parse_event({**fields, "occurred_at": moment.isoformat(timespec="minutes")})
                results.append(
                    store.append(
                        case_id=case_id,
                        event=event,
                        expected_seq=seq,
                        idempotency_key=f"demo:{case_id}:{seq}",
                        actor="demo",
                        organisation=story.organisation,
                    )
                )
            say(f"  {case_id}: {story.title}")
    return results

"""The demo stories: three short, readable paths through the Pact, dated from an anchor day.

Each story is a list of ``(days after the anchor, time, event fields)``. ``story_cases`` plans
them as ``DEMO-<story>-<n>`` with anchors spread over the past weeks, so the worklists on the day
of the demo hold open, due and overdue deadlines; ``load.load_demo`` records them together with
the generated population (``population``). They are the cases the README walks through.

>>> sorted(STORIES)
['border', 'dublin', 'regular']
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from migrationpact.cases.events import parse_event
from migrationpact.demo.population import PlannedCase, PlannedEvent
from migrationpact.demo.tracks import NOTHING_ALARMING, recorder

#: Every routing fact recorded and nothing alarming, for an adult of 30.
PLAIN: dict[str, Any] = {**NOTHING_ALARMING, "age": 30}

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
            (2, "09:30", {"type": "biometrics_taken"}),
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
            (2, "09:30", {"type": "biometrics_taken"}),
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


def story_cases(today: date, *, per_story: int = 4) -> list[PlannedCase]:
    """Every story ``per_story`` times as ``DEMO-<STORY>-<n>``, anchored 3 to 40 days back.

    Steps that would fall after ``today`` are left out. Each event is recorded by the demo user
    of the organisation that records that kind of event (``tracks.recorder``).
    """
    planned: list[PlannedCase] = []
    for name, story in STORIES.items():
        border = story.organisation == "KMar"
        for n in range(per_story):
            anchor = today - timedelta(days=3 + (37 * n) // max(per_story - 1, 1))
            events: list[PlannedEvent] = []
            for offset, clock, fields in story.steps:
                moment = datetime.combine(
                    anchor + timedelta(days=offset), time.fromisoformat(clock)
                )
                if moment.date() > today:
                    break
                event = parse_event({**fields, "occurred_at": moment.isoformat(timespec="minutes")})
                events.append(PlannedEvent(event, recorder(event.type, border=border)))
            planned.append(
                PlannedCase(f"DEMO-{name.upper()}-{n + 1}", f"story:{name}", "", tuple(events))
            )
    return planned

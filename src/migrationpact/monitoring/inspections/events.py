"""The events of an inspection.

Every event has its ``type`` and ``occurred_at`` (when it was recorded, Dutch local time); the
types are the inspections' own (``EVENT_TYPES``), distinct from a monitoring file's, so a record
of one kind never replays as the other. Texts (a purpose, findings, recommendations, responses,
notes) and the inspectors' names are kept in the sealed record only. Input of the wrong shape is
a ``MonitoringEventError`` naming the first problem (the files' error, so every front end
already says it), before any rule is asked.

>>> parse_inspection_event({"type": "finding_recorded", "occurred_at": "2026-12-07T10:00",
...     "text": "No interpreter at the medical check.", "rights": ["47", "4", "4"]})
Traceback (most recent call last):
...
migrationpact.monitoring.events.MonitoringEventError: finding_recorded: rights: each right is \
named once
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
)

from migrationpact.law.problems import event_types
from migrationpact.monitoring.events import MAX_NOTE, event_parser
from migrationpact.monitoring.inspections.data import LOCATION_CODE, InspectedAuthority
from migrationpact.monitoring.vocabulary import Body, Phase, Right

#: A finding or a recommendation is longer than a note: a paragraph of a report.
MAX_TEXT = 10_000
MAX_INSPECTORS = 12
Verdict = Literal["accepted", "partly-accepted", "rejected"]
CloseReason = Literal["completed", "cancelled"]
VERDICTS: tuple[str, ...] = get_args(Verdict)
CLOSE_REASONS: tuple[str, ...] = get_args(CloseReason)


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    occurred_at: datetime


def _text(value: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise ValueError("the text is empty")
    return stripped


class InspectionPlanned(_Event):
    """A visit is planned by ``body`` at a location of the list, for a day; ``announced``:
    the location is told beforehand (else the visit is unannounced)."""

    type: Literal["inspection_planned"] = "inspection_planned"
    body: Body
    location: str = Field(pattern=LOCATION_CODE)
    planned_for: date
    announced: bool
    phases: tuple[Phase, ...] = ()
    purpose: str | None = Field(default=None, max_length=MAX_NOTE)


class VisitCarriedOut(_Event):
    """The visit took place: on which day, announced or not, by whom."""

    type: Literal["visit_carried_out"] = "visit_carried_out"
    visited_on: date
    announced: bool
    inspectors: tuple[Annotated[str, Field(min_length=1, max_length=200)], ...] = Field(
        min_length=1, max_length=MAX_INSPECTORS
    )
    note: str | None = Field(default=None, max_length=MAX_NOTE)


class FindingRecorded(_Event):
    """One finding of the visit, with the Charter rights at stake; numbered in order."""

    type: Literal["finding_recorded"] = "finding_recorded"
    text: str = Field(max_length=MAX_TEXT)
    rights: tuple[Right, ...] = Field(min_length=1)
    phase: Phase | None = None

    @field_validator("text")
    @classmethod
    def _content(cls, value: str) -> str:
        return _text(value)

    @field_validator("rights")
    @classmethod
    def _unique(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(value)) != len(value):
            raise ValueError("each right is named once")
        return tuple(sorted(value, key=int))


class RecommendationMade(_Event):
    """A recommendation to an authority, resting on findings (their numbers); numbered in
    order. Its response is due by the response limit in force on ``made_on``."""

    type: Literal["recommendation_made"] = "recommendation_made"
    authority: InspectedAuthority
    text: str = Field(max_length=MAX_TEXT)
    findings: tuple[Annotated[int, Field(ge=1)], ...] = Field(min_length=1)
    made_on: date

    @field_validator("text")
    @classmethod
    def _content(cls, value: str) -> str:
        return _text(value)


class ResponseRecorded(_Event):
    """The authority's response to recommendation ``recommendation`` (its number)."""

    type: Literal["response_recorded"] = "response_recorded"
    recommendation: int = Field(ge=1)
    verdict: Verdict
    text: str = Field(max_length=MAX_TEXT)
    received_on: date

    @field_validator("text")
    @classmethod
    def _content(cls, value: str) -> str:
        return _text(value)


class InspectionClosed(_Event):
    type: Literal["inspection_closed"] = "inspection_closed"
    reason: CloseReason
    note: str | None = Field(default=None, max_length=MAX_NOTE)


class InspectionShared(_Event):
    """The inspection is shared with the other body, which may then read it."""

    type: Literal["inspection_shared"] = "inspection_shared"
    with_body: Body
    note: str | None = Field(default=None, max_length=MAX_NOTE)


InspectionEvent = Annotated[
    InspectionPlanned
    | VisitCarriedOut
    | FindingRecorded
    | RecommendationMade
    | ResponseRecorded
    | InspectionClosed
    | InspectionShared,
    Field(discriminator="type"),
]
#: Every event type of an inspection, read off the union above.
EVENT_TYPES: tuple[str, ...] = event_types(InspectionEvent)

#: An inspection's event from its JSON data, or one ``MonitoringEventError`` (the files' reader).
parse_inspection_event = event_parser(InspectionEvent)

"""An inspection's state: what its events add up to.

``InspectionState`` is frozen; ``decide`` makes a new one for every event. It keeps facts only
(the plan, the visit, the findings, the recommendations and their responses, who else may read
it); the response time limits are computed when someone reads them (``limits``), so a corrected
limits file changes the dates without touching an inspection.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

InspectionStatus = Literal["planned", "visited", "closed"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Plan(_Model):
    body: str
    location: str
    planned_for: date
    announced: bool
    phases: tuple[str, ...] = ()
    purpose: str | None = None
    at: datetime


class Visit(_Model):
    visited_on: date
    announced: bool
    inspectors: tuple[str, ...]
    note: str | None = None
    at: datetime


class Finding(_Model):
    number: int
    text: str
    rights: tuple[str, ...]
    phase: str | None = None
    at: datetime


class Response(_Model):
    verdict: str
    text: str
    received_on: date
    at: datetime


class Recommendation(_Model):
    number: int
    authority: str
    text: str
    findings: tuple[int, ...]
    made_on: date
    at: datetime
    response: Response | None = None


class InspectionState(_Model):
    reference: str
    seq: int = 0
    status: InspectionStatus | None = None  # None: not planned yet
    plan: Plan | None = None
    visit: Visit | None = None
    findings: tuple[Finding, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    shared_with: tuple[str, ...] = ()
    closed_at: datetime | None = None
    close_reason: str | None = None
    close_note: str | None = None

    @property
    def body(self) -> str | None:
        """The body that keeps the inspection (the one that planned it)."""
        return self.plan.body if self.plan is not None else None

    def recommendation(self, number: int) -> Recommendation | None:
        return next((r for r in self.recommendations if r.number == number), None)

    @property
    def waiting(self) -> tuple[Recommendation, ...]:
        """The recommendations still waiting for their response."""
        return tuple(r for r in self.recommendations if r.response is None)


def initial_inspection(reference: str) -> InspectionState:
    """The state of an inspection no event has touched yet."""
    return InspectionState(reference=reference)

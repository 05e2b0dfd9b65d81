"""Bodies of the events and deadlines sub-resources of a case."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from migrationpact.api.types import Local, Recorded


class TimelineEvent(BaseModel):
    """One event of a case. ``payload`` is shown only to those who may see the asylum account."""

    seq: int
    type: str
    occurred_at: Local
    recorded_at: Recorded
    actor: str
    organisation: str
    rule_set_version: str
    hash: str
    payload: dict[str, Any] | None = None


class Timeline(BaseModel):
    case_id: str
    events: list[TimelineEvent]


class DeadlineOut(BaseModel):
    """A deadline with its rule, the rule-set version it was computed under, and how."""

    key: str
    rule_id: str
    title: str
    organisation: str
    status: str
    due: str = Field(description="Day (YYYY-MM-DD) or local moment the deadline ends.")
    days_left: int = Field(description="Whole days from today; negative when overdue.")
    maximum: bool = Field(description="A maximum duration (e.g. of the border procedure).")
    verified: bool = Field(description="False: the rule's figures are not yet checked.")
    rule_set_version: str
    legal_basis: list[dict[str, Any]]
    derivation: dict[str, Any]
    consequence: str | None = None
    closed_at: Local | None = Field(
        default=None,
        description="When it was met, lapsed or cancelled: the closing event's local time; "
        "for a lapse, the moment the period ran out. Null while it runs.",
    )
    closed_reason: str | None = Field(default=None, description="Why it was closed, in words.")
    late: bool = Field(default=False, description="True: met at or after the moment it ended.")
    days_late: int | None = Field(
        default=None,
        description="Met late: calendar days from the due day to the day it was met.",
    )
    hours_late: int | None = Field(
        default=None,
        description="Met late, a period counted in hours: hours after its end, rounded up.",
    )


class Deadlines(BaseModel):
    case_id: str
    as_of: str
    deadlines: list[DeadlineOut]

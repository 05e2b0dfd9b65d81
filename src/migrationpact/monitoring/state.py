"""A monitoring file's state: what its events add up to.

``FileState`` is frozen; ``decide`` makes a new one for every event. It keeps facts only (who
keeps the file, what the signal said, the triage, the referrals and their answers, who else may
read it); the time limits that follow from them are computed when someone reads the worklist
(``limits``), so a corrected limits file changes the dates without touching a file.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from migrationpact.monitoring.events import Attachment

FileStatus = Literal["received", "referred-out", "triaged", "closed"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Signal(_Model):
    received_at: datetime
    source: str
    channel: str
    content: str
    case_reference: str | None = None
    attachments: tuple[Attachment, ...] = ()
    phase: str | None = None
    rights: tuple[str, ...] = ()
    kind: str | None = None
    concerns_child: bool = False
    about_conduct: bool = False
    observed_by: str | None = None


class Routing(_Model):
    to: str
    referred_out: str | None
    rule: str
    edition: date
    why: str
    verified: bool
    at: datetime


class Triage(_Model):
    kind: str
    phase: str
    rights: tuple[str, ...]
    note: str | None
    at: datetime


class Referral(_Model):
    authority: str
    at: datetime
    follow_up_due: date | None = None
    note: str | None = None
    #: The answer: the outcome's day, once recorded.
    answered_on: date | None = None


class Outcome(_Model):
    authority: str | None
    outcome: str
    decided_on: date
    at: datetime


class FileState(_Model):
    reference: str
    seq: int = 0
    status: FileStatus | None = None  # None: no signal yet
    signal: Signal | None = None
    routing: Routing | None = None
    triage: Triage | None = None
    #: When the file was first triaged (a later triage corrects it, the limit was met then).
    first_triaged_at: datetime | None = None
    referrals: tuple[Referral, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    shared_with: tuple[str, ...] = ()
    closed_at: datetime | None = None
    close_reason: str | None = None
    close_note: str | None = None

    @property
    def body(self) -> str | None:
        """The body that keeps the file (once routed)."""
        return self.routing.to if self.routing is not None else None

    def open_referral(self, authority: str) -> Referral | None:
        """The referral to ``authority`` still waiting for its answer, if any."""
        return next(
            (r for r in self.referrals if r.authority == authority and r.answered_on is None),
            None,
        )


def initial_file(reference: str) -> FileState:
    """The state of a file no event has touched yet."""
    return FileState(reference=reference)

"""Handling time limits of the register, as dated national data, and what is due on a file.

The mechanism must handle allegations "effectively and without undue delay" (SR Art. 10(2),
APR Art. 43(4)); how long each step may take is not in the Regulations. The limits are data
(``data/limits/<edition>/*.yaml``), each flagged ``verified`` with a note, so they are
corrected in a new edition when a source is found, never in code. A limit starts at an event of
the file (the signal came in; a referral was made), is met by another (the triage, the
authority's outcome, the closing), and is counted with the period engine
(``law.periods.compute_period``) under the regime the data names (default the Algemene
termijnenwet, ``nl``). The limits in force on the day a limit starts apply to it.

``due(state, today)`` lists a file's limits with their due day, whether they are met and
whether they are overdue: what a body's worklist shows.

>>> from datetime import date, datetime
>>> from migrationpact.monitoring.decide import replay
>>> from migrationpact.monitoring.events import parse_monitoring_event as ev
>>> f = replay("M-1", [ev({"type": "signal_received", "occurred_at": "2026-12-04T10:00",
...     "received_at": "2026-12-04T09:00", "source": "ngo", "channel": "email",
...     "content": "Held 9 days.", "phase": "detention"}),
...     ev({"type": "routed", "occurred_at": "2026-12-04T10:00", "to": "InspectieJenV",
...     "rule": "IN-DET-01", "edition": "2026-06-12", "why": "detention", "verified": False})])
>>> [(d.limit, d.due.isoformat(), d.overdue) for d in due(f, date(2026, 12, 21))]
[('MON-TRIAGE', '2026-12-18', True), ('MON-ANSWER', '2027-01-15', False)]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from migrationpact.law.periods import Length, PeriodError, PeriodResult, Regime, compute_period
from migrationpact.monitoring.editions import DATA_DIR, DatedFile, in_force, load_editions
from migrationpact.monitoring.intake import Words
from migrationpact.monitoring.state import FileState, FileStatus

Starts = Literal["signal_received", "referred"]
MetBy = Literal["triaged", "outcome_recorded", "closed"]


class Limit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^MON-[A-Z0-9-]{1,24}$")
    title: Words
    starts: Starts
    met_by: MetBy
    length: str
    regime: Regime = Regime.NL
    #: File statuses in which the limit does not run (a complaint referred out is not triaged).
    not_for: tuple[FileStatus, ...] = ()
    verified: bool
    note: str = Field(min_length=1)

    @field_validator("length")
    @classmethod
    def _length(cls, value: str) -> str:
        try:
            length = Length.parse(value)
        except PeriodError as exc:
            raise ValueError(str(exc)) from None
        if length.in_hours:
            raise ValueError("a handling limit is counted in days or longer")
        return value

    @model_validator(mode="after")
    def _pair(self) -> Self:
        if (self.starts == "referred") != (self.met_by == "outcome_recorded"):
            raise ValueError("a referral's limit is met by the authority's outcome, and only it")
        return self


class LimitsFile(DatedFile):
    limits: tuple[Limit, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Self:
        ids = [limit.id for limit in self.limits]
        if len(set(ids)) != len(ids):
            raise ValueError("each limit id is used once")
        return self


@dataclass(frozen=True)
class Due:
    """One time limit of one file: when it started, when it is due, and where it stands."""

    reference: str
    limit: str
    title: Words
    start: date
    due: date
    met_on: date | None
    overdue: bool
    verified: bool
    note: str
    edition: date
    #: Which referral (its authority), for a referral's limit.
    authority: str | None
    period: PeriodResult


@dataclass(frozen=True)
class LimitsBook:
    files: tuple[LimitsFile, ...]

    def at(self, day: date) -> LimitsFile:
        return in_force(self.files, day, "time limits")

    def due(self, state: FileState, today: date) -> list[Due]:
        """Every limit that runs on ``state``, by due day; ``overdue``: not met by its due day
        (met late, or still open after it)."""
        found: list[Due] = []
        signal = state.signal
        if signal is None or state.status is None:
            return found
        start = signal.received_at.date()
        for limit in self.at(start).limits:
            if limit.starts != "signal_received" or state.status in limit.not_for:
                continue
            found.append(self._one(state, limit, start, self.at(start), _met(state, limit), today))
        for referral in state.referrals:
            start = referral.at.date()
            edition = self.at(start)
            for limit in edition.limits:
                if limit.starts != "referred" or state.status in limit.not_for:
                    continue
                made = self._one(
                    state, limit, start, edition, referral.answered_on, today,
                    authority=referral.authority, fixed=referral.follow_up_due,
                )  # fmt: skip
                found.append(made)
        return sorted(found, key=lambda d: (d.due, d.limit))

    @staticmethod
    def _one(
        state: FileState,
        limit: Limit,
        start: date,
        edition: LimitsFile,
        met_on: date | None,
        today: date,
        *,
        authority: str | None = None,
        fixed: date | None = None,
    ) -> Due:
        period = compute_period(start=start, length=limit.length, regime=limit.regime)
        end = period.end
        due_day = fixed or (end.date() if isinstance(end, datetime) else end)
        late = met_on > due_day if met_on is not None else today > due_day
        return Due(
            reference=state.reference,
            limit=limit.id,
            title=limit.title,
            start=start,
            due=due_day,
            met_on=met_on,
            overdue=late,
            verified=limit.verified and edition.verified,
            note=limit.note,
            edition=edition.edition,
            authority=authority,
            period=period,
        )


def _met(state: FileState, limit: Limit) -> date | None:
    moments: dict[str, datetime | None] = {
        "triaged": state.first_triaged_at,
        "closed": state.closed_at,
    }
    moment = moments.get(limit.met_by)
    return moment.date() if moment is not None else None


def load_limits(root: Path = DATA_DIR / "limits") -> LimitsBook:
    return LimitsBook(load_editions(root, LimitsFile, "time-limit file"))


@cache
def default_limits() -> LimitsBook:
    """The time limits shipped with the package (read once)."""
    return load_limits()


def due(state: FileState, today: date, book: LimitsBook | None = None) -> list[Due]:
    """The limits of ``state`` under ``book`` (default: the shipped limits)."""
    return (book or default_limits()).due(state, today)

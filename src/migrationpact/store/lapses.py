"""The daily lapse job: the system records ``deadline_lapsed`` for every deadline past due.

Candidate cases are those with an open deadline due on or before the day; the domain
(``machine.due_lapses``) decides which lapse and with what consequence, on the state read under
the write lock, so a lapse is never recorded twice. Each is recorded by the system actor with
the idempotency key ``lapse:CASE:KEY:DUE``; keys are unique per actor, so no person's key can
collide with it.

A case the job cannot record (its lapse is refused, or a key of the system's own was used for
another event, say by an import) is *skipped*: its staged events are dropped, the other cases
of the batch are recorded, and the report names the skipped case and why. One bad case never
stops the lapses of the others (security probe 2026-12, F3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Engine, select

from migrationpact.cases.machine import due_lapses
from migrationpact.law.law import Law
from migrationpact.store.database import read_transaction, write_transaction
from migrationpact.store.errors import StoreError
from migrationpact.store.records import AppendResult
from migrationpact.store.tables import deadlines
from migrationpact.store.unit_of_work import (
    SYSTEM_ACTOR,
    SYSTEM_ORGANISATION,
    Clock,
    NewEvent,
    UnitOfWork,
    chunks,
)

_MAX_LAPSES = 50


@dataclass(frozen=True)
class SkippedCase:
    """A case whose lapses the job could not record, and why (nothing of it was written)."""

    case_id: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"case_id": self.case_id, "reason": self.reason}


@dataclass
class LapseReport:
    """What one run of the lapse job recorded, and the cases it had to skip."""

    recorded: list[AppendResult] = field(default_factory=list)
    skipped: list[SkippedCase] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """True when no case was skipped."""
        return not self.skipped


def lapse_key(case_id: str, key: str, due: object) -> str:
    """The system's idempotency key of one lapse.

    >>> from datetime import date
    >>> lapse_key("C-1", "AMMR-04", date(2026, 8, 3))
    'lapse:C-1:AMMR-04:2026-08-03'
    """
    moment = due.isoformat() if isinstance(due, date) else str(due)
    return f"lapse:{case_id}:{key}:{moment}"


def record_lapses(
    engine: Engine, law: Law, clock: Clock, *, as_of: date, chunk: int = 200
) -> LapseReport:
    """Record every lapse due by the end of ``as_of``: ``chunk`` cases per transaction, a case
    that cannot be recorded skipped and reported."""
    with read_transaction(engine) as conn:
        candidates = list(
            conn.execute(
                select(deadlines.c.case_id)
                .where(deadlines.c.status == "open", deadlines.c.due_on <= as_of)
                .distinct()
                .order_by(deadlines.c.case_id)
            ).scalars()
        )
    report = LapseReport()
    for ids in chunks(candidates, chunk):
        with write_transaction(engine) as conn:
            work = UnitOfWork(conn, law, clock)
            recorded: list[AppendResult] = []
            for case_id in ids:
                mark = work.mark(case_id)
                try:
                    recorded += _stage_lapses(work, case_id, as_of)
                except (StoreError, ValueError) as exc:  # the store's or the domain's refusal
                    work.undo(mark)
                    report.skipped.append(SkippedCase(case_id, str(exc).splitlines()[0]))
            work.flush()
        report.recorded += recorded
    return report


def _stage_lapses(work: UnitOfWork, case_id: str, as_of: date) -> list[AppendResult]:
    """One lapse at a time: a lapse's consequence may start (or end) other deadlines."""
    staged: list[AppendResult] = []
    for _ in range(_MAX_LAPSES):
        lapses = due_lapses(work.case(case_id).state, as_of=as_of)
        if not lapses:
            return staged
        lapse = lapses[0]
        key = getattr(lapse, "key", lapse.type)
        due = getattr(lapse, "due", lapse.occurred_at)
        new = NewEvent(
            case_id,
            lapse,
            idempotency_key=lapse_key(case_id, key, due),
            actor=SYSTEM_ACTOR,
            organisation=SYSTEM_ORGANISATION,
        )
        staged.append(work.stage(new))
    raise StoreError(f"case {case_id}: lapses do not settle after {_MAX_LAPSES} rounds")

"""The lapse job: the system records ``deadline_lapsed`` for every deadline that has ended.

The job runs up to a moment (``until``; ``as_of=day`` means the end of that day), which the
caller must not put in the future (``services.lapses`` checks it against the clock): every
lapse is dated the moment its deadline ended, so nothing is dated ahead of the clock. The
scheduler inside the server runs it up to now, every hour; ``cases lapse`` up to the end of a
day that has passed. A dry run stages the same lapses and writes nothing.

Candidate cases are those with an open deadline that ended by then; the domain
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

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, select

from migrationpact.cases.lapses import DeadlineLapsed, lapse_horizon
from migrationpact.cases.machine import due_lapses
from migrationpact.law.law import Law
from migrationpact.observe.metrics import LAPSES
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


@dataclass(frozen=True)
class Lapse:
    """One lapse the job recorded (or, in a dry run, would record)."""

    case_id: str
    key: str
    rule_id: str
    ended_at: datetime
    consequence: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "key": self.key,
            "rule_id": self.rule_id,
            "ended_at": self.ended_at.isoformat(),
            "consequence": self.consequence,
        }


@dataclass
class LapseReport:
    """What one run of the lapse job recorded (nothing in a dry run), the lapses themselves,
    and the cases it had to skip."""

    until: datetime
    dry_run: bool = False
    recorded: list[AppendResult] = field(default_factory=list)
    lapses: list[Lapse] = field(default_factory=list)
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
    engine: Engine,
    law: Law,
    clock: Clock,
    *,
    as_of: date | None = None,
    until: datetime | None = None,
    dry_run: bool = False,
    chunk: int = 200,
    before_batch: Callable[[], None] | None = None,
) -> LapseReport:
    """Record every lapse of a deadline ended by ``until`` (or by the end of ``as_of``):
    ``chunk`` cases per transaction, a case that cannot be recorded skipped and reported.
    ``dry_run``: the same lapses are staged, and nothing is written. ``before_batch`` runs
    before each transaction (the scheduler renews its lease there)."""
    horizon = lapse_horizon(as_of=as_of, until=until)
    with read_transaction(engine) as conn:
        candidates = list(
            conn.execute(
                select(deadlines.c.case_id)
                .where(deadlines.c.status == "open", deadlines.c.due_end <= horizon)
                .distinct()
                .order_by(deadlines.c.case_id)
            ).scalars()
        )
    report = LapseReport(until=horizon, dry_run=dry_run)
    for ids in chunks(candidates, chunk):
        if before_batch is not None:
            before_batch()
        with write_transaction(engine) as conn:
            work = UnitOfWork(conn, law, clock)
            staged: list[tuple[AppendResult, Lapse]] = []
            for case_id in ids:
                mark = work.mark(case_id)
                try:
                    staged += _stage_lapses(work, case_id, horizon)
                except (StoreError, ValueError) as exc:  # the store's or the domain's refusal
                    work.undo(mark)
                    report.skipped.append(SkippedCase(case_id, str(exc).splitlines()[0]))
            if not dry_run:
                work.flush()
        recorded = [lapse for result, lapse in staged if not result.repeated]
        report.lapses += recorded
        if not dry_run:
            for lapse in recorded:
                LAPSES.labels(rule=lapse.rule_id).inc()
        if not dry_run:
            report.recorded += [result for result, _ in staged]
    return report


def _stage_lapses(
    work: UnitOfWork, case_id: str, horizon: datetime
) -> list[tuple[AppendResult, Lapse]]:
    """One lapse at a time: a lapse's consequence may start (or end) other deadlines."""
    staged: list[tuple[AppendResult, Lapse]] = []
    for _ in range(_MAX_LAPSES):
        lapses = due_lapses(work.case(case_id).state, until=horizon)
        if not lapses:
            return staged
        lapse = lapses[0]
        assert isinstance(lapse, DeadlineLapsed)
        new = NewEvent(
            case_id,
            lapse,
            idempotency_key=lapse_key(case_id, lapse.key, lapse.due),
            actor=SYSTEM_ACTOR,
            organisation=SYSTEM_ORGANISATION,
        )
        about = Lapse(case_id, lapse.key, lapse.rule_id, lapse.occurred_at, lapse.consequence)
        staged.append((work.stage(new), about))
    raise StoreError(f"case {case_id}: lapses do not settle after {_MAX_LAPSES} rounds")

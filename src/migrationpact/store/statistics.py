"""Statistics of the cases: counts by stage and procedure, open deadlines by organisation.

Aggregates only: no case id, no person, nothing that points at one file. The ministry's
analysts, supervisors and the monitoring bodies read them (``Action.STATISTICS_READ``) through
the API (``GET /v1/statistics``) and the web page ``/statistics``; both call
``case_statistics`` so they always show the same numbers. A deadline counts as open while it
runs or while its clock is suspended.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, Select, func, select

from migrationpact.store.database import read_transaction
from migrationpact.store.tables import case_states, deadlines

#: Deadline statuses that still count as open (running, or stopped for now).
OPEN_STATUSES = ("open", "suspended")


@dataclass(frozen=True)
class CaseStatistics:
    """The counts of one moment, each mapping sorted by its key."""

    cases: int
    by_stage: dict[str, int]
    by_procedure: dict[str, int]
    open_deadlines_by_organisation: dict[str, int]


def _counts(conn: Connection, query: Select[str, int]) -> dict[str, int]:
    return {str(key): int(n) for key, n in conn.execute(query)}


def case_statistics(engine: Engine) -> CaseStatistics:
    """Count the cases by stage and by procedure, and the open deadlines by organisation."""
    c, d = case_states.c, deadlines.c
    with read_transaction(engine) as conn:
        by_stage = _counts(conn, select(c.stage, func.count()).group_by(c.stage))
        by_procedure = _counts(conn, select(c.procedure, func.count()).group_by(c.procedure))
        open_by_org = _counts(
            conn,
            select(d.organisation, func.count())
            .where(d.status.in_(OPEN_STATUSES))
            .group_by(d.organisation),
        )
    return CaseStatistics(
        cases=sum(by_stage.values()),
        by_stage=dict(sorted(by_stage.items())),
        by_procedure=dict(sorted(by_procedure.items())),
        open_deadlines_by_organisation=dict(sorted(open_by_org.items())),
    )

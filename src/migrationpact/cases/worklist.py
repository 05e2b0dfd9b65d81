"""The worklist: which deadlines an organisation must act on, soonest first.

For one organisation (IND, KMar, COA, DTenV, …) and a day, the worklist lists every *open*
deadline of every case that ends within the next ``within_days`` days or has already ended
(overdue), ordered by the moment it ends, then case id, then key. ``days_left`` counts calendar
days from ``as_of`` to the last day (0: ends today; negative: overdue by that many days). For a
maximum duration that limits liberty (screening, border procedure) the alert day is its nominal
end, which can be earlier than the end after the weekend roll-forward: the item says so with
``alert_on`` and ``alert_passed``.

Suspended deadlines are left out: their clock is stopped and their end is not known. This is
the reference implementation; the store computes the same list with SQL for speed, and tests
compare the two.

>>> worklist_entries([], organisation="IND", as_of=date(2026, 7, 1), within_days=14)
[]
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from migrationpact.cases.explain import summary
from migrationpact.cases.models import Moment
from migrationpact.cases.state import CaseState, due_day, due_end
from migrationpact.law.law import Law


class WorkItem(BaseModel):
    """One open deadline on an organisation's worklist."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    case_id: str
    key: str
    rule_id: str
    title: str
    organisation: str
    due: Moment
    alert_on: Moment
    maximum: bool
    days_left: int
    overdue: bool
    alert_passed: bool
    verified: bool
    rule_set_version: str
    legal_basis: str
    stage: str
    #: The case's person, only where the reader may see them (the store's worklist fills it).
    pseudonym: str | None = None
    person_name: str | None = None


def worklist_entries(
    states: Iterable[CaseState],
    *,
    organisation: str,
    as_of: date,
    within_days: int,
    law: Law | None = None,
) -> list[WorkItem]:
    """Open deadlines of ``organisation`` due by ``as_of + within_days`` (overdue included);
    titles and legal bases from ``law`` (default: the shipped law)."""
    law = law or Law.default()
    items: list[tuple[datetime, str, str, WorkItem]] = []
    for state in states:
        for entry in state.deadlines:
            if entry.status != "open" or entry.organisation != organisation:
                continue
            last_day = due_day(entry.due)
            days_left = (last_day - as_of).days
            if days_left > within_days:
                continue
            about = summary(entry, law)
            item = WorkItem(
                case_id=state.case_id,
                key=entry.key,
                rule_id=entry.rule_id,
                title=about.title,
                organisation=entry.organisation,
                due=entry.due,
                alert_on=entry.alert_on,
                maximum=entry.maximum,
                days_left=days_left,
                overdue=days_left < 0,
                alert_passed=due_day(entry.alert_on) < as_of,
                verified=about.verified,
                rule_set_version=entry.rule_set_version,
                legal_basis=about.citations,
                stage=state.stage,
            )
            items.append((due_end(entry.due), state.case_id, entry.key, item))
    items.sort(key=lambda t: t[:3])
    return [t[3] for t in items]

"""What an amendment would change: a case's deadlines under the rule set of another date.

``compare_law_dates(case_id, events, law_date=...)`` replays the same events twice — once under
the law of each event's own day (the case as it is) and once with every period computed under
the rule set in force on ``law_date`` — and lists the deadlines side by side by key: due dates,
rule-set versions, and whether anything differs. Only the law changes, never the facts, so a
difference is the amendment's effect on this case.

>>> compare_law_dates("C-0", [], law_date=date(2026, 7, 1))
[]
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from pydantic import BaseModel, ConfigDict

from migrationpact.cases.events import AnyEvent
from migrationpact.cases.machine import replay
from migrationpact.cases.models import Moment
from migrationpact.cases.state import DeadlineEntry
from migrationpact.law.law import Law


class DeadlineComparison(BaseModel):
    """One deadline key, now and under the other date's rule set (None: not there)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    rule_id: str
    current_due: Moment | None
    current_status: str | None
    current_version: str | None
    other_due: Moment | None
    other_status: str | None
    other_version: str | None
    changed: bool


def _row(key: str, now: DeadlineEntry | None, other: DeadlineEntry | None) -> DeadlineComparison:
    some = now or other
    assert some is not None
    return DeadlineComparison(
        key=key,
        rule_id=some.rule_id,
        current_due=now.due if now else None,
        current_status=now.status if now else None,
        current_version=now.rule_set_version if now else None,
        other_due=other.due if other else None,
        other_status=other.status if other else None,
        other_version=other.rule_set_version if other else None,
        changed=(now.due if now else None) != (other.due if other else None)
        or (now.status if now else None) != (other.status if other else None),
    )


def compare_law_dates(
    case_id: str,
    events: Iterable[AnyEvent],
    *,
    law_date: date,
    law: Law | None = None,
) -> list[DeadlineComparison]:
    """The case's deadlines now and under the rule set of ``law_date``, by key."""
    stream = list(events)
    now = replay(case_id, stream, law=law)
    other = replay(case_id, stream, law=law, law_date=law_date)
    current = {d.key: d for d in now.deadlines}
    alternative = {d.key: d for d in other.deadlines}
    keys = list(dict.fromkeys([*current, *alternative]))
    return [_row(k, current.get(k), alternative.get(k)) for k in keys]

"""What an amendment would change: a case's deadlines under the rule set of another date.

``compare_deadlines(current, other)`` lists two sets of a case's deadline entries side by side
by key, each pair marked ``same`` (the same rule, due moment and status; a different rule-set
version with the same outcome is still ``same``), ``changed``, ``only-current`` or
``only-replayed``. ``compare_law_dates(case_id, events, law_date=...)`` replays the same events
twice — under the law of each event's own day (the case as it is) and with every period computed
under the rule set in force on ``law_date`` — and compares the two. Only the law changes, never
the facts, so a difference is the amendment's effect on this case. The store's ``replay_case``
compares the stored state with a replay the same way. ``changes_of_event`` compares the
deadlines just before and just after one event of a case: what recording it changed.

>>> compare_law_dates("C-0", [], law_date=date(2026, 7, 1))
[]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from migrationpact.cases.events import AnyEvent
from migrationpact.cases.machine import decide, replay
from migrationpact.cases.state import DeadlineEntry
from migrationpact.law.law import Law

#: What must be equal for a deadline to count as unchanged.
COMPARED = ("rule_id", "due", "status")


@dataclass(frozen=True)
class DeadlineComparison:
    """One deadline key as it is and under the other rules (None: not there)."""

    key: str
    current: DeadlineEntry | None
    replayed: DeadlineEntry | None

    @property
    def change(self) -> str:
        if self.current is None:
            return "only-replayed"
        if self.replayed is None:
            return "only-current"
        same = all(getattr(self.current, f) == getattr(self.replayed, f) for f in COMPARED)
        return "same" if same else "changed"

    @property
    def changed(self) -> bool:
        return self.change != "same"


def compare_deadlines(
    current: Sequence[DeadlineEntry], other: Sequence[DeadlineEntry]
) -> list[DeadlineComparison]:
    """The two sets by key, in the order of ``current`` and then the keys only ``other`` has."""
    now = {d.key: d for d in current}
    then = {d.key: d for d in other}
    keys = list(dict.fromkeys([*now, *then]))
    return [DeadlineComparison(k, now.get(k), then.get(k)) for k in keys]


def changed_by(
    before: Sequence[DeadlineEntry], after: Sequence[DeadlineEntry]
) -> list[DeadlineComparison]:
    """The deadlines that differ between two states of one case, say before and after an event:
    ``current`` is the entry before (None: new), ``replayed`` the one after."""
    return [c for c in compare_deadlines(before, after) if c.changed]


def changes_of_event(
    case_id: str, events: Sequence[AnyEvent], seq: int, *, law: Law | None = None
) -> list[DeadlineComparison]:
    """The deadlines event ``seq`` (from 1) of the case changed, before and after it: a new
    one, a new due date, met, lapsed, suspended, … (``changed_by``); [] when there is no such
    event."""
    if not 1 <= seq <= len(events):
        return []
    before = replay(case_id, events[: seq - 1], law=law)
    after = decide(before, events[seq - 1], law=law)
    return changed_by(before.deadlines, after.deadlines)


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
    return compare_deadlines(now.deadlines, other.deadlines)

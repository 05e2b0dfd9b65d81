"""The expected need for places: how many people of the open cases will still need one in each
coming month, and on which rule each figure rests.

Who needs a place: every case that is not closed and whose application was made (the right to
material reception conditions starts there, RCD Art. 19(1)), except a person who absconded or
was transferred. One case is one person (family members without a case of their own are not
counted). No new arrivals are assumed, so the need only goes down.

How long (``stay_of``), the first that applies:

1. a running time limit that ends the case's current stage (``data/need.yaml``, ``stages``): the
   case's own due date of that limit, then what follows it: nothing (a transfer), the length of
   a rule of the rule book (the transfer period after a reply, AMMR Art. 46(1)), or an assumption
   (``after_decision``; once a decision is notified, as in a border procedure that runs on to
   its appeal, ``after_grant`` or ``after_refusal`` by its outcome);
2. a decision notified: that day plus ``after_grant`` (protection granted) or ``after_refusal``
   (any other outcome);
3. otherwise the rule book's length for the procedure (border: APR-16, 12 weeks from
   registration; else APR-13, from lodging, registration or making), then ``after_decision``.

A stage end that has passed counts from today (the person is still there, the stage not yet
over); a wait after a decision runs from its notification, and lasts at least until today.
Lengths are added on the calendar (months, then weeks and days; a working day as 7/5 of a day):
a planning estimate, not the legal computation of a deadline.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from migrationpact.cases.state import CaseState, DeadlineEntry, due_day
from migrationpact.law.law import Law
from migrationpact.law.periods import Length
from migrationpact.law.periods.engine import add_months
from migrationpact.law.periods.lengths import Unit
from migrationpact.reception.occupancy.assumptions import LEAVES, NeedBook, default_need_book

GRANTED = frozenset({"refugee-status", "subsidiary-protection"})


@dataclass(frozen=True)
class Stay:
    """How long one case is expected to need a place (through ``until``), and why: the rule
    whose limit ends its stage (with its citation) and what follows (``then``)."""

    case_id: str
    until: date
    rule_id: str | None
    citation: str
    then: str | None

    @property
    def basis(self) -> str:
        """The figure's key: ``APR-16 + after_decision``, ``decision + after_grant``."""
        first = self.rule_id or "decision"
        return f"{first} + {self.then}" if self.then else first


@dataclass(frozen=True)
class MonthNeed:
    """The people expected to need a place on ``day`` (today, then each month's first day),
    in all and by basis."""

    day: date
    people: int
    by_basis: tuple[tuple[str, int], ...]

    def to_json(self) -> dict[str, Any]:
        return {"day": self.day.isoformat(), "people": self.people, "by_basis": dict(self.by_basis)}


def add_length(day: date, length: Length) -> date:
    """``day`` plus ``length`` on the calendar (see the module text).

    >>> add_length(date(2026, 7, 1), Length.parse("12 weeks"))
    datetime.date(2026, 9, 23)
    """
    later = add_months(day, length.months) + timedelta(days=length.days)
    working, hours = length.amount(Unit.WORKING_DAYS), length.amount(Unit.HOURS)
    return later + timedelta(days=-(-working * 7 // 5) + -(-hours // 24))


def needs_place(state: CaseState) -> bool:
    """Whether the case's person is counted as needing a place (see the module text)."""
    return (
        not state.closed
        and state.made_at is not None
        and not state.absconded
        and state.dublin.transferred_at is None
    )


def _cite(law: Law, rule_id: str, day: date) -> str:
    rule, _ = law.book.resolve(rule_id, day)
    return "; ".join(c.cite() for c in rule.legal_basis)


def _then(book: NeedBook, law: Law, day: date, then: str, today: date) -> date:
    """``day`` plus what ``then`` names (a rule's length as the rule book has it ``today``)."""
    if then == LEAVES:
        return day
    if then in book.assumptions:
        return add_length(day, Length.parse(book.assumptions[then].length))
    rule, _ = law.book.resolve(then, today)
    return add_length(day, Length.parse(rule.length or "0 days"))


def _stage_limit(state: CaseState, book: NeedBook) -> tuple[DeadlineEntry, str] | None:
    running = {d.rule_id: d for d in state.open_deadlines()}
    for stage in book.stages:
        for rule_id in stage.rules:
            if rule_id in running:
                return running[rule_id], stage.then
    return None


def _after(state: CaseState) -> str | None:
    """What follows a decision notified, by its outcome (None: none notified yet)."""
    decision = state.decision
    if decision is None or decision.notified_at is None:
        return None
    return "after_grant" if decision.outcome in GRANTED else "after_refusal"


def stay_of(state: CaseState, today: date, law: Law, book: NeedBook | None = None) -> Stay | None:
    """How long the case is expected to need a place (None: it needs none)."""
    if not needs_place(state):
        return None
    book = book or default_need_book()
    known = _after(state)
    found = _stage_limit(state, book)
    if found is not None:
        deadline, then = found
        if then == "after_decision" and known is not None:
            then = known  # the border procedure runs on after its decision: its outcome counts
        until = _then(book, law, max(due_day(deadline.due), today), then, today)
        citation = _cite(law, deadline.rule_id, today)
        return Stay(
            state.case_id, until, deadline.rule_id, citation, None if then == LEAVES else then
        )
    if known is not None and state.decision is not None and state.decision.notified_at is not None:
        # the wait after a decision runs from its notification; a person still here after it
        # is still here today
        until = max(_then(book, law, state.decision.notified_at.date(), known, today), today)
        return Stay(state.case_id, until, None, "", known)
    border = state.procedure == "border"
    rule_id = book.without_limit["border" if border else "regular"]
    started = (state.registered_at if border else None) or state.lodged_at
    started = started or state.registered_at or state.made_at
    assert started is not None  # needs_place: made_at is set
    end = max(_then(book, law, started.date(), rule_id, today), today)
    until = _then(book, law, end, "after_decision", today)
    return Stay(state.case_id, until, rule_id, _cite(law, rule_id, today), "after_decision")


def month_days(today: date, months: int) -> list[date]:
    """Today, then the first day of each of the ``months - 1`` coming months.

    >>> month_days(date(2026, 12, 5), 3)
    [datetime.date(2026, 12, 5), datetime.date(2027, 1, 1), datetime.date(2027, 2, 1)]
    """
    first = today.replace(day=1)
    return [today] + [add_months(first, n) for n in range(1, months)]


def expected_need(stays: Iterable[Stay], today: date, months: int) -> list[MonthNeed]:
    """The people expected to need a place on each of ``month_days``: those whose stay lasts
    through that day."""
    if months < 1:
        raise ValueError(f"months must be 1 or more, not {months}")
    listed = list(stays)
    out = []
    for day in month_days(today, months):
        counts = Counter(s.basis for s in listed if s.until >= day)
        out.append(MonthNeed(day, sum(counts.values()), tuple(sorted(counts.items()))))
    return out

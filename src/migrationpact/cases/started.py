"""The period a rule starts, as a deadline entry takes it from the rule book's answer.

A period counted in days (or weeks, months, years) ends on the same day whatever the hour it
starts, so a period started is remembered by the law per rule, start day, law date and crisis
decision (``started_period``): a replay of many cases counts each such period once, and every
entry started on it is a copy of one prototype entry (``StartedPeriod.prototype``). A period in
hours under Reg. 1182/71 ends alike for every start within one plain hour of the clock, and is
remembered per hour (``law.rulebook.hourly``); any other period in hours per moment.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, fields
from datetime import date, datetime
from functools import cached_property
from typing import Any

from migrationpact.cases.organisations import who
from migrationpact.cases.state import DeadlineEntry, assemble, built
from migrationpact.law.crisis import CrisisDecision
from migrationpact.law.law import Law
from migrationpact.law.rulebook import RuleDeadline, deadline
from migrationpact.law.rulebook.hourly import counts_hours_from_the_hour, start_hour
from migrationpact.law.rulebook.schema import Kind

MomentT = date | datetime

#: Rule kinds that are not periods: ``Draft.start`` starts nothing for them.
_NO_PERIOD = (Kind.NO_DAY_COUNT, Kind.APPLICABILITY, Kind.COMPOSITE)


def day_of(moment: MomentT) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


@dataclass(frozen=True)
class StartedPeriod:
    """What a new deadline entry takes from the rule book's answer."""

    rule_id: str
    requested_rule: str
    in_hours: bool
    due: MomentT
    nominal_end: MomentT
    alert_on: MomentT
    maximum: bool
    law_date: date
    rule_set_version: str
    crisis: str | None

    @classmethod
    def of(cls, computed: RuleDeadline) -> StartedPeriod:
        result = computed.result
        return cls(
            rule_id=computed.rule.id,
            requested_rule=computed.requested.id,
            in_hours=result.length.in_hours,
            due=result.end,
            nominal_end=result.nominal_end,
            alert_on=result.alert_on,
            maximum=result.maximum,
            law_date=computed.law_date,
            rule_set_version=computed.rule_set.version,
            crisis=computed.crisis.id if computed.crisis else None,
        )

    @cached_property
    def entry_fields(self) -> dict[str, Any]:
        """The fields of a ``DeadlineEntry`` this period gives (computed once: the law remembers
        a period, and every entry started on it reads them; not to be changed)."""
        return {name: self.__dict__[name] for name in _ENTRY_FIELDS}

    @cached_property
    def prototype(self) -> DeadlineEntry:
        """The open entry this period gives, with the organisation the responsibility table
        names. ``Draft.start`` copies it with the entry's key, start and event (the law date
        stands in for the start here): a copy costs half of building an entry anew."""
        fixed = {
            "key": self.rule_id,
            "organisation": who(self.rule_id)[0],
            "status": "open",
            "started_on": self.law_date,
            "opened_by_seq": 0,
        }
        return assemble(DeadlineEntry, self.entry_fields, fixed)

    def entry(self, key: str, started_on: MomentT, seq: int) -> DeadlineEntry:
        """The open entry ``key`` of this period, started at ``started_on`` by event ``seq``."""
        # ``evolved`` without its check of the field names: these three are the entry's own.
        values = self.prototype.__dict__.copy()
        values["key"], values["started_on"], values["opened_by_seq"] = key, started_on, seq
        return built(DeadlineEntry, values)


#: What a law's cache gives for a key it does not hold (None is an answer: not a period).
_UNKNOWN: Any = object()

_ENTRY_FIELDS = tuple(f.name for f in fields(StartedPeriod) if f.name != "in_hours")


def started_period(
    law: Law,
    rule_id: str,
    start: MomentT,
    law_date: date,
    crisis: CrisisDecision | None,
    day: date | None = None,
) -> StartedPeriod | None:
    """The period of ``rule_id`` started at ``start`` (on ``day``, ``day_of(start)`` when the
    caller has it); None when the rule in force is not a period. Errors of the rule book,
    crisis register and period engine propagate."""
    day = day_of(start) if day is None else day
    key = ("day", rule_id, day, isinstance(start, datetime), law_date, crisis)
    # Looked up first without ``remembered``'s closure: nearly every period is found.
    period: StartedPeriod | None = law.memory("periods").get(key, _UNKNOWN)
    if period is _UNKNOWN:
        period = law.remembered(
            "periods", key, lambda: _count(law, rule_id, start, law_date, crisis)
        )
    if period is not None and period.in_hours:  # the end depends on the moment, or its hour
        exact: Hashable = ("moment", rule_id, start, law_date, crisis)
        if crisis is None and isinstance(start, datetime) and _by_the_hour(law, rule_id, law_date):
            hour = _start_hour(law, start)
            if hour is not None:  # every start in this hour gives this end
                exact = ("hour", rule_id, hour, law_date)
        period = law.remembered(
            "periods", exact, lambda: _count(law, rule_id, start, law_date, crisis)
        )
    return period


def _by_the_hour(law: Law, rule_id: str, law_date: date) -> bool:
    """Whether the rule counts a period in hours from the next full hour (``law.rulebook.
    hourly``), remembered per rule and law date."""
    key = (rule_id, law_date)
    found: bool | None = law.memory("by-the-hour").get(key)
    if found is None:
        found = law.remembered(
            "by-the-hour", key, lambda: counts_hours_from_the_hour(law.book, rule_id, law_date)
        )
    return found


def _start_hour(law: Law, start: datetime) -> datetime | None:
    """``start_hour`` of ``start``, remembered per hour (it reads only the hour)."""
    hour = start.replace(minute=0, second=0, microsecond=0, fold=0)
    found: datetime | None = law.memory("start-hours").get(hour, _UNKNOWN)
    if found is _UNKNOWN:
        found = law.remembered("start-hours", hour, lambda: start_hour(start, law.calendar))
    return found


def _count(
    law: Law, rule_id: str, start: MomentT, law_date: date, crisis: CrisisDecision | None
) -> StartedPeriod | None:
    rule, _ = law.book.resolve(rule_id, law_date)
    if rule.kind in _NO_PERIOD:
        return None
    computed = deadline(
        rule_id, start=start, law_date=law_date, crisis=crisis, book=law.book,
        calendar=law.calendar,
    )  # fmt: skip
    return StartedPeriod.of(computed)

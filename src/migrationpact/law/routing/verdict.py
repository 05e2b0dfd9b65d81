"""What a case keeps of a routing answer, and which other facts get the same answer.

A case keeps of ``route``'s answer its *verdict*: screening, procedure, examination, whether the
border procedure is mandatory, the responsibility regime, the time limits that start, the facts
missing, and the versions of the law it was taken under. The explanation tree is not kept (a
person who asks is shown it computed afresh), and it is most of routing's cost.

Routing reads the days of the facts (made, registered) only by comparing them with days in its
data — the days a parameter is valid from and to, a parameter that is a day (the APR applies
from 12 June 2026), the day a recognition-rate figure was published or an edition came into
force — and with each other; it never counts with them. So facts that differ only in their
days, where each day lies on the same side of every data day as its counterpart and the days
are in the same order, get the same verdict but for its versions. ``epoch_key`` says so of two
facts: each day is replaced by the number of *turning days* up to it (every data day and the
day after it, so ``<``, ``<=`` and ``==`` all answer alike between two turning days), beside
the order of the days. The versions are not taken from the other facts: the rule book enters
routing only as the version of the rule set in force on the case's day, the rates also as the
data version of that day; both are looked up for the case's own day and are part of the key.

Facts that name a crisis are routed in full: a Council decision's days would be data too.
``tests/unit/law/test_routing_verdict.py`` compares verdicts with full routing on days around
every turning day.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from itertools import combinations
from typing import Any

from migrationpact.law.routing.engine import RoutingResult
from migrationpact.law.routing.facts import Facts

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Verdict:
    """What a case keeps of a routing answer (see the module text)."""

    screening: str
    procedure: str
    examination: str
    border_mandatory: bool | None
    responsibility_regime: str
    deadlines: tuple[str, ...]
    missing_facts: tuple[str, ...]
    rule_set_version: str | None
    routing_data_version: str

    @classmethod
    def of(cls, result: RoutingResult) -> Verdict:
        """The verdict's fields of ``result`` (each is a field of the routing result, by name)."""
        return cls(**{name: getattr(result, name) for name in _FIELDS})


_FIELDS = tuple(f.name for f in fields(Verdict))


def decision_day(facts: Facts) -> date | None:
    """The day routing takes its decision on (``route`` without a day given): the registration
    date, else the application date."""
    return facts.date_of_registration or facts.date_of_application


def turning_days(*data: object) -> tuple[date, ...]:
    """Every day found in ``data`` (walked through: containers, dataclasses, models, and text
    that reads as a day), and the day after each, in order."""
    found: set[date] = set()
    seen: set[int] = set()
    stack: list[Any] = list(data)
    while stack:
        value = stack.pop()
        if id(value) in seen or value is None or isinstance(value, bool | int | float | type):
            continue
        seen.add(id(value))
        if isinstance(value, date):
            found.add(value.date() if isinstance(value, datetime) else value)
        elif isinstance(value, str):
            found.update(_day_in(value))
        elif isinstance(value, Mapping):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list | tuple | set | frozenset):
            stack.extend(value)
        elif not callable(value):
            stack.extend(_attributes(value))
    return tuple(sorted(found | {d + _ONE_DAY for d in found if d < date.max}))


def _day_in(text: str) -> list[date]:
    if len(text) != 10:
        return []
    try:
        return [date.fromisoformat(text)]
    except ValueError:
        return []


def _attributes(value: object) -> list[Any]:
    values = list(getattr(value, "__dict__", {}).values())
    for cls in type(value).__mro__:
        for name in getattr(cls, "__slots__", ()):
            if hasattr(value, name):
                values.append(getattr(value, name))
    return values


def epoch_key(facts: Facts, turning: tuple[date, ...]) -> Hashable:
    """The facts with each day replaced by the number of ``turning`` days up to it, and the
    order of the days (see the module text)."""
    values = tuple(facts.__dict__.values())
    days = [v for v in values if type(v) is date]
    counted = tuple(bisect_right(turning, v) if type(v) is date else v for v in values)
    order = tuple((a < b, a == b) for a, b in combinations(days, 2))
    return (tuple(facts.__dict__), counted, tuple(map(type, values)), order)

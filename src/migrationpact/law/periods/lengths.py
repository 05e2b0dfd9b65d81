"""Lengths of periods: an amount of hours, days, working days, weeks, months or years.

A length may combine calendar units ("2 months 10 days"); the months (and years) are then
counted before the weeks and days. Hours and working days stand alone.

>>> Length.parse("2 months 10 days")
Length(parts=((2, <Unit.MONTHS: 'months'>), (10, <Unit.DAYS: 'days'>)))
>>> str(Length.parse("1 week"))
'1 week'
>>> Length.parse("72 hours").unit
<Unit.HOURS: 'hours'>
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from migrationpact.law.periods.errors import PeriodError


class Unit(StrEnum):
    HOURS = "hours"
    DAYS = "days"
    WORKING_DAYS = "working-days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"


_SINGULAR = {
    Unit.HOURS: "hour",
    Unit.DAYS: "day",
    Unit.WORKING_DAYS: "working day",
    Unit.WEEKS: "week",
    Unit.MONTHS: "month",
    Unit.YEARS: "year",
}
_ALIASES = {
    **{u.value: u for u in Unit},
    **{s: u for u, s in _SINGULAR.items()},
    "working days": Unit.WORKING_DAYS,
    "working-day": Unit.WORKING_DAYS,
    "h": Unit.HOURS,
    "d": Unit.DAYS,
}
# Calendar units in the order they are counted: years and months first, then weeks and days.
_CALENDAR_ORDER = (Unit.YEARS, Unit.MONTHS, Unit.WEEKS, Unit.DAYS)
_PART = re.compile(r"\s*(\d+)\s+([a-z][a-z -]*?)(?=\s+\d|\s*$|\s*\+)\s*\+?")


@dataclass(frozen=True)
class Length:
    """How long a period lasts, as ordered ``(amount, unit)`` parts."""

    parts: tuple[tuple[int, Unit], ...]

    def __post_init__(self) -> None:
        if not self.parts:
            raise PeriodError("a length needs at least one part, e.g. '5 days'")
        units = [unit for _, unit in self.parts]
        if len(set(units)) != len(units):
            raise PeriodError("a length names each unit once")
        if len(units) > 1 and not set(units) <= set(_CALENDAR_ORDER):
            raise PeriodError("hours and working days cannot be combined with other units")
        for amount, _ in self.parts:
            if amount < 1:
                raise PeriodError("each part of a length must be at least 1")
        ordered = tuple(sorted(self.parts, key=lambda p: _order(p[1])))
        object.__setattr__(self, "parts", ordered)

    @classmethod
    def of(cls, amount: int, unit: Unit | str) -> Length:
        return cls(((amount, Unit(unit)),))

    @classmethod
    def parse(cls, text: str) -> Length:
        """Read ``'N UNIT'`` (or several calendar parts, ``'1 month 10 days'``). A length is
        immutable, so each text is read once (every period counted parses its rule's length)."""
        return _parsed(text)

    def amount(self, unit: Unit) -> int:
        return sum(a for a, u in self.parts if u == unit)

    @property
    def unit(self) -> Unit:
        """The single unit of a one-part length (the first unit of a mixed one)."""
        return self.parts[0][1]

    @property
    def in_hours(self) -> bool:
        return self.unit is Unit.HOURS

    @property
    def in_working_days(self) -> bool:
        return self.unit is Unit.WORKING_DAYS

    @property
    def months(self) -> int:
        """Months to count first: years times twelve plus months."""
        return 12 * self.amount(Unit.YEARS) + self.amount(Unit.MONTHS)

    @property
    def days(self) -> int:
        """Days to count after the months: weeks times seven plus days."""
        return 7 * self.amount(Unit.WEEKS) + self.amount(Unit.DAYS)

    def __str__(self) -> str:
        return " ".join(
            f"{a} {_SINGULAR[u] if a == 1 else _SINGULAR[u] + 's'}" for a, u in self.parts
        )


def _order(unit: Unit) -> int:
    return _CALENDAR_ORDER.index(unit) if unit in _CALENDAR_ORDER else -1


@lru_cache(maxsize=1024)
def _parsed(text: str) -> Length:
    cleaned = text.strip().lower()
    matches = list(_PART.finditer(cleaned))
    if not matches or "".join(m.group(0) for m in matches).strip() != cleaned:
        raise PeriodError(
            f"cannot read length {text!r}: expected 'N UNIT' with UNIT one of "
            + ", ".join(u.value for u in Unit)
        )
    parts = []
    for m in matches:
        unit = _ALIASES.get(m.group(2).strip())
        if unit is None:
            raise PeriodError(
                f"unknown unit {m.group(2).strip()!r} in {text!r}: use one of "
                + ", ".join(u.value for u in Unit)
            )
        digits = m.group(1)
        if len(digits) > 6:
            raise PeriodError(f"length {text!r} is too long to be a legal period")
        parts.append((int(digits), unit))
    return Length(tuple(parts))

"""Reporting periods: a year, a half-year, a quarter or a month, as a report names and counts it.

A report to parliament or to Eurostat covers a period written ``2026`` (the calendar year),
``2026-H2`` (July to December), ``2026-Q3`` (July to September) or ``2026-07`` (July).
``parse_period`` reads one and gives its first and last day and its SDMX frequency (``A``,
``S``, ``Q``, ``M``); anything else is a ``PeriodError`` that says what was expected. Whether a
period may be reported on (not in the future, not before the Pact applies, a frequency the
report knows) is the report's question, not the period's: the progress report and the Eurostat
tables (``statistics.periods``) both read their periods here.

>>> p = parse_period("2026-H2")
>>> p.kind, p.first.isoformat(), p.last.isoformat()
('half-year', '2026-07-01', '2026-12-31')
>>> parse_period("2026-Q1").last.isoformat(), parse_period("2027-02").last.isoformat()
('2026-03-31', '2027-02-28')
>>> parse_period("2026").kind, parse_period("2026").frequency, parse_period("2026-Q3").frequency
('year', 'A', 'Q')
>>> try:
...     parse_period("2026-H3")
... except PeriodError as exc:
...     print(exc)
not a period: '2026-H3' (expected YYYY-H1/H2, YYYY-Q1..Q4, YYYY-MM or YYYY)
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

PeriodKind = Literal["year", "half-year", "quarter", "month"]
#: The SDMX frequency code of each kind (SDMX code list CL_FREQ: A annual, S half-yearly, …).
FREQUENCY: dict[str, str] = {"year": "A", "half-year": "S", "quarter": "Q", "month": "M"}
_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
EXPECTED = "YYYY-H1/H2, YYYY-Q1..Q4, YYYY-MM or YYYY"


class PeriodError(ValueError):
    """A text that is not a reporting period."""


@dataclass(frozen=True)
class ReportingPeriod:
    """A period by its text (``2026-H2``), its kind, and its first and last day."""

    text: str
    kind: PeriodKind
    first: date
    last: date

    @property
    def months(self) -> int:
        """How many calendar months the period has."""
        return (self.last.year - self.first.year) * 12 + self.last.month - self.first.month + 1

    @property
    def frequency(self) -> str:
        """The SDMX frequency code of the period's kind (``A``, ``S``, ``Q`` or ``M``)."""
        return FREQUENCY[self.kind]

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last

    def end_exclusive(self) -> date:
        """The day after the period's last day."""
        return self.last + timedelta(days=1)


def _months(
    text: str, kind: PeriodKind, year: int, first_month: int, count: int
) -> ReportingPeriod:
    last_month = first_month + count - 1
    last_day = calendar.monthrange(year, last_month)[1]
    return ReportingPeriod(text, kind, date(year, first_month, 1), date(year, last_month, last_day))


def parse_period(text: str) -> ReportingPeriod:
    """The period ``text`` names; a ``PeriodError`` for anything else (see the module text)."""
    value = text.strip()
    if (found := _HALF.match(value)) and int(found.group(1)) >= 1:
        half = int(found.group(2))
        return _months(value, "half-year", int(found.group(1)), 6 * half - 5, 6)
    if (found := _QUARTER.match(value)) and int(found.group(1)) >= 1:
        quarter = int(found.group(2))
        return _months(value, "quarter", int(found.group(1)), 3 * quarter - 2, 3)
    if (found := _MONTH.match(value)) and int(found.group(1)) >= 1:
        return _months(value, "month", int(found.group(1)), int(found.group(2)), 1)
    if (found := _YEAR.match(value)) and int(found.group(1)) >= 1:
        return _months(value, "year", int(found.group(1)), 1, 12)
    raise PeriodError(f"not a period: {text!r} (expected {EXPECTED})")

"""Reference periods: a month (``2026-07``), a quarter (``2026-Q3``) or a year (``2026``).

``parse`` reads one and refuses anything else; ``check`` refuses a period that has not begun
(in the future) or that ends before the data start (before the Pact applied, or before the first
recorded event). A period carries its first and last day and its SDMX frequency (M, Q, A).

>>> p = parse("2026-Q3")
>>> p.frequency, p.first, p.last, p.text
('Q', datetime.date(2026, 7, 1), datetime.date(2026, 9, 30), '2026-Q3')
>>> try:
...     parse("2026-7")
... except PeriodError as exc:
...     print(exc)
malformed period '2026-7': give YYYY-MM, YYYY-Qn or YYYY
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from migrationpact.statistics.codes import lists

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
#: How many months each frequency spans, finest first.
MONTHS = {"M": 1, "Q": 3, "A": 12}


class PeriodError(ValueError):
    """A period that is malformed, in the future or before the data start."""


@dataclass(frozen=True)
class Period:
    text: str
    frequency: str
    first: date
    last: date

    def end_exclusive(self) -> date:
        return self.last + timedelta(days=1)


def _span(year: int, month: int, months: int) -> tuple[date, date]:
    end_month = month + months - 1
    return date(year, month, 1), date(year, end_month, calendar.monthrange(year, end_month)[1])


def parse(text: str) -> Period:
    """The period ``text`` names (``PeriodError`` if it is malformed)."""
    if m := _MONTH.match(text):
        first, last = _span(int(m[1]), int(m[2]), 1)
        return Period(text, "M", first, last)
    if m := _QUARTER.match(text):
        first, last = _span(int(m[1]), 3 * int(m[2]) - 2, 3)
        return Period(text, "Q", first, last)
    if m := _YEAR.match(text):
        first, last = _span(int(m[1]), 1, 12)
        return Period(text, "A", first, last)
    raise PeriodError(f"malformed period {text!r}: give YYYY-MM, YYYY-Qn or YYYY")


def data_starts() -> date:
    """The first day any table may cover (the Pact's date of application)."""
    value: date = lists()["data_starts"]
    return value


def check(period: Period, *, today: date, first_event: date | None) -> Period:
    """``period`` if a table may be made for it on ``today``; ``PeriodError`` saying why not."""
    if period.first > today:
        raise PeriodError(f"period {period.text} is in the future (today is {today.isoformat()})")
    start = data_starts()
    if period.last < start:
        raise PeriodError(
            f"period {period.text} ends before the data start ({start.isoformat()}, the Pact)"
        )
    if first_event is None or period.last < first_event:
        since = (
            "no events are recorded"
            if first_event is None
            else (f"the first event is of {first_event.isoformat()}")
        )
        raise PeriodError(f"period {period.text} ends before the data start ({since})")
    return period


def is_provisional(period: Period, today: date) -> bool:
    """Whether values of ``period`` are still provisional on ``today`` (see the data)."""
    days = int(lists()["provisional"]["days_after_period"])
    return today <= period.last + timedelta(days=days)

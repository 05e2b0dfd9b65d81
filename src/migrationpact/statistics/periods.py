"""Reference periods: a month (``2026-07``), a quarter (``2026-Q3``) or a year (``2026``).

The text of a period is read by the one parser of reporting periods
(``law.reporting_period``); ``parse`` adds what Eurostat's tables ask: no half-years (no table
is delivered by half-year). ``check`` refuses a period that has not begun (in the future) or
that ends before the data start (before the Pact applied, or before the first recorded event).
A period carries its first and last day and its SDMX frequency (M, Q, A).

>>> p = parse("2026-Q3")
>>> p.frequency, p.first, p.last, p.text
('Q', datetime.date(2026, 7, 1), datetime.date(2026, 9, 30), '2026-Q3')
>>> for text in ("2026-7", "2026-H2"):
...     try:
...         parse(text)
...     except PeriodError as exc:
...         print(exc)
malformed period '2026-7': give YYYY-MM, YYYY-Qn or YYYY
no Eurostat table covers a half-year ('2026-H2'): give YYYY-MM, YYYY-Qn or YYYY
"""

from __future__ import annotations

from datetime import date, timedelta

from migrationpact.law import reporting_period
from migrationpact.law.reporting_period import ReportingPeriod as Period
from migrationpact.statistics.codes import lists

__all__ = ["Period", "PeriodError", "check", "data_starts", "is_provisional", "parse"]

_EXPECTED = "give YYYY-MM, YYYY-Qn or YYYY"


class PeriodError(ValueError):
    """A period that is malformed, in the future or before the data start."""


def parse(text: str) -> Period:
    """The period ``text`` names (``PeriodError`` if it is malformed or a half-year)."""
    try:
        period = reporting_period.parse_period(text)
    except reporting_period.PeriodError:
        raise PeriodError(f"malformed period {text!r}: {_EXPECTED}") from None
    if period.kind == "half-year":
        raise PeriodError(f"no Eurostat table covers a half-year ({text!r}): {_EXPECTED}")
    return period


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

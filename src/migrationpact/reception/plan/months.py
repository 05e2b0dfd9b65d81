"""Months as the plan counts them: the ``date`` of a month's first day, written ``YYYY-MM``.

>>> parse_month("2027-01"), month_text(date(2027, 1, 1))
(datetime.date(2027, 1, 1), '2027-01')
>>> months_between(date(2026, 11, 1), date(2027, 2, 1))
3
"""

from __future__ import annotations

import re
from datetime import date

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class MonthError(ValueError):
    """A month that is not ``YYYY-MM``."""


def month_of(day: date) -> date:
    """The month ``day`` lies in (its first day)."""
    return day.replace(day=1)


def parse_month(text: str) -> date:
    """``'2027-01'`` as a month; a ``MonthError`` for anything else."""
    found = _MONTH.match(text.strip())
    if found is None or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 1:
        raise MonthError(f"not a month: {text!r} (expected YYYY-MM)")
    return date(int(found.group(1)), int(found.group(2)), 1)


def month_text(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def months_between(first: date, last: date) -> int:
    """Whole months from the month of ``first`` to the month of ``last``."""
    return (last.year - first.year) * 12 + last.month - first.month

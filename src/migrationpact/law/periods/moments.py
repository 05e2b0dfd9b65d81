"""Reading the moment an event happened: a date, or a local date and time.

>>> parse_moment("2026-06-15")
datetime.date(2026, 6, 15)
>>> parse_moment("2026-06-15T10:15")
datetime.datetime(2026, 6, 15, 10, 15)
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from migrationpact.law.periods.errors import PeriodError
from migrationpact.law.periods.result import Moment

#: The clock of the case files: their local times are Dutch time, without a zone.
DUTCH_TIME = ZoneInfo("Europe/Amsterdam")


def dutch_today() -> date:
    """Today on the case files' clock: the default day where no store's clock is at hand. (A
    server's own ``date.today()`` runs in UTC, an hour or two behind the Dutch date at night.)"""
    return datetime.now(DUTCH_TIME).date()


def parse_moment(text: str) -> Moment:
    """``YYYY-MM-DD`` → date; ``YYYY-MM-DDTHH:MM`` (local time where the act is done) → datetime."""
    text = text.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        if len(text) == 16 and text[10] == "T":
            return datetime.strptime(text, "%Y-%m-%dT%H:%M")
    except ValueError:
        pass
    raise PeriodError(f"cannot read {text!r}: give YYYY-MM-DD or a local YYYY-MM-DDTHH:MM")

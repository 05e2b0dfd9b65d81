"""Whether a deadline was met late, and by how much: one answer for the pages, the API and SQL.

A deadline entry that is closed knows when (``DeadlineEntry.closed_at``: the moment of the event
that closed it; for a lapse, the moment the period ran out). It was *met late* when the act it
asks for was done at or after the moment it ended (``ends_at``: 24:00 of its last day, or the
exact end of a period counted in hours) — the same test the state machine applies when it closes
a deadline as met and notes "after the deadline ended".

How late, precisely:

* ``days_late`` counts calendar days from the deadline's last day (its due day) to the day it
  was met: a deadline due on Wednesday 2 December and met on Friday 4 December (at any hour) is
  2 days late; met at 00:00 on Thursday 3 December, the first moment after its end, it is 1 day
  late. For a period counted in hours it is the same count of calendar days, so a deadline that
  ended at 11:00 and was met at 15:00 the same day is 0 days late;
* ``hours_late`` (periods counted in hours only) counts the hours from the end to the moment it
  was met, rounded up, at least one: ended 11:00, met 15:30 is 5 hours late; met at 11:00
  exactly, 1 hour. The hours are elapsed time, as the period counted them
  (``law.periods.hours.elapsed``): ended 01:00 on the night the clocks go back, met 03:30, is
  3½ hours later, so 4 hours late.

A deadline that *lapsed* ran out unmet (``status`` lapsed): it is not "late", it is lapsed, and
has no count. An open deadline past its end is *overdue* (the worklist's ``days_left``), not late.

>>> from datetime import date, datetime
>>> lateness("met", date(2026, 12, 2), datetime(2026, 12, 4, 9, 15))
Lateness(late=True, days_late=2, hours_late=None)
>>> lateness("met", date(2026, 12, 2), datetime(2026, 12, 3, 0, 0))
Lateness(late=True, days_late=1, hours_late=None)
>>> lateness("met", date(2026, 12, 2), datetime(2026, 12, 2, 23, 59))
Lateness(late=False, days_late=None, hours_late=None)
>>> lateness("met", datetime(2026, 12, 2, 11, 0), datetime(2026, 12, 2, 15, 30))
Lateness(late=True, days_late=0, hours_late=5)
>>> lateness("met", datetime(2026, 10, 25, 1, 0), datetime(2026, 10, 25, 3, 30))
Lateness(late=True, days_late=0, hours_late=4)
>>> lateness("lapsed", date(2026, 12, 2), datetime(2026, 12, 3, 0, 0))
Lateness(late=False, days_late=None, hours_late=None)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from migrationpact.cases.state import DeadlineEntry, due_day, due_end
from migrationpact.law.periods.hours import elapsed
from migrationpact.law.periods.moments import DUTCH_TIME

_HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Lateness:
    """Whether a deadline was met late; how many calendar days (and, counted in hours, hours)."""

    late: bool
    days_late: int | None = None
    hours_late: int | None = None


ON_TIME = Lateness(late=False)


def lateness(status: str, due: date | datetime, closed_at: datetime | None) -> Lateness:
    """How late a deadline with ``status`` and ``due`` was met at ``closed_at`` (module text)."""
    if status != "met" or closed_at is None:
        return ON_TIME
    end = due_end(due)
    if closed_at < end:
        return ON_TIME
    days = (closed_at.date() - due_day(due)).days
    if not isinstance(due, datetime):
        return Lateness(late=True, days_late=days)
    hours = max(1, math.ceil(elapsed(end, closed_at, DUTCH_TIME) / _HOUR))
    return Lateness(late=True, days_late=days, hours_late=hours)


def entry_lateness(entry: DeadlineEntry) -> Lateness:
    """How late ``entry`` was met (``ON_TIME`` unless it was met at or after its end)."""
    return lateness(entry.status, entry.due, entry.closed_at)

"""Public-holiday calendars for the computation of time limits, one data file per member state.

A period that ends on a Saturday, Sunday or public holiday moves to the next working day under
most counting rules, so every deadline depends on the holiday list of the member state where the
act is to be done. Each member state's list is a TOML file in ``data/`` that names its legal
source; Easter-dependent days are computed; days a government equates with holidays by decree
are listed with that decree. Another member state is added by adding a file. A member state
may have several lists; which one each counting regime uses is a dated setting in
``data/choices/`` (see ``choice``).

>>> from datetime import date
>>> nl = get_calendar("NL")
>>> nl.is_working_day(date(2026, 4, 27))   # King's Day
False
>>> [h.day.isoformat() for h in nl.holidays(2026)][:3]
['2026-01-01', '2026-01-02', '2026-04-03']
"""

from migrationpact.law.calendars.choice import (
    CalendarChoice,
    calendar_for,
    choices,
    choose_calendar,
    has_choices,
    lists_of,
)
from migrationpact.law.calendars.model import CalendarError, Holiday, HolidayCalendar
from migrationpact.law.calendars.registry import available_calendars, get_calendar

__all__ = [
    "CalendarChoice",
    "CalendarError",
    "Holiday",
    "HolidayCalendar",
    "available_calendars",
    "calendar_for",
    "choices",
    "choose_calendar",
    "get_calendar",
    "has_choices",
    "lists_of",
]

"""Which periods of the rule book end alike for every start within one hour.

A period in hours under Reg. 1182/71 starts its clock at the next full hour (Art. 3(1)), so in a
plain hour of the clock every moment gives the same end (``law.periods.hours.counted_hour``).
``start_hour`` says when ``deadline`` counts such a period for a rule, so that a caller may
remember one answer for the whole hour (``cases.started``); a Dutch period in hours runs from
the moment itself (Atw Art. 4), and a crisis or an extension may change the rule counted, so
neither is one.
"""

from __future__ import annotations

from datetime import date, datetime

from migrationpact.law.calendars import CalendarError, HolidayCalendar, calendar_for
from migrationpact.law.crisis import CrisisError
from migrationpact.law.periods import Length, PeriodError, Regime
from migrationpact.law.periods.hours import counted_hour
from migrationpact.law.periods.regimes import rules_for
from migrationpact.law.rulebook.book import RuleBook
from migrationpact.law.rulebook.deadlines import _effective_rule
from migrationpact.law.rulebook.errors import RuleBookError
from migrationpact.law.rulebook.schema import Kind


def counts_hours_from_the_hour(book: RuleBook, rule_id: str, law_date: date) -> bool:
    """Whether ``deadline(rule_id, law_date=law_date)``, without a crisis or extensions, counts
    a period in hours under Reg. 1182/71."""
    try:
        requested, rule_set = book.resolve(rule_id, law_date)
        rule, _, _ = _effective_rule(book, requested, rule_set, None)
    except (RuleBookError, CrisisError):
        return False
    if rule.kind == Kind.EXTENSION or rule.length is None or rule.counting is None:
        return False
    try:
        regime = rules_for(rule.counting.regime, rule.counting.instrument).regime
        in_hours = Length.parse(rule.length).in_hours
    except PeriodError:
        return False
    return in_hours and regime is Regime.EU


def start_hour(start: datetime, calendar: HolidayCalendar) -> datetime | None:
    """The hour of ``start`` when every start in it gives a period in hours under
    Reg. 1182/71 the same end, on the holiday list ``deadline`` counts with (the list gives the
    clock's time zone); None otherwise."""
    try:
        cal, _ = calendar_for(calendar, Regime.EU.value, start.date())
    except CalendarError:
        return None
    return counted_hour(start, cal)

"""The scalar period engine: one period in, its end and derivation out.

The algorithm, for a period counted forwards from an event (see docs/periods.md):

1. The event's day (for hours: the hour) is not counted.
2. Count the length: days, or months first and then weeks and days; a week or month period ends
   on the same weekday or date as the event day, or on the last day of a month that has no such
   date; working days count only working days.
3. Apply the ledger: extensions lengthen the period, suspended days are added back.
4. This is the *nominal end*. Then, by regime: move an end on a Saturday, Sunday or holiday to
   the next working day, and make a period long enough contain two working days.

>>> from datetime import date
>>> r = compute_period(start=date(2026, 8, 31), length="2 months", regime="pact")
>>> r.nominal_end, r.end
(datetime.date(2026, 10, 31), datetime.date(2026, 11, 2))
>>> print(r.steps[-1].text)
Sat 31 Oct 2026 is not a working day (Saturday) → Mon 2 Nov 2026
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Sequence
from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta

from migrationpact.law.calendars import (
    CalendarChoice,
    CalendarError,
    HolidayCalendar,
    calendar_for,
    get_calendar,
    lists_of,
)
from migrationpact.law.periods.adjustments import Extension, Suspension
from migrationpact.law.periods.errors import PeriodError
from migrationpact.law.periods.hours import count_hours, extend_hours
from migrationpact.law.periods.lengths import Length, Unit
from migrationpact.law.periods.regimes import Regime, RegimeRules, rules_for
from migrationpact.law.periods.result import Moment, PeriodResult, Step
from migrationpact.law.text import Text, show

ONE_DAY = timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """Same date ``months`` later (earlier when negative), or the last day of a shorter month.

    >>> add_months(date(2026, 12, 31), 2)
    datetime.date(2027, 2, 28)
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if not MINYEAR <= year <= MAXYEAR:
        raise OverflowError(f"{months} months from {day.isoformat()} is out of range")
    last = _calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def count_length(day: date, length: Length, sign: int, cal: HolidayCalendar) -> date:
    """Count ``length`` from ``day`` (the uncounted event day) forwards (+1) or backwards (-1)."""
    if length.in_working_days:
        return cal.shift_working_days(day, sign * length.amount(Unit.WORKING_DAYS))
    return add_months(day, sign * length.months) + sign * timedelta(days=length.days)


def compute_period(
    *,
    start: Moment,
    length: Length | str,
    regime: Regime | str = Regime.EU,
    calendar: HolidayCalendar | str = "NL",
    backwards: bool = False,
    maximum: bool = False,
    instrument: str | None = None,
    suspensions: Sequence[Suspension] = (),
    extensions: Sequence[Extension] = (),
) -> PeriodResult:
    """Compute the end of one period; raises ``PeriodError`` on input that cannot be computed."""
    length = Length.parse(length) if isinstance(length, str) else length
    rules = rules_for(regime, instrument)
    event = start.date() if isinstance(start, datetime) else start
    if not length.in_hours:
        _check_covered(event, get_calendar(calendar) if isinstance(calendar, str) else calendar)
    cal, choice = calendar_for(calendar, rules.regime.value, event)
    if backwards and (suspensions or extensions):
        raise PeriodError("a period counted backwards cannot be suspended or extended")
    nominal: Moment
    end: Moment
    try:
        if length.in_hours:
            if suspensions or (extensions and not all(e.length.in_hours for e in extensions)):
                raise PeriodError(
                    "suspensions apply to periods in days or longer; a period in hours is "
                    "extended only by hours"
                )
            nominal, steps = count_hours(start, length.amount(Unit.HOURS), rules, cal, backwards)
            nominal = extend_hours(start, length, nominal, extensions, rules, cal, steps)
            end = nominal
            warnings: list[str] = []
        else:
            event_day = start.date() if isinstance(start, datetime) else start
            _check_covered(event_day, cal)
            if backwards:
                nominal, steps = _count_back(event_day, length, rules, cal)
                end = nominal
            else:
                counted, steps = _count_forward(
                    event_day, length, rules, cal, suspensions, extensions
                )
                end, adjust = _adjust(event_day, length, counted, rules, cal)
                nominal = counted
                steps += adjust
            counted_from = event_day if _counts_working_days(length, steps) else nominal
            warnings = _calendar_warnings(counted_from, nominal, end, cal)
            if _calendar_matters(event_day, counted_from, end, length, rules, steps, cal):
                _insert_after_count(steps, _calendar_step(cal, choice, rules))
    except OverflowError as exc:
        raise PeriodError("the period runs beyond the dates that can be computed") from exc
    except CalendarError as exc:
        raise PeriodError(str(exc)) from exc
    if maximum and not backwards:
        steps.append(
            Step(
                "maximum",
                Text(
                    "Maximum duration that limits liberty: whether the roll-forward may lengthen "
                    "it is uncertain, so the alert is set on the nominal end %(nominal)s",
                    nominal=nominal,
                ),
                end,
                nominal,
                rules.cites.get("roll-forward") or rules.cites["start"],
            )
        )
    return PeriodResult(
        start=start,
        length=length,
        regime=rules.regime,
        calendar=cal.code,
        backwards=backwards,
        nominal_end=nominal,
        end=end,
        steps=tuple(steps),
        maximum=maximum,
        instrument=instrument,
        suspensions=tuple(suspensions),
        extensions=tuple(extensions),
        warnings=tuple(warnings),
    )


def _count_forward(
    event_day: date,
    length: Length,
    rules: RegimeRules,
    cal: HolidayCalendar,
    suspensions: Sequence[Suspension],
    extensions: Sequence[Extension],
) -> tuple[date, list[Step]]:
    first = event_day + ONE_DAY
    steps = [
        Step(
            "start",
            Text(
                "The event day %(day)s is not counted; counting starts %(first)s",
                day=event_day,
                first=first,
            ),
            event_day,
            first,
            rules.cites["start"],
        )
    ]
    nominal = count_length(event_day, length, 1, cal)
    steps.append(_count_step(event_day, length, nominal, rules, Text("counted from the event")))
    for ext in extensions:
        extended = count_length(nominal, ext.length, 1, cal)
        steps.append(
            Step("extension", ext.describe(nominal, extended), nominal, extended, ext.basis)
        )
        nominal = extended
    for sus in sorted(suspensions, key=lambda s: s.stopped_on):
        lost = _suspended_count(sus, first, nominal, length, cal)
        if not lost:
            continue
        unit = Unit.WORKING_DAYS if length.in_working_days else Unit.DAYS
        if length.in_working_days:
            later = cal.shift_working_days(nominal, lost)
        else:
            later = nominal + timedelta(days=lost)
        values = {
            "stopped": sus.stopped_on,
            "resumed": sus.resumed_on or sus.stopped_on,
            "lost": Length.of(lost, unit),
            "before": nominal,
            "after": later,
        }
        text = (
            Text(
                "Clock stopped %(stopped)s – %(resumed)s (%(reason)s): %(lost)s added, "
                "%(before)s → %(after)s",
                reason=sus.reason,
                **values,
            )
            if sus.reason
            else Text(
                "Clock stopped %(stopped)s – %(resumed)s: %(lost)s added, %(before)s → %(after)s",
                **values,
            )
        )
        steps.append(
            Step(
                "suspension",
                text,
                nominal,
                later,
                sus.basis or rules.cites["suspension"],
            )
        )
        nominal = later
    return nominal, steps


def _suspended_count(
    sus: Suspension, first: date, nominal: date, length: Length, cal: HolidayCalendar
) -> int:
    """Days (working days for a working-day period) of ``sus`` that fall inside the period."""
    if sus.resumed_on is None:
        raise PeriodError(
            f"the clock is stopped since {sus.stopped_on.isoformat()}: "
            "the end cannot be known until it resumes"
        )
    lo = max(sus.stopped_on, first)
    hi = min(sus.resumed_on - ONE_DAY, nominal)
    if hi < lo:
        return 0
    if length.in_working_days:
        return cal.working_days_between(lo, hi)
    return (hi - lo).days + 1


def _count_step(
    event_day: date, length: Length, nominal: date, rules: RegimeRules, how: Text
) -> Step:
    if length.in_working_days:
        text = Text(
            "%(length)s %(how)s, counting only working days: %(end)s",
            length=length,
            how=how,
            end=nominal,
        )
        return Step("count", text, event_day, nominal, rules.cites["working-days"])
    text = Text("%(length)s %(how)s: %(end)s", length=length, how=how, end=nominal)
    cite = rules.cites["count"]
    if length.months:
        note: Text | None = None
        if add_months(event_day, length.months).day != event_day.day:
            note = (
                Text(
                    "the month has no day %(day)s, so its last day counts; months are counted "
                    "before days",
                    day=event_day.day,
                )
                if length.days
                else Text("the month has no day %(day)s, so its last day counts", day=event_day.day)
            )
        elif length.days:
            note = Text("months counted first, then days")
        if note is not None:
            text = Text("%(text)s (%(note)s)", text=text, note=note)
        if length.days:
            cite = cite + rules.cites.get("mixed", ())
    elif length.amount(Unit.WEEKS) == 0:
        cite = rules.cites.get("count-days", cite)
    return Step("count", text, event_day, nominal, cite)


def _adjust(
    event_day: date, length: Length, nominal: date, rules: RegimeRules, cal: HolidayCalendar
) -> tuple[date, list[Step]]:
    """The regime's rules for an end on a non-working day and for working-day minimums."""
    steps: list[Step] = []
    end = nominal
    if rules.max_months_for_extension is not None and _longer_than(
        event_day, length, cal, rules.max_months_for_extension
    ):
        steps.append(
            Step(
                "excluded",
                Text(
                    "A period longer than %(months)s months (90 days, 12 weeks) is not extended "
                    "for Saturdays, Sundays or holidays",
                    months=rules.max_months_for_extension,
                ),
                nominal,
                nominal,
                rules.cites["excluded"],
            )
        )
        return end, steps
    reason = cal.why_not_working(end)
    if reason is not None:
        if rules.roll_forward:
            end = cal.next_working_day(end)
            steps.append(
                Step(
                    "roll-forward",
                    Text(
                        "%(day)s is not a working day (%(reason)s) → %(end)s",
                        day=nominal,
                        reason=reason,
                        end=end,
                    ),
                    nominal,
                    end,
                    rules.cites["roll-forward"],
                )
            )
        else:
            steps.append(
                Step(
                    "no-roll",
                    Text(
                        "%(day)s is not a working day (%(reason)s), but Saturdays, Sundays and "
                        "holidays are included and the end does not move",
                        day=nominal,
                        reason=reason,
                    ),
                    nominal,
                    nominal,
                    rules.cites["no-roll"],
                )
            )
    threshold = rules.min_two_working_days_from
    nominal_days = (nominal - event_day).days
    first = event_day + ONE_DAY
    short = (
        not length.in_working_days
        and nominal_days >= (threshold or 2)
        and cal.working_days_between(first, end) < 2
    )
    if short and threshold is not None:
        second = cal.shift_working_days(event_day, 2)
        steps.append(
            Step(
                "min-working-days",
                Text(
                    "A period of %(days)s days or more must contain two working days; "
                    "%(first)s – %(last)s has fewer → %(end)s",
                    days=threshold,
                    first=first,
                    last=end,
                    end=second,
                ),
                end,
                second,
                rules.cites["min-working-days"],
            )
        )
        end = second
    elif short and rules.regime is Regime.PACT:
        steps.append(
            Step(
                "no-minimum",
                Text(
                    "%(first)s – %(last)s holds fewer than two working days, but the Pact's own "
                    "counting article has no two-working-day minimum (unlike Reg. 1182/71)",
                    first=first,
                    last=end,
                ),
                end,
                end,
                rules.cites["no-minimum"],
            )
        )
    return end, steps


def _longer_than(event_day: date, length: Length, cal: HolidayCalendar, months: int) -> bool:
    """Atw Art. 4 looks at the period as the law sets it; suspensions and extensions do not count.

    (Judging it on the end after the ledger let a one-day suspension switch off the roll-forward
    and move the end *earlier*.)
    """
    if not length.months and not length.in_working_days:
        return length.days > 90
    return count_length(event_day, length, 1, cal) > add_months(event_day, months)


def _count_back(
    event_day: date, length: Length, rules: RegimeRules, cal: HolidayCalendar
) -> tuple[date, list[Step]]:
    nominal = count_length(event_day, length, -1, cal)
    steps = [
        Step(
            "start",
            Text(
                "The event day %(day)s is not counted; counting back starts %(first)s",
                day=event_day,
                first=event_day - ONE_DAY,
            ),
            event_day,
            event_day - ONE_DAY,
            rules.cites["start"],
        ),
        _count_step(event_day, length, nominal, rules, Text("counted back from the event")),
        Step(
            "backwards",
            Text(
                "A period counted backwards is not moved for Saturdays, Sundays or holidays; "
                "the act must be done by the end of %(day)s",
                day=nominal,
            ),
            nominal,
            nominal,
            rules.cites["backwards"],
        ),
    ]
    return nominal, steps


def _counts_working_days(length: Length, steps: list[Step]) -> bool:
    """Whether working days inside the period decided the end, not just the days after it."""
    return length.in_working_days or any(s.rule == "min-working-days" for s in steps)


def _check_covered(day: date, cal: HolidayCalendar) -> None:
    if day < cal.valid_from:
        raise PeriodError(
            f"calendar {cal.code} holds holidays from {cal.valid_from.isoformat()}, "
            f"not for {day.isoformat()}"
        )


def _calendar_warnings(first: date, nominal: date, end: date, cal: HolidayCalendar) -> list[str]:
    """Doubts about the calendar that could change the end: only days from ``first`` to ``end``.

    ``first`` is the nominal end unless a working-day count looked further back (Art. 3(5),
    Atw Art. 2, working-day periods): days before it cannot move the end.
    """
    lo, hi = sorted((first, end))
    warnings: list[str] = [
        f"no decree equating days with holidays is recorded for {year} in calendar "
        f"{cal.code}; an equated day may be missing"
        for year in range(lo.year, hi.year + 1)
        if not cal.equated_days_known(year)
    ]
    # A period counted back may end before the calendar's first year: no holidays to doubt.
    for year in range(max(lo.year, cal.valid_from.year), hi.year + 1):
        for holiday in cal.holidays(year):
            if lo <= holiday.day <= hi and not holiday.verified:
                warnings.append(f"{show(holiday.day)} counts as {holiday.describe()}")
    return warnings


def _calendar_matters(
    event_day: date,
    first: date,
    end: date,
    length: Length,
    rules: RegimeRules,
    steps: list[Step],
    cal: HolidayCalendar,
) -> bool:
    """Whether the choice of holiday list could change this end: the regime consults holidays
    (a working-day count, or a roll-forward that Atw Art. 4 does not exclude) and a holiday of
    any of the member state's lists lies where it could move the end."""
    rolls = rules.roll_forward and not any(s.rule in ("excluded", "backwards") for s in steps)
    if not (length.in_working_days or rolls):
        return False
    lo, hi = sorted((first, end))
    threshold = rules.min_two_working_days_from
    # A short period may lack two working days under another list: look from its first day.
    if threshold is not None and not length.in_working_days and (hi - event_day).days <= 14:
        lo = min(lo, event_day + ONE_DAY)
    return any(
        lo <= day <= hi
        for other in lists_of(cal.member_state) or (cal,)
        for day in other.holiday_dates(lo.year, hi.year)
    )


def _calendar_step(cal: HolidayCalendar, choice: CalendarChoice | None, rules: RegimeRules) -> Step:
    """The derivation step that names the holiday list used and why."""
    if choice is None:
        text = Text(
            "Holidays: the list %(calendar)s, as given for this computation", calendar=cal.name
        )
        return Step("calendar", text, None, None, rules.cites["working-days"])
    text = Text(
        "Holidays: the list %(calendar)s, chosen for periods counted under %(regime)s from "
        "%(since)s: %(reason)s",
        calendar=cal.name,
        regime=rules.title,
        since=choice.valid_from,
        reason=choice.reason,
    )
    return Step("calendar", text, None, None, (choice.basis,))


def _insert_after_count(steps: list[Step], step: Step) -> None:
    at = next((i + 1 for i, s in enumerate(steps) if s.rule == "count"), len(steps))
    steps.insert(at, step)

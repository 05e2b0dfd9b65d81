"""Periods in hours: counted as elapsed time on the clock of the place where the act is done.

Under Reg. 1182/71 Art. 3(1) the hour in which the event happens is not counted, so the clock
starts at the next full hour; Saturdays, Sundays and holidays never move a period in hours
(Art. 3(4) speaks only of periods "expressed otherwise than in hours"). The Algemene
termijnenwet does not apply to hours (Atw Art. 4), so a Dutch period in hours runs from the event
itself. Hours are elapsed time: across a change of the clocks the end shows another time of day.
A local time that never happened (inside the spring gap) is refused.

>>> from datetime import datetime
>>> from migrationpact.law.calendars import get_calendar
>>> from migrationpact.law.periods.regimes import rules_for
>>> end, steps = count_hours(datetime(2026, 6, 15, 10, 15), 72, rules_for("eu"),
...                          get_calendar("NL"), backwards=False)
>>> end
datetime.datetime(2026, 6, 18, 11, 0)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from migrationpact.law.calendars import HolidayCalendar
from migrationpact.law.periods.errors import PeriodError
from migrationpact.law.periods.regimes import Regime, RegimeRules
from migrationpact.law.periods.result import Moment, Step
from migrationpact.law.text import Text, show

ONE_HOUR = timedelta(hours=1)


def count_hours(
    start: Moment, hours: int, rules: RegimeRules, cal: HolidayCalendar, backwards: bool
) -> tuple[datetime, list[Step]]:
    if not isinstance(start, datetime):
        raise PeriodError("a period in hours needs a time of day: give WHEN as YYYY-MM-DDTHH:MM")
    if not rules.hours:
        raise PeriodError(
            f"{rules.title} has no rule for periods in hours; hour periods of the Pact "
            "(e.g. Eurodac's 72 hours) are counted under Reg. 1182/71 (regime 'eu')"
        )
    zone = ZoneInfo(cal.timezone)
    moment = start.replace(tzinfo=zone).astimezone(UTC)
    if _local(moment, zone) != start:
        raise PeriodError(
            f"{show(start)} does not exist in {cal.timezone}: the clocks moved forward then"
        )
    steps: list[Step] = []
    sign = -1 if backwards else 1
    if rules.regime is Regime.EU:
        hour_start = moment.replace(minute=0, second=0, microsecond=0)
        clock = hour_start if backwards else hour_start + ONE_HOUR
        local_clock = _local(clock, zone)
        steps.append(
            Step(
                "hours-start",
                Text(
                    "The hour in which the event falls (%(start)s) is not counted; the clock "
                    "counts back from %(clock)s",
                    start=start,
                    clock=local_clock,
                )
                if backwards
                else Text(
                    "The hour in which the event falls (%(start)s) is not counted; the clock "
                    "starts at %(clock)s",
                    start=start,
                    clock=local_clock,
                ),
                start,
                local_clock,
                rules.cites["hours-start"],
            )
        )
    else:
        clock = moment
        steps.append(
            Step(
                "hours-start",
                Text(
                    "The Algemene termijnenwet does not apply to periods in hours; they run from "
                    "the moment of the event, %(start)s",
                    start=start,
                ),
                start,
                start,
                rules.cites["hours"],
            )
        )
    end_utc = clock + sign * hours * ONE_HOUR
    end = _local(end_utc, zone)
    if end_utc.astimezone(zone).utcoffset() != clock.astimezone(zone).utcoffset():
        steps.append(
            Step(
                "clock-change",
                Text(
                    "The clocks change within the period: hours are counted as elapsed time, "
                    "so the end shows a different time of day on the local clock"
                ),
                None,
                None,
                rules.cites.get("hours-end") or rules.cites["hours"],
            )
        )
    cite = rules.cites.get("hours-end") or rules.cites["hours"]
    steps.append(
        Step(
            "count",
            Text(
                "%(hours)s hours before: %(end)s; Saturdays, Sundays and holidays do not move a "
                "period in hours",
                hours=hours,
                end=end,
            )
            if backwards
            else Text(
                "%(hours)s hours later: %(end)s; Saturdays, Sundays and holidays do not move a "
                "period in hours",
                hours=hours,
                end=end,
            ),
            None,
            end,
            cite + rules.cites.get("hours-no-roll", ()),
        )
    )
    return end, steps


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None)

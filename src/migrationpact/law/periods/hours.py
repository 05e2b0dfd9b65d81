"""Periods in hours: counted as elapsed time on the clock of the place where the act is done.

Under Reg. 1182/71 Art. 3(1) the hour in which the event happens is not counted, so the clock
starts at the next full hour; Saturdays, Sundays and holidays never move a period in hours
(Art. 3(4) speaks only of periods "expressed otherwise than in hours"). The Algemene
termijnenwet does not apply to hours (Atw Art. 4), so a Dutch period in hours runs from the event
itself. Hours are elapsed time: across a change of the clocks the end shows another time of day.

Times are local time without a zone, as the case files record them. Three rules fix how they are
read and written, the same in the batch engine (docs/periods.md §3):

- A local time that never happened (inside the spring gap) is refused.
- A local time in the hour that happens twice in autumn is read as its **first** pass (summer
  time), whatever its ``fold`` attribute says: the event log stores local times as text, without
  the fold, so a replay reads them this way, and the earlier reading is never the one that gives
  more time.
- An end that falls in the **second** pass of that hour (winter time) cannot be written as a
  local time without a zone: 02:10 would be read as the first pass, an hour too early. It is
  written as the end of the repeated hour, 03:00, the first local time that is not before the
  real end. So, for every local time the system can record, "before the end" on the clock means
  before the end in elapsed time; a ``repeated-hour`` step shows the real end.

>>> from datetime import datetime
>>> from migrationpact.law.calendars import get_calendar
>>> from migrationpact.law.periods.regimes import rules_for
>>> end, steps = count_hours(datetime(2026, 6, 15, 10, 15), 72, rules_for("eu"),
...                          get_calendar("NL"), backwards=False)
>>> end
datetime.datetime(2026, 6, 18, 11, 0)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from migrationpact.law.calendars import HolidayCalendar
from migrationpact.law.periods.adjustments import Extension
from migrationpact.law.periods.errors import PeriodError
from migrationpact.law.periods.lengths import Length, Unit
from migrationpact.law.periods.regimes import Regime, RegimeRules
from migrationpact.law.periods.result import Moment, Step
from migrationpact.law.text import Text, sentences, show

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
    start = start.replace(fold=0)  # the first pass of a repeated hour (module text)
    moment = start.replace(tzinfo=zone).astimezone(UTC)
    if _local(moment, zone) != start:
        raise PeriodError(
            f"{show(start)} does not exist in {cal.timezone}: the clocks moved forward then"
        )
    steps: list[Step] = []
    if _repeated(start, zone):
        steps.append(
            Step(
                "repeated-hour",
                Text(
                    "%(start)s happens twice, the clocks going back that night; a local time is "
                    "read as the first time, summer time (%(offset)s)",
                    start=start,
                    offset=_offset(moment, zone),
                ),
                start,
                start,
                rules.cites.get("hours-start") or rules.cites["hours"],
            )
        )
    sign = -1 if backwards else 1
    if rules.regime is Regime.EU:
        hour_start = moment.replace(minute=0, second=0, microsecond=0)
        clock = hour_start if backwards else hour_start + ONE_HOUR
        local_clock = _local(clock, zone)
        steps.append(
            Step(
                "hours-start",
                sentences(
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
                    _second_pass(clock, zone),
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
    end = local_time(end_utc, zone)
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
    if end != _local(end_utc, zone):
        wall = _local(end_utc, zone)
        steps.append(
            Step(
                "repeated-hour",
                Text(
                    "The period ends at %(wall)s winter time (%(offset)s), in the second pass of "
                    "the hour that happens twice; %(wall)s would be read as the first pass, an "
                    "hour earlier, so the end is written as %(end)s, when the repeated hour is "
                    "over",
                    wall=f"{wall:%H:%M}",
                    offset=_offset(end_utc, zone),
                    end=end,
                ),
                wall,
                end,
                cite,
            )
        )
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


def counted_hour(start: datetime, cal: HolidayCalendar) -> datetime | None:
    """The hour of the local time ``start``, when every moment of that hour starts a period in
    hours under Reg. 1182/71 that ends at the same moment: the clock starts at the next full
    hour (Art. 3(1)), and within a plain hour of the clock — one offset from UTC, a whole number
    of hours, throughout, each time happening once — every moment has the same next full hour.
    None for any other hour (the clocks change in it, or it does not exist), where only the
    moment itself tells the end.

    >>> from migrationpact.law.calendars import get_calendar
    >>> counted_hour(datetime(2026, 6, 15, 10, 15, 30), get_calendar("NL"))
    datetime.datetime(2026, 6, 15, 10, 0)
    >>> counted_hour(datetime(2026, 10, 25, 2, 15), get_calendar("NL")) is None  # twice
    True
    """
    zone = ZoneInfo(cal.timezone)
    hour = start.replace(minute=0, second=0, microsecond=0, fold=0)
    first, last = hour.replace(tzinfo=zone), (hour + _LAST_OF_HOUR).replace(tzinfo=zone)
    offset = first.utcoffset()
    if offset is None or offset % ONE_HOUR:
        return None
    for moment in (first, first.replace(fold=1), last, last.replace(fold=1)):
        if moment.utcoffset() != offset:
            return None
    if _local(first.astimezone(UTC), zone) != hour:
        return None  # in the hour the clocks skip
    return hour


_LAST_OF_HOUR = ONE_HOUR - timedelta(microseconds=1)


def local_time(moment: datetime, zone: ZoneInfo) -> datetime:
    """The local time (without a zone) to write for the aware ``moment``: the first local time,
    read as the first pass of a repeated hour, that is not before ``moment``.

    That is the clock's reading, except in the second pass of a repeated hour, which is written
    as the end of that hour (module text).

    >>> zone = ZoneInfo("Europe/Amsterdam")
    >>> local_time(datetime(2026, 10, 25, 0, 10, tzinfo=UTC), zone)  # 02:10 summer time
    datetime.datetime(2026, 10, 25, 2, 10)
    >>> local_time(datetime(2026, 10, 25, 1, 10, tzinfo=UTC), zone)  # 02:10 winter time
    datetime.datetime(2026, 10, 25, 3, 0)
    """
    local = moment.astimezone(zone)
    if not local.fold:
        return local.replace(tzinfo=None)
    # The repeated hour ends at a whole second: find it by halving the seconds to it.
    base = moment.replace(microsecond=0)
    lo, hi = 0, int((_utcoffset(local.replace(fold=0)) - _utcoffset(local)).total_seconds())
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if (base + timedelta(seconds=mid)).astimezone(zone).fold:
            lo = mid
        else:
            hi = mid
    return _local(base + timedelta(seconds=hi), zone)


def elapsed(start: datetime, end: datetime, zone: ZoneInfo) -> timedelta:
    """The real time from the local time ``start`` to ``end``, each read as a period reads a
    local time (the first pass of a repeated hour, module text).

    >>> zone = ZoneInfo("Europe/Amsterdam")  # the clocks go back at 03:00 on 25 October 2026
    >>> elapsed(datetime(2026, 10, 25, 1, 0), datetime(2026, 10, 25, 3, 30), zone)
    datetime.timedelta(seconds=12600)
    """
    return _utc(end, zone) - _utc(start, zone)


def _utc(local: datetime, zone: ZoneInfo) -> datetime:
    return local.replace(fold=0, tzinfo=zone).astimezone(UTC)


def _repeated(local: datetime, zone: ZoneInfo) -> bool:
    """Whether the local time ``local`` happens twice (autumn: the clocks go back)."""
    first = _utcoffset(local.replace(tzinfo=zone, fold=0))
    return first != _utcoffset(local.replace(tzinfo=zone, fold=1))


def _second_pass(moment: datetime, zone: ZoneInfo) -> Text | None:
    """Says so when the aware ``moment`` is in the second pass of a repeated hour."""
    if not moment.astimezone(zone).fold:
        return None
    return Text("(the second time, winter time, %(offset)s)", offset=_offset(moment, zone))


def _utcoffset(moment: datetime) -> timedelta:
    offset = moment.utcoffset()
    assert offset is not None, "an aware time"
    return offset


def _offset(moment: datetime, zone: ZoneInfo) -> str:
    """``UTC+02:00`` for the offset of ``zone`` at the aware ``moment``."""
    minutes = int(_utcoffset(moment.astimezone(zone)).total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _local(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


def extend_hours(
    start: Moment,
    length: Length,
    end: datetime,
    extensions: Sequence[Extension],
    rules: RegimeRules,
    cal: HolidayCalendar,
    steps: list[Step],
) -> datetime:
    """The end after ``extensions`` in hours (EDR Art 15(2), 22(6), 23(5), 24(5)-(6)), each
    counted on from the end reached so far as elapsed time; one step each is added to ``steps``.
    """
    total = length.amount(Unit.HOURS)
    for ext in extensions:
        total += ext.length.amount(Unit.HOURS)
        extended, _ = count_hours(start, total, rules, cal, False)
        steps.append(Step("extension", ext.describe(end, extended), end, extended, ext.basis))
        end = extended
    return end

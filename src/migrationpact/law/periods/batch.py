"""Many periods at once: the ends of a million deadlines in one call, as numpy arrays.

The scalar engine (``compute_period``) computes one period and explains every step. A case
system that must recompute the deadlines of all open cases (after a calendar change, or to find
what falls due this week) needs only the two ends, for very many periods. ``compute_batch``
takes one array per input (start, amount, unit, regime, direction) and returns the nominal end
and the end of every period, exactly as ``compute_period`` would, without the derivation.

It works on whole columns instead of one period at a time: the event days become integers,
days and weeks are added in one operation, months are counted on a month index, and working
days are handled by numpy's business-day functions with the calendar's holidays. An end on a
Saturday, Sunday or holiday is then rolled forward, and the two-working-day minimum applied,
for the rows whose regime says so. Hours are counted in elapsed time: local times become UTC
through a table of the zone's offset changes, built once per zone, and are read exactly as the
scalar engine reads them (``hours``): a repeated local time as its first pass, an end in the
second pass as the end of the repeated hour.

What it does not do: suspensions and extensions (a deadline with a ledger stays scalar, see
``Deadline``), lengths with several parts (``1 month 10 days``) and the steps of a derivation.

Inputs broadcast against each other. ``units`` holds ``Unit`` members or their values
(``"working-days"``), or the integer codes of ``UNIT_CODES`` (the fastest form); ``regimes``
likewise with ``REGIME_CODES``. ``starts`` is ``datetime64[D]`` for periods in days or longer,
``datetime64[m]`` (local time where the act is done) when some periods are in hours; the ends
have the dtype of ``starts`` (midnight of the end day for periods in days).

>>> import numpy as np
>>> r = compute_batch(
...     starts=np.array(["2026-12-24", "2026-12-24", "2026-08-31"], dtype="datetime64[D]"),
...     amounts=np.array([2, 2, 2]),
...     units=np.array(["days", "days", "months"]),
...     regimes=np.array(["eu", "pact", "pact"]),
... )
>>> r.nominal_end.astype(str).tolist(), r.end.astype(str).tolist()
(['2026-12-26', '2026-12-26', '2026-10-31'], ['2026-12-29', '2026-12-28', '2026-11-02'])
>>> compute_batch(
...     starts=np.array(["2026-03-28T10:15"], dtype="datetime64[m]"),
...     amounts=np.array([72]),
...     units=Unit.HOURS,
... ).end.astype(str).tolist()
['2026-03-31T12:00']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Final
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

from migrationpact.law.calendars import HolidayCalendar, choices, get_calendar, has_choices
from migrationpact.law.calendars.model import MAX_YEAR
from migrationpact.law.periods.errors import PeriodError
from migrationpact.law.periods.lengths import Unit
from migrationpact.law.periods.regimes import Regime, rules_for

Int64s = npt.NDArray[np.int64]
Codes = npt.NDArray[np.int8]
Dates = npt.NDArray[np.datetime64]

UNIT_CODES: Final[Mapping[Unit, int]] = {
    Unit.HOURS: 0,
    Unit.DAYS: 1,
    Unit.WORKING_DAYS: 2,
    Unit.WEEKS: 3,
    Unit.MONTHS: 4,
    Unit.YEARS: 5,
}
REGIME_CODES: Final[Mapping[Regime, int]] = {
    Regime.EU: 0,
    Regime.PACT: 1,
    Regime.DUBLIN3: 2,
    Regime.NL: 3,
}
_HOURS, _DAYS, _WORKING_DAYS, _WEEKS, _MONTHS, _YEARS = range(6)
_EU, _PACT, _DUBLIN3, _NL = range(4)
# Keeps every intermediate far from int64 overflow; anything longer ends after the year 9999.
_MAX_AMOUNT = 4_000_000
_MIN_DAY = int(np.datetime64("0001-01-01", "D").astype(np.int64))
_MAX_DAY = int(np.datetime64("9999-12-31", "D").astype(np.int64))
# Periods in hours are computed between these local moments; the zone table spans them.
_HOURS_FROM_YEAR = 1970


@dataclass(frozen=True)
class BatchResult:
    """The nominal end and the end of every period, in the dtype of ``starts``."""

    nominal_end: Dates
    end: Dates


def compute_batch(
    *,
    starts: Dates,
    amounts: npt.ArrayLike,
    units: npt.ArrayLike | Unit | str,
    regimes: npt.ArrayLike | Regime | str = Regime.EU,
    calendar: HolidayCalendar | str = "NL",
    backwards: bool | npt.NDArray[np.bool_] = False,
) -> BatchResult:
    """The ends of many one-unit periods; raises ``PeriodError`` if any one cannot be computed."""
    cal = get_calendar(calendar) if isinstance(calendar, str) else calendar
    start_arr = np.asarray(starts)
    resolution = np.datetime_data(start_arr.dtype)[0] if start_arr.dtype.kind == "M" else None
    if resolution not in ("D", "m"):
        raise PeriodError("starts must be a datetime64[D] or datetime64[m] array")
    amount_arr = np.asarray(amounts)
    if amount_arr.dtype.kind not in "iu":
        raise PeriodError("amounts must be integers")
    back_arr = np.asarray(backwards)
    if back_arr.dtype != np.bool_:
        raise PeriodError("backwards must be a bool or an array of bools")
    start_b, amount_b, unit_b, regime_b, back_b = np.broadcast_arrays(
        start_arr,
        amount_arr,
        _codes(units, UNIT_CODES, "unit"),
        _codes(regimes, REGIME_CODES, "regime"),
        back_arr,
    )
    if amount_b.size and amount_b.min() < 1:
        raise PeriodError("each part of a length must be at least 1")
    if amount_b.size and amount_b.max() > _MAX_AMOUNT:
        raise PeriodError(f"a length of more than {_MAX_AMOUNT} units cannot be computed")
    amount_i = amount_b.astype(np.int64)
    nominal = np.empty(start_b.shape, dtype=start_b.dtype)
    end = np.empty(start_b.shape, dtype=start_b.dtype)
    hours = unit_b == _HOURS
    if hours.any():
        if resolution == "D":
            raise PeriodError("a period in hours needs a time of day: give datetime64[m] starts")
        moments = _hours(
            start_b[hours].astype(np.int64),
            amount_i[hours],
            regime_b[hours],
            back_b[hours],
            cal,
        )
        nominal[hours] = end[hours] = moments.view("datetime64[m]")
    days = ~hours
    if days.any():
        event_days = start_b.astype("datetime64[D]").astype(np.int64)
        for rows, holidays in _lists(cal, days, regime_b, event_days):
            day_nominal, day_end = _days(
                event_days[rows],
                amount_i[rows],
                unit_b[rows],
                regime_b[rows],
                back_b[rows],
                holidays,
            )
            nominal[rows] = day_nominal.view("datetime64[D]")
            end[rows] = day_end.view("datetime64[D]")
    return BatchResult(nominal_end=nominal, end=end)


def _lists(
    cal: HolidayCalendar, rows: npt.NDArray[np.bool_], regime: Codes, day: Int64s
) -> list[tuple[npt.NDArray[np.bool_], HolidayCalendar]]:
    """The rows counted with each holiday list, as the scalar engine chooses them: a member
    state's calendar through its dated setting (``calendars.choice``), any other list as given."""
    if not has_choices(cal.code):
        return [(rows, cal)]
    out: list[tuple[npt.NDArray[np.bool_], HolidayCalendar]] = []
    chosen = np.zeros(rows.shape, dtype=np.bool_)
    for regime_name, code in REGIME_CODES.items():
        entries = [c for c in choices(cal.code) if regime_name.value in c.regimes]
        for i, entry in enumerate(entries):
            since = _day_number(entry.valid_from.isoformat())
            until = (
                _day_number(entries[i + 1].valid_from.isoformat())
                if i + 1 < len(entries)
                else np.iinfo(np.int64).max
            )
            here = rows & (regime == code) & (day >= since) & (day < until)
            if here.any():
                out.append((here, get_calendar(entry.calendar)))
                chosen |= here
    if (rows & ~chosen).any():  # before the setting's first entry: refused as the scalar does
        if day[rows & ~chosen].min() >= _working_days(cal).first:
            missing = day[rows & ~chosen][0].astype("datetime64[D]")
            raise PeriodError(f"no holiday list is chosen in {cal.code} for {missing}")
        out.append((rows & ~chosen, cal))
    return out


def _codes(
    values: npt.ArrayLike | str, table: Mapping[Unit, int] | Mapping[Regime, int], kind: str
) -> Codes:
    """Integer codes for an array of enum members, their values, or codes already."""
    arr = np.asarray(values)
    if arr.dtype.kind in "iu":
        if arr.size and (arr.min() < 0 or arr.max() >= len(table)):
            raise PeriodError(f"{kind} codes run from 0 to {len(table) - 1}")
        return arr.astype(np.int8)
    if arr.dtype.kind == "O":
        arr = arr.astype(str)  # StrEnum members become their values
    if arr.dtype.kind != "U":
        raise PeriodError(f"{kind}s must be names or integer codes")
    # One comparison per known name is linear, where np.unique would sort the strings.
    out = np.full(arr.shape, -1, dtype=np.int8)
    for name, code in table.items():
        out[arr == str(name)] = code
    if (out < 0).any():
        known = ", ".join(str(name) for name in table)
        raise PeriodError(f"unknown {kind} {arr[out < 0].flat[0]!r} (known: {known})")
    return out


@dataclass(frozen=True)
class _WorkingDays:
    busdays: np.busdaycalendar
    first: int  # first and last day (as day numbers) whose holidays the calendar knows
    last: int


@cache
def _working_days(cal: HolidayCalendar) -> _WorkingDays:
    first_year, last_year = cal.valid_from.year, MAX_YEAR
    mask = [day not in cal.weekend for day in range(7)]
    holidays = np.array(cal.holiday_dates(first_year, last_year), dtype="datetime64[D]")
    return _WorkingDays(
        np.busdaycalendar(weekmask=mask, holidays=holidays),
        _day_number(f"{first_year:04d}-01-01"),
        _day_number(f"{last_year:04d}-12-31"),
    )


def _day_number(iso_day: str) -> int:
    return int(np.datetime64(iso_day, "D").astype(np.int64))


def _days(
    day: Int64s,
    amount: Int64s,
    unit: Codes,
    regime: Codes,
    back: npt.NDArray[np.bool_],
    cal: HolidayCalendar,
) -> tuple[Int64s, Int64s]:
    """Nominal end and end of periods in days, working days, weeks, months or years."""
    wd = _working_days(cal)
    if day.size and day.min() < wd.first:
        first = np.int64(day.min()).astype("datetime64[D]")
        raise PeriodError(
            f"calendar {cal.code} holds holidays from {cal.valid_from.isoformat()}, not for {first}"
        )
    sign = np.where(back, -1, 1).astype(np.int64)
    nominal = day + sign * np.where(unit == _WEEKS, 7 * amount, amount)
    monthly = (unit == _MONTHS) | (unit == _YEARS)
    months = np.where(unit == _YEARS, 12 * amount, amount)
    if monthly.any():
        nominal[monthly] = _add_months(day[monthly], sign[monthly] * months[monthly])
    working = unit == _WORKING_DAYS
    if working.any():
        nominal[working] = _shift_working_days(day[working], sign[working] * amount[working], wd)
        _check_known(nominal[working], wd, cal)
    _check_representable(nominal)
    end = nominal.copy()
    # A forward period in working days ends on a working day, so nothing below can move it.
    forward = ~back & ~working
    # Atw Art. 4: over three months (90 days, 12 weeks) nothing moves. For months, the nominal
    # end lies after the event day plus three months exactly when more than three are counted.
    longer = np.where(monthly, months > 3, np.where(unit == _WEEKS, 7 * amount, amount) > 90)
    excluded = forward & (regime == _NL) & longer
    consulted = forward & ~excluded
    _check_known(nominal[consulted], wd, cal)
    moves = consulted & (regime != _DUBLIN3)
    if not moves.any():
        return nominal, end
    rolled = np.busday_offset(
        nominal[moves].view("datetime64[D]"), 0, roll="forward", busdaycal=wd.busdays
    ).astype(np.int64)
    _check_known(rolled, wd, cal)
    end[moves] = rolled
    # Reg. 1182/71 Art. 3(5) from two days, Atw Art. 2 from three; the Pact has no minimum.
    threshold = np.where(regime == _EU, 2, np.where(regime == _NL, 3, np.iinfo(np.int64).max))
    check = moves & (nominal - day >= threshold)
    if check.any():
        first = (day[check] + 1).view("datetime64[D]")
        after_end = (end[check] + 1).view("datetime64[D]")
        short = np.busday_count(first, after_end, busdaycal=wd.busdays) < 2
        if short.any():
            fixed = end[check]
            fixed[short] = _shift_working_days(day[check][short], np.full(short.sum(), 2), wd)
            end[check] = fixed
    return nominal, end


def _add_months(day: Int64s, months: Int64s) -> Int64s:
    """``add_months`` for arrays: same date, or the last day of a shorter month."""
    dates = day.view("datetime64[D]")
    month = dates.astype("datetime64[M]")
    day_of_month = day - month.astype("datetime64[D]").astype(np.int64)
    target = month + months.astype("timedelta64[M]")
    target_first = target.astype("datetime64[D]").astype(np.int64)
    month_length = (target + 1).astype("datetime64[D]").astype(np.int64) - target_first
    out: Int64s = target_first + np.minimum(day_of_month, month_length - 1)
    return out


def _shift_working_days(day: Int64s, n: Int64s, wd: _WorkingDays) -> Int64s:
    """``shift_working_days`` for arrays: the n-th working day after (n < 0: before) ``day``."""
    # The event day is not counted: a non-working one first rolls away from the direction of
    # counting, which adds no working day between it and the day rolled to.
    dates = day.view("datetime64[D]")
    ahead = n >= 0
    out = np.empty_like(day)
    if ahead.any():
        out[ahead] = np.busday_offset(
            dates[ahead], n[ahead], roll="backward", busdaycal=wd.busdays
        ).astype(np.int64)
    if (~ahead).any():
        out[~ahead] = np.busday_offset(
            dates[~ahead], n[~ahead], roll="forward", busdaycal=wd.busdays
        ).astype(np.int64)
    return out


def _check_known(days: Int64s, wd: _WorkingDays, cal: HolidayCalendar) -> None:
    if days.size and (days.min() < wd.first or days.max() > wd.last):
        outside = days[(days < wd.first) | (days > wd.last)][0].astype("datetime64[D]")
        raise PeriodError(
            f"calendar {cal.code} covers {cal.valid_from.year}–{MAX_YEAR}, not {outside}"
        )


def _check_representable(days: Int64s) -> None:
    if days.size and (days.min() < _MIN_DAY or days.max() > _MAX_DAY):
        raise PeriodError("a period ends outside the years 1 to 9999")


@dataclass(frozen=True)
class _Zone:
    """A zone's UTC offsets, in minutes since 1970, for lookups with ``searchsorted``."""

    utc_changes: Int64s  # the UTC minute each offset takes effect
    offsets: Int64s  # offsets[i] applies before utc_changes[i], offsets[-1] after the last
    local_changes: Int64s  # where a local time (fold=0) starts reading the next offset
    first: int  # local minutes within which periods in hours are computed
    last: int


@cache
def _zone(name: str) -> _Zone:
    zone = ZoneInfo(name)

    def offset(ts: int) -> int:
        delta = datetime.fromtimestamp(ts, zone).utcoffset()
        assert delta is not None
        return int(delta.total_seconds())

    lo = int(datetime(_HOURS_FROM_YEAR - 1, 12, 30, tzinfo=UTC).timestamp())
    hi = int(datetime(MAX_YEAR + 1, 1, 2, tzinfo=UTC).timestamp())
    # Offsets change at most once a day in any real zone: sample daily, then bisect each change.
    samples = range(lo, hi + 86_400, 86_400)
    seen = [offset(ts) for ts in samples]
    changes: list[int] = []
    offsets = [seen[0]]
    for i in range(1, len(seen)):
        if seen[i] == seen[i - 1]:
            continue
        before, after = samples[i - 1], samples[i]
        while after - before > 1:
            mid = (before + after) // 2
            before, after = (mid, after) if offset(mid) == seen[i - 1] else (before, mid)
        changes.append(after)
        offsets.append(seen[i])
    if any(v % 60 for v in changes + offsets):
        raise PeriodError(f"time zone {name} changes its offset at a second that is no minute")
    utc = np.array(changes, dtype=np.int64) // 60
    offs = np.array(offsets, dtype=np.int64) // 60
    # zoneinfo with fold=0 reads a local time in a gap or a fold with the offset before the
    # change, so the change starts, in local time, at the later of its two wall-clock readings.
    local = utc + np.maximum(offs[:-1], offs[1:])
    first = int(datetime(_HOURS_FROM_YEAR, 1, 1, tzinfo=UTC).timestamp()) // 60
    last = int(datetime(MAX_YEAR, 12, 31, 23, 59, tzinfo=UTC).timestamp()) // 60
    return _Zone(utc, offs, local, first, last)


def _hours(
    local: Int64s,
    hours: Int64s,
    regime: Codes,
    back: npt.NDArray[np.bool_],
    cal: HolidayCalendar,
) -> Int64s:
    """Local end moments (minutes since 1970) of periods in hours, counted as elapsed time."""
    if ((regime != _EU) & (regime != _NL)).any():
        code = regime[(regime != _EU) & (regime != _NL)][0]
        title = rules_for(next(r for r, c in REGIME_CODES.items() if c == code)).title
        raise PeriodError(
            f"{title} has no rule for periods in hours; hour periods of the Pact "
            "(e.g. Eurodac's 72 hours) are counted under Reg. 1182/71 (regime 'eu')"
        )
    zone = _zone(cal.timezone)
    _check_hours_window(local, zone)
    moment = local - zone.offsets[np.searchsorted(zone.local_changes, local, side="right")]
    # A local time inside the gap of a spring change does not read back to itself.
    read_back = moment + zone.offsets[np.searchsorted(zone.utc_changes, moment, side="right")]
    if (read_back != local).any():
        missing = np.datetime64(int(local[read_back != local][0]), "m")
        raise PeriodError(
            f"{missing} does not exist in {cal.timezone}: the clocks moved forward then"
        )
    # Reg. 1182/71 Art. 3(1): the hour of the event is not counted (a UTC hour, as the scalar
    # engine floors the UTC moment); the Atw does not apply and the clock runs from the event.
    hour_start = moment - moment % 60
    clock = np.where(regime == _EU, np.where(back, hour_start, hour_start + 60), moment)
    end_utc = clock + np.where(back, -60, 60) * hours
    end = _local_time(end_utc, zone)
    _check_hours_window(end, zone)
    return end


def _local_time(utc: Int64s, zone: _Zone) -> Int64s:
    """``hours.local_time`` for arrays: the clock's reading, but never before the local time at
    which the last change took effect, so that the second pass of a repeated hour is written as
    the end of that hour (a local time in it would be read as the first pass)."""
    since = np.searchsorted(zone.utc_changes, utc, side="right")
    local: Int64s = utc + zone.offsets[since]
    if zone.utc_changes.size:
        changed = zone.local_changes[np.maximum(since - 1, 0)]
        local = np.where(since > 0, np.maximum(local, changed), local)
    return local


def _check_hours_window(local: Int64s, zone: _Zone) -> None:
    if local.size and (local.min() < zone.first or local.max() > zone.last):
        raise PeriodError(
            f"periods in hours are computed from {_HOURS_FROM_YEAR} to {MAX_YEAR} only"
        )

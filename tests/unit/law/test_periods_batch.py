"""The batch API returns, element by element, exactly what the scalar engine returns."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from migrationpact.law.periods import (
    BatchResult,
    Length,
    PeriodError,
    Regime,
    Unit,
    compute_batch,
    compute_period,
)
from migrationpact.law.periods.batch import REGIME_CODES, UNIT_CODES

DayPeriod = tuple[date, int, Unit, Regime, bool]
HourPeriod = tuple[datetime, int, Regime, bool]

MAX_AMOUNT = {
    Unit.DAYS: 400,
    Unit.WORKING_DAYS: 400,
    Unit.WEEKS: 60,
    Unit.MONTHS: 400,
    Unit.YEARS: 30,
    Unit.HOURS: 400,
}
DAY_UNITS = [u for u in Unit if u is not Unit.HOURS]
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def amounts(unit: Unit) -> st.SearchStrategy[int]:
    """Any amount, with the short lengths and the edges of Atw Art. 4 drawn more often."""
    top = MAX_AMOUNT[unit]
    edges = [n for n in (1, 2, 3, 4, 12, 13, 89, 90, 91) if n <= top]
    return st.one_of(st.sampled_from(edges), st.integers(1, top))


def _last_sunday(year: int, month: int) -> date:
    last = date(year, month, 31)
    return last - timedelta(days=(last.weekday() + 1) % 7)


@st.composite
def day_periods(draw: st.DrawFn) -> DayPeriod:
    unit = draw(st.sampled_from(DAY_UNITS))
    return (
        draw(st.dates(date(2014, 1, 1), date(2035, 12, 31))),
        draw(amounts(unit)),
        unit,
        draw(st.sampled_from(list(Regime))),
        draw(st.booleans()),
    )


@st.composite
def moments(draw: st.DrawFn) -> datetime:
    """Any minute from 2014 to 2035, or one within a day of a change of the clocks."""
    if draw(st.booleans()):
        moment = draw(st.datetimes(datetime(2014, 1, 1), datetime(2035, 12, 31, 23, 59)))
        moment = moment.replace(second=0, microsecond=0)
    else:
        change = _last_sunday(draw(st.integers(2014, 2035)), draw(st.sampled_from([3, 10])))
        minutes = draw(st.integers(-24 * 60, 24 * 60))
        moment = datetime(change.year, change.month, change.day, 2) + timedelta(minutes=minutes)
        # A conversion from UTC marks the second pass of the repeated hour with fold=1; numpy
        # cannot keep it, so the scalar engine must ignore it too.
        moment = moment.replace(fold=draw(st.integers(0, 1)))
    # 02:00-02:59 on the last Sunday of March never happens on the Amsterdam clock: both
    # engines refuse it (tested below), so it is no input for comparing them.
    return moment if _exists(moment) else moment + timedelta(hours=1)


def _exists(moment: datetime) -> bool:
    aware = moment.replace(tzinfo=AMSTERDAM)
    return aware.astimezone(ZoneInfo("UTC")).astimezone(AMSTERDAM).replace(tzinfo=None) == moment


@st.composite
def hour_periods(draw: st.DrawFn) -> HourPeriod:
    return (
        draw(moments()),
        draw(amounts(Unit.HOURS)),
        draw(st.sampled_from([Regime.EU, Regime.NL])),
        draw(st.booleans()),
    )


def _scalar_days(p: DayPeriod) -> tuple[date, date] | None:
    start, amount, unit, regime, backwards = p
    try:
        r = compute_period(
            start=start, length=Length.of(amount, unit), regime=regime, backwards=backwards
        )
    except ValueError:  # PeriodError, or CalendarError outside the calendar's years
        return None
    assert isinstance(r.nominal_end, date)
    assert isinstance(r.end, date)
    return r.nominal_end, r.end


def _batch_days(periods: list[DayPeriod]) -> BatchResult:
    return compute_batch(
        starts=np.array([p[0] for p in periods], dtype="datetime64[D]"),
        amounts=np.array([p[1] for p in periods]),
        units=np.array([p[2].value for p in periods]),
        regimes=np.array([p[3].value for p in periods]),
        backwards=np.array([p[4] for p in periods]),
    )


def _as_dates(values: np.ndarray) -> list[date]:
    return [np.datetime64(v, "D").item() for v in values]


@settings(max_examples=300, deadline=None)
@given(st.lists(day_periods(), min_size=1, max_size=30))
def test_days_match_scalar(periods: list[DayPeriod]) -> None:
    expected = [_scalar_days(p) for p in periods]
    for p, e in zip(periods, expected, strict=True):
        if e is None:
            with pytest.raises(PeriodError):
                _batch_days([p])
    computable = [p for p, e in zip(periods, expected, strict=True) if e is not None]
    if not computable:
        return
    result = _batch_days(computable)
    assert result.nominal_end.dtype == np.dtype("datetime64[D]")
    assert result.end.dtype == np.dtype("datetime64[D]")
    got = list(zip(_as_dates(result.nominal_end), _as_dates(result.end), strict=True))
    assert got == [e for e in expected if e is not None]


# The lengths at which a regime's rules change: the minimums from two and three days, and
# Atw Art. 4's three months (90 days, 12 weeks).
EDGE_LENGTHS = [
    *((n, Unit.DAYS) for n in (1, 2, 3, 4, 90, 91)),
    *((n, Unit.WEEKS) for n in (1, 12, 13)),
    *((n, Unit.MONTHS) for n in (1, 3, 4)),
    (1, Unit.YEARS),
    *((n, Unit.WORKING_DAYS) for n in (1, 2)),
]


def test_every_day_of_a_year_at_the_edges() -> None:
    """Rare combinations random inputs seldom meet: every start in 2026, every regime."""
    periods: list[DayPeriod] = [
        (date(2026, 1, 1) + timedelta(days=i), n, unit, regime, False)
        for i in range(365)
        for n, unit in EDGE_LENGTHS
        for regime in Regime
    ]
    result = _batch_days(periods)
    got = list(zip(_as_dates(result.nominal_end), _as_dates(result.end), strict=True))
    assert got == [_scalar_days(p) for p in periods]


@pytest.mark.parametrize("regime", [Regime.EU, Regime.NL])
def test_both_engines_refuse_a_local_time_that_never_happened(regime: Regime) -> None:
    gap = datetime(2026, 3, 29, 2, 30)  # the clocks jump from 02:00 to 03:00
    with pytest.raises(PeriodError, match="does not exist"):
        compute_period(start=gap, length="1 hours", regime=regime)
    with pytest.raises(PeriodError, match="does not exist"):
        compute_batch(
            starts=np.array([gap], dtype="datetime64[m]"),
            amounts=np.array([1]),
            units=Unit.HOURS,
            regimes=regime,
        )


@settings(max_examples=300, deadline=None)
@given(st.lists(hour_periods(), min_size=1, max_size=30))
# 02:30 on Sun 31 Oct 2032 with fold=1: the scalar engine read the second pass, numpy the first.
@example([(datetime(2032, 10, 31, 2, 30, fold=1), 1, Regime.NL, False)])
@example([(datetime(2032, 10, 31, 2, 30, fold=1), 3, Regime.EU, True)])
# Ends in the second pass of the repeated hour (02:10 and 02:00 winter time).
@example([(datetime(2032, 10, 30, 3, 10), 24, Regime.NL, False)])
@example([(datetime(2032, 10, 30, 3, 0), 23, Regime.EU, False)])
@example([(datetime(2032, 11, 1, 2, 10), 24, Regime.NL, True)])
def test_hours_match_scalar(periods: list[HourPeriod]) -> None:
    result = compute_batch(
        starts=np.array([p[0] for p in periods], dtype="datetime64[m]"),
        amounts=np.array([p[1] for p in periods]),
        units=Unit.HOURS,
        regimes=np.array([p[2].value for p in periods]),
        backwards=np.array([p[3] for p in periods]),
    )
    assert result.end.dtype == np.dtype("datetime64[m]")
    for (start, amount, regime, backwards), nominal, end in zip(
        periods, result.nominal_end, result.end, strict=True
    ):
        r = compute_period(
            start=start, length=Length.of(amount, Unit.HOURS), regime=regime, backwards=backwards
        )
        assert (nominal.item(), end.item()) == (r.nominal_end, r.end), (start, amount, regime)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(day_periods(), hour_periods()), min_size=1, max_size=20))
def test_mixed_batch_in_minutes(periods: list[DayPeriod | HourPeriod]) -> None:
    """Days and hours in one call: periods in days end at midnight of their end day."""
    rows = [(p[0], p[1], Unit.HOURS, p[2], p[3]) if len(p) == 4 else p for p in periods]
    expected = []
    for start, amount, unit, regime, backwards in rows:
        try:
            r = compute_period(
                start=start, length=Length.of(amount, unit), regime=regime, backwards=backwards
            )
        except ValueError:
            return  # refusals are covered per kind above; this test is about mixing
        expected.append((r.nominal_end, r.end))
    result = compute_batch(
        starts=np.array([np.datetime64(r[0], "m") for r in rows], dtype="datetime64[m]"),
        amounts=np.array([r[1] for r in rows]),
        units=np.array([UNIT_CODES[r[2]] for r in rows], dtype=np.int8),
        regimes=np.array([REGIME_CODES[r[3]] for r in rows], dtype=np.int8),
        backwards=np.array([r[4] for r in rows]),
    )
    got = []
    for row, nominal, end in zip(rows, result.nominal_end, result.end, strict=True):
        pair = (nominal.item(), end.item())
        got.append(pair if row[2] is Unit.HOURS else (pair[0].date(), pair[1].date()))
    assert got == expected


@settings(max_examples=50, deadline=None)
@given(moments(), st.sampled_from([Regime.PACT, Regime.DUBLIN3]))
def test_hours_refused_where_scalar_refuses(start: datetime, regime: Regime) -> None:
    with pytest.raises(PeriodError):
        compute_period(start=start, length="72 hours", regime=regime)
    with pytest.raises(PeriodError, match="no rule for periods in hours"):
        compute_batch(
            starts=np.array([start], dtype="datetime64[m]"),
            amounts=np.array([72]),
            units=Unit.HOURS,
            regimes=regime,
        )


@pytest.mark.parametrize(
    ("start", "length", "regime", "backwards", "nominal", "end"),
    [
        ("2026-12-24", "2 days", "eu", False, "2026-12-26", "2026-12-29"),
        ("2026-12-24", "2 days", "pact", False, "2026-12-26", "2026-12-28"),
        ("2026-12-24", "2 days", "dublin3", False, "2026-12-26", "2026-12-26"),
        ("2026-12-24", "3 days", "nl", False, "2026-12-27", "2026-12-29"),
        ("2026-12-24", "2 days", "nl", False, "2026-12-26", "2026-12-28"),
        ("2026-08-31", "2 months", "pact", False, "2026-10-31", "2026-11-02"),
        ("2026-12-04", "21 days", "pact", False, "2026-12-25", "2026-12-28"),
        ("2026-12-31", "2 months", "eu", False, "2027-02-28", "2027-03-01"),
        ("2026-03-31", "1 months", "eu", True, "2026-02-28", "2026-02-28"),
        ("2024-02-29", "1 years", "dublin3", False, "2025-02-28", "2025-02-28"),
        ("2026-08-01", "91 days", "nl", False, "2026-10-31", "2026-10-31"),
        ("2026-08-03", "90 days", "nl", False, "2026-11-01", "2026-11-02"),
        ("2026-08-03", "13 weeks", "nl", False, "2026-11-02", "2026-11-02"),
        ("2026-08-01", "13 weeks", "nl", False, "2026-10-31", "2026-10-31"),
        ("2026-08-01", "12 weeks", "nl", False, "2026-10-24", "2026-10-26"),
        ("2026-07-31", "3 months", "nl", False, "2026-10-31", "2026-11-02"),
        ("2026-07-31", "4 months", "nl", False, "2026-11-30", "2026-11-30"),
        ("2026-04-24", "1 working-days", "eu", False, "2026-04-28", "2026-04-28"),
        ("2026-04-28", "1 working-days", "eu", True, "2026-04-24", "2026-04-24"),
        ("2026-06-22", "2 weeks", "pact", True, "2026-06-08", "2026-06-08"),
    ],
)
def test_hand_picked(
    start: str, length: str, regime: str, backwards: bool, nominal: str, end: str
) -> None:
    amount, unit = length.split()
    r = compute_batch(
        starts=np.array([start], dtype="datetime64[D]"),
        amounts=np.array([int(amount)]),
        units=np.array([unit]),
        regimes=regime,
        backwards=backwards,
    )
    assert (str(r.nominal_end[0]), str(r.end[0])) == (nominal, end)
    s = compute_period(
        start=date.fromisoformat(start), length=length, regime=regime, backwards=backwards
    )
    assert (s.nominal_end.isoformat(), s.end.isoformat()) == (nominal, end)


@pytest.mark.parametrize(
    ("start", "regime", "backwards", "end"),
    [
        ("2026-03-28T10:15", "eu", False, "2026-03-31T12:00"),  # spring forward: one hour less
        ("2026-10-24T10:15", "eu", False, "2026-10-27T10:00"),  # fall back: one hour more
        ("2026-10-24T10:15", "nl", False, "2026-10-27T09:15"),
        ("2026-03-29T03:30", "nl", False, "2026-04-01T03:30"),  # just after the gap
        ("2026-10-25T02:30", "nl", False, "2026-10-28T01:30"),  # ambiguous: first, +02:00
        ("2026-10-25T02:30", "eu", True, "2026-10-22T02:00"),
        ("2041-03-31T03:30", "nl", False, "2041-04-03T03:30"),  # beyond the zone file's list
        ("2041-10-27T02:30", "eu", False, "2041-10-30T02:00"),
    ],
)
def test_hours_hand_picked(start: str, regime: str, backwards: bool, end: str) -> None:
    r = compute_batch(
        starts=np.array([start], dtype="datetime64[m]"),
        amounts=np.array([72]),
        units=np.array([Unit.HOURS], dtype=object),
        regimes=np.array([Regime(regime)], dtype=object),
        backwards=np.array([backwards]),
    )
    assert str(r.end[0]) == end
    s = compute_period(
        start=datetime.fromisoformat(start), length="72 hours", regime=regime, backwards=backwards
    )
    assert s.end == datetime.fromisoformat(end)


def test_local_reading_matches_zoneinfo_at_every_change() -> None:
    """Around every change of the clocks, local minutes become UTC exactly as fold=0 does, and
    an end in the second pass of the repeated hour (fold=1) is written as 03:00, its end."""
    for year in range(2014, 2060):
        for month in (3, 10):
            day = _last_sunday(year, month)
            base = datetime(day.year, day.month, day.day, 1, 0)
            minutes = (base + timedelta(minutes=m) for m in range(0, 181, 15))
            starts = [start for start in minutes if _exists(start)]
            r = compute_batch(
                starts=np.array(starts, dtype="datetime64[m]"),
                amounts=np.array([1]),
                units=Unit.HOURS,
                regimes=Regime.NL,
            )
            for start, end in zip(starts, r.end, strict=True):
                utc = start.replace(tzinfo=AMSTERDAM).timestamp() + 3600
                wall = datetime.fromtimestamp(utc, AMSTERDAM).replace(tzinfo=None)
                expected = wall.replace(hour=3, minute=0, fold=0) if wall.fold else wall
                assert end.item() == expected, start
                assert not wall.fold or wall.hour == 2, start  # Amsterdam repeats 02:00-02:59


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"starts": np.array(["2013-12-31"], dtype="datetime64[D]")}, "holds holidays from"),
        ({"amounts": np.array([0])}, "at least 1"),
        ({"units": np.array(["fortnights"])}, "unknown unit"),
        ({"regimes": "belgian"}, "unknown regime"),
        ({"units": np.array([Unit.HOURS.value])}, "needs a time of day"),
        ({"units": np.array([9])}, "codes run from 0"),
        ({"amounts": np.array([1.5])}, "integers"),
        (
            {"starts": np.array(["2014-01-10"], dtype="datetime64[D]"), "backwards": True},
            "covers",
        ),
        ({"starts": np.array(["2200-12-20"], dtype="datetime64[D]")}, "covers"),
    ],
)
def test_refusals(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {
        "starts": np.array(["2026-06-15"], dtype="datetime64[D]"),
        "amounts": np.array([10]),
        "units": np.array(["working-days"]),
    } | kwargs
    with pytest.raises(PeriodError, match=message):
        compute_batch(**args)  # type: ignore[arg-type]


def test_broadcasts_scalars_and_keeps_shape() -> None:
    starts = np.array([["2026-06-15", "2026-06-16"], ["2026-06-17", "2026-06-18"]], "datetime64[D]")
    r = compute_batch(starts=starts, amounts=5, units=Unit.DAYS, regimes="pact")
    assert r.end.shape == (2, 2)
    assert r.end.astype(str).tolist() == [
        ["2026-06-22", "2026-06-22"],
        ["2026-06-22", "2026-06-23"],
    ]
    empty = compute_batch(
        starts=np.array([], "datetime64[D]"), amounts=np.array([], int), units=Unit.DAYS
    )
    assert empty.end.shape == (0,)

"""Properties every period must have, whatever its start, length and regime.

Each property restates a counting article in a form that can be checked on any input:
Reg. 1182/71 Art. 3(4)-(5), APR Art. 73 / AMMR Art. 75 (roll-forward, no minimum), Dublin III
Art. 42 (no roll-forward), Atw Arts. 1, 2 and 4, and the ledger semantics of ``Deadline``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from migrationpact.law.calendars import get_calendar
from migrationpact.law.periods import Length, Regime, Suspension, Unit, compute_period

NL = get_calendar("NL")
SETTINGS = settings(max_examples=200, deadline=None)

# Any date, or (more interesting) a date just before a holiday, where the rules bite.
_HOLIDAYS = NL.holiday_dates(2015, 2045)
starts = st.one_of(
    st.dates(min_value=date(2015, 1, 1), max_value=date(2045, 12, 31)),
    st.builds(
        lambda day, back: day - timedelta(days=back),
        st.sampled_from(_HOLIDAYS),
        st.integers(0, 6),
    ),
)
regimes = st.sampled_from(list(Regime))
# Each unit with amounts the law actually uses (and a little beyond).
_AMOUNTS = {
    Unit.DAYS: st.one_of(st.integers(1, 5), st.integers(1, 120)),
    Unit.WORKING_DAYS: st.one_of(st.integers(1, 3), st.integers(1, 40)),
    Unit.WEEKS: st.integers(1, 16),
    Unit.MONTHS: st.integers(1, 14),
    Unit.YEARS: st.integers(1, 2),
}
units = st.sampled_from(list(_AMOUNTS))


@st.composite
def lengths(draw: st.DrawFn, unit: Unit | None = None) -> Length:
    """A one-part length, or sometimes a months-and-days mix (months are counted first)."""
    chosen = draw(units) if unit is None else unit
    amount = draw(_AMOUNTS[chosen])
    if unit is None and chosen is Unit.MONTHS and draw(st.booleans()):
        return Length(((amount, Unit.MONTHS), (draw(st.integers(1, 30)), Unit.DAYS)))
    return Length.of(amount, chosen)


def two_days_or_more(start: date, length: Length) -> bool:
    """Whether Reg. 1182/71 Art. 3(5) speaks of this period ("a period of two days or more").

    A period in working days is measured in working days: one of two or more holds them anyway,
    and one of a single working day is not a period of two days.
    """
    if length.in_working_days:
        return length.amount(Unit.WORKING_DAYS) >= 2
    return span_days(start, length) >= 2


def span_days(start: date, length: Length) -> int:
    """Calendar days from the event day to the nominal end, counting forwards."""
    nominal_end = compute_period(start=start, length=length, regime="dublin3").nominal_end
    assert isinstance(nominal_end, date)
    return (nominal_end - start).days


def exists_locally(moment: datetime) -> bool:
    """False for a local time skipped when the clocks go forward (02:30 on 29 Mar 2026)."""
    zone = ZoneInfo(NL.timezone)
    return (
        moment.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None) == moment
    )


@SETTINGS
@given(start=starts, length=lengths(), regime=regimes)
def test_end_is_never_before_the_nominal_end(start: date, length: Length, regime: Regime) -> None:
    result = compute_period(start=start, length=length, regime=regime)
    assert result.end >= result.nominal_end
    assert result.nominal_end > start


@SETTINGS
@given(start=starts, length=lengths())
def test_eu_forward_end_is_a_working_day(start: date, length: Length) -> None:
    # Reg. 1182/71 Art. 3(4): an end on a Saturday, Sunday or holiday moves to a working day.
    result = compute_period(start=start, length=length, regime="eu")
    assert isinstance(result.end, date)
    assert NL.is_working_day(result.end)


@SETTINGS
@given(start=starts, length=lengths())
def test_eu_period_of_two_days_or_more_holds_two_working_days(start: date, length: Length) -> None:
    # Reg. 1182/71 Art. 3(5), counted from the first day of the period to its end.
    assume(two_days_or_more(start, length))
    result = compute_period(start=start, length=length, regime="eu")
    assert NL.working_days_between(start + timedelta(days=1), result.end) >= 2


@SETTINGS
@given(start=starts, length=lengths())
def test_eu_end_is_the_later_of_roll_forward_and_second_working_day(
    start: date, length: Length
) -> None:
    # The whole of Art. 3(4)-(5) for a forward period: no later than it needs to be.
    result = compute_period(start=start, length=length, regime="eu")
    assert isinstance(result.nominal_end, date)
    expected = NL.next_working_day(result.nominal_end)
    if two_days_or_more(start, length):
        expected = max(expected, NL.shift_working_days(start, 2))
    assert result.end == expected


@SETTINGS
@given(start=starts, length=lengths())
def test_pact_end_is_the_next_working_day_with_no_minimum(start: date, length: Length) -> None:
    # APR Art. 73 / AMMR Art. 75 / RBPR Art. 11: roll forward, no two-working-day minimum.
    result = compute_period(start=start, length=length, regime="pact")
    assert isinstance(result.nominal_end, date)
    assert result.end == NL.next_working_day(result.nominal_end)


nl_lengths = st.one_of(
    st.integers(3, 6).map(lambda n: Length.of(n, Unit.DAYS)),
    st.integers(3, 90).map(lambda n: Length.of(n, Unit.DAYS)),
    st.integers(1, 12).map(lambda n: Length.of(n, Unit.WEEKS)),
    st.integers(1, 3).map(lambda n: Length.of(n, Unit.MONTHS)),
)


@SETTINGS
@given(start=starts, length=nl_lengths)
def test_nl_period_of_three_days_or_more_holds_two_working_days(
    start: date, length: Length
) -> None:
    # Atw Art. 2, for periods Atw Art. 4 does not exclude (at most 90 days, 12 weeks, 3 months).
    result = compute_period(start=start, length=length, regime="nl")
    assert isinstance(result.end, date)
    assert NL.is_working_day(result.end)  # Atw Art. 1
    assert NL.working_days_between(start + timedelta(days=1), result.end) >= 2
    assert "excluded" not in [s.rule for s in result.steps]


@SETTINGS
@given(
    start=starts,
    length=st.one_of(
        st.integers(91, 400).map(lambda n: Length.of(n, Unit.DAYS)),
        st.integers(13, 60).map(lambda n: Length.of(n, Unit.WEEKS)),
        st.integers(4, 24).map(lambda n: Length.of(n, Unit.MONTHS)),
    ),
)
def test_nl_long_periods_are_not_moved(start: date, length: Length) -> None:
    # Atw Art. 4 (secondary source): longer than 90 days / 12 weeks / 3 months → Atw not applied.
    result = compute_period(start=start, length=length, regime="nl")
    assert result.end == result.nominal_end


@SETTINGS
@given(
    start=starts,
    later_by=st.integers(1, 45),
    unit=units,
    data=st.data(),
    regime=regimes,
    backwards=st.booleans(),
)
def test_end_is_monotone_in_the_start(
    start: date, later_by: int, unit: Unit, data: st.DataObject, regime: Regime, backwards: bool
) -> None:
    length = data.draw(lengths(unit))
    first = compute_period(start=start, length=length, regime=regime, backwards=backwards)
    second = compute_period(
        start=start + timedelta(days=later_by), length=length, regime=regime, backwards=backwards
    )
    assert first.end <= second.end
    assert first.nominal_end <= second.nominal_end


def _last_sunday_3am(year: int, month: int) -> datetime:
    """03:00 on the last Sunday of ``month``: the clocks change (March, October) around it."""
    last = date(year, month, 31)
    day = last - timedelta(days=(last.weekday() + 1) % 7)
    return datetime(day.year, day.month, day.day, 3, 0)


# Any local minute, or one within three days before a change of the clocks, where ends fall in
# the skipped or the repeated hour; either with fold 0 or 1 (a repeated hour's second pass).
local_times = st.one_of(
    st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2045, 12, 31)),
    st.builds(
        lambda year, month, minutes, fold: (
            _last_sunday_3am(year, month) - timedelta(minutes=minutes)
        ).replace(fold=fold),
        st.integers(2015, 2045),
        st.sampled_from([3, 10]),
        st.integers(-60, 3 * 24 * 60),
        st.integers(0, 1),
    ),
)


@SETTINGS
@given(
    start=local_times,
    later_by=st.one_of(st.integers(1, 90), st.integers(1, 24 * 60 * 3)),
    hours=st.integers(1, 200),
    regime=st.sampled_from([Regime.EU, Regime.NL]),
)
# Ends 02:50 summer time and 02:10 winter time on Sun 28 Oct 2040: the second, written as
# 02:10, looked earlier on the clock; it is now written 03:00, the end of the repeated hour.
@example(start=datetime(2040, 10, 27, 2, 50), later_by=20, hours=24, regime=Regime.NL)
@example(start=datetime(2040, 10, 27, 2, 50), later_by=20, hours=23, regime=Regime.EU)
# 02:30 with fold=1 (winter time) was read as the second pass, after 02:40 (summer time).
@example(start=datetime(2040, 10, 28, 2, 30, fold=1), later_by=10, hours=1, regime=Regime.NL)
def test_hours_end_is_monotone_in_the_start(
    start: datetime, later_by: int, hours: int, regime: Regime
) -> None:
    length = Length.of(hours, Unit.HOURS)
    start = start.replace(second=0, microsecond=0)
    # The engine reads a skipped local time with the offset before the change, so such a start
    # can map after a later, real one; the property is stated for times that exist.
    assume(exists_locally(start) and exists_locally(start + timedelta(minutes=later_by)))
    first = compute_period(start=start, length=length, regime=regime)
    second = compute_period(start=start + timedelta(minutes=later_by), length=length, regime=regime)
    assert first.end <= second.end


def _instant(local: datetime) -> datetime:
    """The moment a local time names, read as the engines read it: the first pass of a
    repeated hour."""
    return local.replace(tzinfo=ZoneInfo(NL.timezone), fold=0).astimezone(UTC)


@SETTINGS
@given(
    start=local_times,
    hours=st.integers(1, 72),
    regime=st.sampled_from([Regime.EU, Regime.NL]),
)
@example(start=datetime(2032, 10, 30, 3, 10), hours=24, regime=Regime.NL)  # ends 02:10 CET
@example(start=datetime(2032, 10, 30, 3, 0), hours=23, regime=Regime.EU)  # ends 02:00 CET
def test_hours_end_is_the_first_local_minute_not_before_the_elapsed_end(
    start: datetime, hours: int, regime: Regime
) -> None:
    """Reg. 1182/71 Art. 3(2)(a): the period ends when its last hour has expired, in elapsed
    time. The end given is the first local minute, read as the engines read local times, that
    is not before that moment; so "before the end" on the clock is "before the end" in time."""
    start = start.replace(second=0, microsecond=0)
    assume(exists_locally(start))
    moment = _instant(start)
    if regime is Regime.EU:  # Art. 3(1): the hour of the event is not counted
        moment = moment.replace(minute=0) + timedelta(hours=1)
    real_end = moment + timedelta(hours=hours)
    end = compute_period(start=start, length=Length.of(hours, Unit.HOURS), regime=regime).end
    assert isinstance(end, datetime)
    assert _instant(end) >= real_end
    before = end - timedelta(minutes=1)
    while not exists_locally(before):  # the spring gap: 02:59 is no local time that day
        before -= timedelta(minutes=1)
    assert _instant(before) < real_end


@SETTINGS
@given(
    start=starts,
    length=lengths(),
    regime=regimes,
    offset=st.integers(0, 400),
    k=st.integers(1, 30),
)
def test_suspension_never_moves_the_end_earlier(
    start: date, length: Length, regime: Regime, offset: int, k: int
) -> None:
    base = compute_period(start=start, length=length, regime=regime)
    assert isinstance(base.nominal_end, date)
    first = start + timedelta(days=1)
    # Stop the clock on a day inside the period (first counted day .. nominal end).
    stopped = first + timedelta(days=offset % ((base.nominal_end - first).days + 1))
    resumed = stopped + timedelta(days=k)
    suspended = compute_period(
        start=start,
        length=length,
        regime=regime,
        suspensions=[Suspension(stopped, resumed, basis=())],
    )
    assert suspended.end >= base.end
    last_suspended = min(resumed - timedelta(days=1), base.nominal_end)
    if length.in_working_days:
        inside = NL.working_days_between(stopped, last_suspended)
    else:
        inside = (last_suspended - stopped).days + 1
    assert inside >= 0
    if inside >= 1:
        assert suspended.nominal_end > base.nominal_end
    else:
        assert suspended.nominal_end == base.nominal_end


@SETTINGS
@given(start=starts, length=lengths(), regime=regimes)
def test_backwards_periods_are_never_moved(start: date, length: Length, regime: Regime) -> None:
    result = compute_period(start=start, length=length, regime=regime, backwards=True)
    assert result.end == result.nominal_end
    assert result.end < start


@SETTINGS
@given(start=starts, length=lengths())
def test_dublin3_end_is_the_nominal_end(start: date, length: Length) -> None:
    # Dublin III Art. 42: weekends and holidays included, no roll-forward.
    result = compute_period(start=start, length=length, regime="dublin3")
    assert result.end == result.nominal_end


@SETTINGS
@given(start=starts, length=lengths(), regime=regimes)
def test_maximum_alerts_on_the_nominal_end(start: date, length: Length, regime: Regime) -> None:
    plain = compute_period(start=start, length=length, regime=regime)
    limited = compute_period(start=start, length=length, regime=regime, maximum=True)
    assert (limited.nominal_end, limited.end) == (plain.nominal_end, plain.end)
    assert limited.alert_on == plain.nominal_end
    assert plain.alert_on == plain.end


@SETTINGS
@given(start=starts, months=st.integers(2, 4), k=st.integers(1, 5), offset=st.integers(1, 28))
def test_suspension_never_moves_an_nl_end_earlier_near_the_art_4_limit(
    start: date, months: int, k: int, offset: int
) -> None:
    # Atw Art. 4 excludes periods longer than three months; a suspension must not turn a
    # three-month period into an excluded one (which would drop the roll-forward).
    length = Length.of(months, Unit.MONTHS)
    stopped = start + timedelta(days=offset)
    base = compute_period(start=start, length=length, regime="nl")
    suspended = compute_period(
        start=start,
        length=length,
        regime="nl",
        suspensions=[Suspension(stopped, stopped + timedelta(days=k), basis=())],
    )
    assert suspended.end >= base.end
    assert suspended.nominal_end == base.nominal_end + timedelta(days=k)

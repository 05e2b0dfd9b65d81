"""A period in hours remembered for its start's hour is the period that start counts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.cases.started import started_period
from migrationpact.law.calendars import get_calendar
from migrationpact.law.crisis import CrisisError
from migrationpact.law.law import Law
from migrationpact.law.periods import PeriodError
from migrationpact.law.periods.hours import counted_hour
from migrationpact.law.rulebook import RuleBookError
from migrationpact.law.rulebook.hourly import counts_hours_from_the_hour

NL = get_calendar("NL")
#: Moments of any day, of the days the clocks change in 2026 and 2027, and of their eves.
CHANGES = [date(2026, 3, 29), date(2026, 10, 25), date(2027, 3, 28), date(2027, 10, 31)]
MOMENTS = st.one_of(
    st.datetimes(datetime(2026, 6, 12), datetime(2028, 12, 31)),
    st.builds(
        lambda day, back, seconds: (
            datetime.combine(day - timedelta(days=back), datetime.min.time())
            + timedelta(seconds=seconds)
        ),
        st.sampled_from(CHANGES),
        st.integers(0, 1),
        st.integers(0, 86399),
    ),
)


def test_the_eurodac_period_counts_from_the_hour_and_a_dutch_one_does_not() -> None:
    book = Law.default().book
    assert counts_hours_from_the_hour(book, "EDR-01", date(2026, 9, 1))
    assert not counts_hours_from_the_hour(book, "APR-04", date(2026, 9, 1))  # days


def test_an_hour_the_clocks_change_in_is_not_one_plain_hour() -> None:
    assert counted_hour(datetime(2026, 7, 1, 9, 59, 59), NL) == datetime(2026, 7, 1, 9)
    assert counted_hour(datetime(2026, 3, 29, 2, 30), NL) is None  # never happens
    assert counted_hour(datetime(2026, 10, 25, 2, 30), NL) is None  # happens twice
    assert counted_hour(datetime(2026, 10, 25, 1, 30), NL) == datetime(2026, 10, 25, 1)
    assert counted_hour(datetime(2026, 10, 25, 3, 0), NL) == datetime(2026, 10, 25, 3)


@settings(max_examples=400, deadline=None)
@given(MOMENTS, st.integers(-7200, 7200), st.sampled_from(["EDR-01", "EDR-04", "APR-01"]))
def test_a_period_remembered_for_a_start_near_another_is_that_start_s(
    start: datetime, seconds: int, rule_id: str
) -> None:
    """Remembered first for a start up to two hours off, in the same hour or another."""
    start = start.replace(microsecond=0)
    other = start + timedelta(seconds=seconds)
    fresh = outcome(Law.default().replace(), rule_id, start)
    law = Law.default().replace()
    outcome(law, rule_id, other)  # remembered first, whatever it gives
    assert outcome(law, rule_id, start) == fresh


def outcome(law: Law, rule_id: str, start: datetime) -> object:
    """The period ``start`` starts, or the kind and text of the error counting it gives."""
    try:
        return started_period(law, rule_id, start, start.date(), None)
    except (PeriodError, RuleBookError, CrisisError) as exc:
        return (type(exc), str(exc))

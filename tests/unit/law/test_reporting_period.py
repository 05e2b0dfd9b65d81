"""Reporting periods: the examples by hand, malformed texts refused, and properties of every
period (its days lie in it, the halves hold their quarters, the quarters their months)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from migrationpact.law.reporting_period import PeriodError, parse_period


@pytest.mark.parametrize(
    ("text", "kind", "first", "last"),
    [
        ("2026-H1", "half-year", date(2026, 1, 1), date(2026, 6, 30)),
        ("2026-H2", "half-year", date(2026, 7, 1), date(2026, 12, 31)),
        ("2026-Q3", "quarter", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026-Q4", "quarter", date(2026, 10, 1), date(2026, 12, 31)),
        ("2028-02", "month", date(2028, 2, 1), date(2028, 2, 29)),  # a leap year
        ("2027-02", "month", date(2027, 2, 1), date(2027, 2, 28)),
        (" 2026-06 ", "month", date(2026, 6, 1), date(2026, 6, 30)),
        ("2026", "year", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_worked_examples(text: str, kind: str, first: date, last: date) -> None:
    period = parse_period(text)
    assert (period.kind, period.first, period.last) == (kind, first, last)
    assert period.text == text.strip()


@pytest.mark.parametrize(
    "text", ["", "202", "20266", "2026-H3", "2026-H0", "2026-Q5", "2026-Q0", "2026-13", "2026-00",
             "2026-7", "26-H2", "H2-2026", "2026-h2", "2026-q3", "0000-01", "2026-H2x"],
)  # fmt: skip
def test_malformed_periods_are_refused(text: str) -> None:
    with pytest.raises(PeriodError, match="expected YYYY-H1/H2"):
        parse_period(text)


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_every_day_lies_in_its_half_quarter_and_month(day: date) -> None:
    half = parse_period(f"{day.year:04d}-H{1 if day.month <= 6 else 2}")
    quarter = parse_period(f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}")
    month = parse_period(f"{day.year:04d}-{day.month:02d}")
    for period in (half, quarter, month):
        assert period.contains(day)
        assert not period.contains(period.first - timedelta(days=1))
        assert not period.contains(period.last + timedelta(days=1))
    assert half.first <= quarter.first <= month.first <= day <= month.last <= quarter.last
    assert quarter.last <= half.last
    assert (half.months, quarter.months, month.months) == (6, 3, 1)

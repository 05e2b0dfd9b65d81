"""Calendar doubts are reported only where they could have changed the end."""

from __future__ import annotations

from datetime import date

from migrationpact.law.periods import compute_period


def test_an_unverified_equated_day_passed_over_by_the_roll_forward_is_reported() -> None:
    # 1 week from Thu 7 May 2026: Ascension Thu 14 May, equated Fri 15 May → Mon 18 May.
    result = compute_period(start=date(2026, 5, 7), length="1 week", regime="pact")
    assert result.end == date(2026, 5, 18)
    assert any("15 May 2026" in w for w in result.warnings)


def test_an_equated_day_inside_a_long_period_that_cannot_move_the_end_is_not_reported() -> None:
    # 6 months from Sat 20 Dec 2025 hold two equated days (2 Jan, 15 May 2026), but the end
    # (Sat 20 Jun 2026 → Mon 22 Jun) is decided by the days after the nominal end alone.
    result = compute_period(start=date(2025, 12, 20), length="6 months", regime="pact")
    assert result.end == date(2026, 6, 22)
    assert not any("2 Jan 2026" in w or "15 May 2026" in w for w in result.warnings)


def test_a_two_day_minimum_counting_over_an_equated_day_reports_it() -> None:
    # 2 days from Wed 31 Dec 2025 (eu): Thu 1 Jan holiday, Fri 2 Jan equated, weekend, so the
    # two working days of Art. 3(5) are Mon 5 and Tue 6 Jan: the equated day decided that.
    result = compute_period(start=date(2025, 12, 31), length="2 days", regime="eu")
    assert result.end == date(2026, 1, 6)
    assert any("2 Jan 2026" in w for w in result.warnings)


def test_years_without_a_recorded_decree_are_reported_only_where_the_end_is_decided() -> None:
    # Event in 2022 (no decree recorded), end in 2026 (decree recorded): no warning.
    long_ = compute_period(start=date(2022, 6, 1), length="4 years", regime="pact")
    assert not any("2022" in w for w in long_.warnings)
    # An end in 2022 itself: the missing decree could matter.
    short = compute_period(start=date(2022, 6, 1), length="5 days", regime="pact")
    assert any("2022" in w for w in short.warnings)

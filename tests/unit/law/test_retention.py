"""Retention periods by hand from the articles (EDR Art. 29(1); Reg. 1182/71 Art. 3(2)(c))."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from migrationpact.law.retention import RetentionFacts, erasure_due, period_end, retention_book


def test_the_rules_are_dated_and_cited_and_the_unfound_one_says_so() -> None:
    rules = {r.id: r for r in retention_book().rules}
    edr = rules["RET-EDR-29-1"]
    assert (edr.years, edr.start, edr.basis.article, edr.basis.paragraph) == (
        10, "biometrics", "29", "1",
    )  # fmt: skip
    assert (edr.basis.celex, edr.verified) == ("32024R1358", True)
    assert rules["RET-NL-ASYLUM-FILE"].verified is False


def test_ten_years_from_the_biometrics_by_hand() -> None:
    # Biometrics taken 9 July 2026: stored until the end of 9 July 2036 (Art. 3(2)(c)); the
    # case closed on 10 September 2026 keeps its file until the end of 10 September 2036.
    facts = RetentionFacts(date(2026, 7, 9), date(2026, 7, 9), date(2026, 9, 10))
    due = erasure_due(facts)
    assert (due.due_on, due.rule_id, due.verified) == (
        date(2036, 9, 11), "RET-NL-ASYLUM-FILE", False,
    )  # fmt: skip
    assert any("RET-EDR-29-1: 10 years from 2026-07-09" in s for s in due.steps)


def test_an_open_case_is_never_due_and_29_february_ends_on_28_february() -> None:
    assert erasure_due(RetentionFacts(date(2026, 7, 9), None, None)).due_on is None
    assert period_end(date(2028, 2, 29), 10) == date(2038, 2, 28)
    assert period_end(date(2028, 2, 29), 12) == date(2040, 2, 29)


@given(
    biometrics=st.dates(date(2026, 6, 12), date(2040, 1, 1)),
    after=st.integers(0, 5000),
)
def test_due_is_the_day_after_the_later_end(biometrics: date, after: int) -> None:
    closed = date.fromordinal(biometrics.toordinal() + after)
    due = erasure_due(RetentionFacts(biometrics, None, closed))
    later = max(period_end(biometrics, 10), period_end(closed, 10))
    assert due.due_on is not None
    assert due.due_on.toordinal() == later.toordinal() + 1

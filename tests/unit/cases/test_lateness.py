"""A deadline met late says so: when it was closed, and by how many days (or hours) late.

Worked examples by hand from SR Art. 8(3) (screening at the external border: at most 7 days)
and EDR Art. 15 / the 72-hour EDR-03 period: the screening of Mon 6 Jul 2026 08:00 may run
until the end of Mon 13 Jul (1182/71: the event day is not counted, 7 days → 13 Jul).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from migrationpact.cases.codec import from_document, to_document, to_json
from migrationpact.cases.lateness import Lateness, entry_lateness, lateness
from tests.support.facts import PLAIN_FACTS
from tests.unit.cases.helpers import entry, ev, lapse_until, run

SCREENING = ev("screening_started", "2026-07-06T08:00", entry="border-crossing")
MADE = ev("application_made", "2026-07-06T15:00", facts={**PLAIN_FACTS, "nationality": "BGD"})


def _completed(at: str):  # type: ignore[no-untyped-def]
    return ev("screening_completed", at, referral="registration-authority",
              form={"applied_for_asylum": True, "nationality": "BGD"})  # fmt: skip


def test_a_screening_completed_two_days_late_says_when_and_how_late() -> None:
    # Due Mon 13 Jul (ends 14 Jul 00:00); completed Wed 15 Jul 12:00: 15 − 13 = 2 days late.
    state = run([SCREENING, MADE, _completed("2026-07-15T12:00")])
    scr = entry(state, "SCR-01")
    assert (scr.status, scr.due) == ("met", date(2026, 7, 13))
    assert scr.closed_at == datetime(2026, 7, 15, 12, 0)
    assert entry_lateness(scr) == Lateness(late=True, days_late=2)


def test_a_screening_completed_in_time_is_not_late() -> None:
    state = run([SCREENING, MADE, _completed("2026-07-13T23:59")])
    scr = entry(state, "SCR-01")
    assert scr.closed_at == datetime(2026, 7, 13, 23, 59)
    assert entry_lateness(scr) == Lateness(late=False)


def test_a_lapse_is_dated_when_the_period_ran_out_not_when_it_was_recorded() -> None:
    state = lapse_until(run([SCREENING, MADE]), date(2026, 7, 20))
    scr = entry(state, "SCR-01")
    assert scr.status == "lapsed"
    assert scr.closed_at == datetime(2026, 7, 14, 0, 0)
    assert entry_lateness(scr) == Lateness(late=False)


def test_closed_at_survives_the_compact_document_and_is_left_out_while_open() -> None:
    state = run([SCREENING, MADE, _completed("2026-07-15T12:00")])
    assert from_document(to_document(state, compact=True)) == state
    assert '"closed_at":"2026-07-15T12:00:00"' in to_json(state)
    opened = run([SCREENING])
    assert "closed_at" not in to_json(opened)


def test_an_hours_deadline_met_late_counts_hours() -> None:
    due = datetime(2026, 7, 9, 8, 0)
    assert lateness("met", due, datetime(2026, 7, 9, 8, 0)) == Lateness(True, 0, 1)
    assert lateness("met", due, datetime(2026, 7, 10, 9, 1)) == Lateness(True, 1, 26)
    assert lateness("met", due, datetime(2026, 7, 9, 7, 59)) == Lateness(False)


@given(
    due=st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)),
    after=st.integers(min_value=0, max_value=400 * 24 * 60),
)
def test_days_late_is_the_calendar_days_from_the_due_day(due: date, after: int) -> None:
    met = datetime.combine(due, datetime.min.time()) + timedelta(minutes=after)
    found = lateness("met", due, met)
    assert found.late == (met.date() > due)
    assert found.days_late == ((met.date() - due).days if found.late else None)

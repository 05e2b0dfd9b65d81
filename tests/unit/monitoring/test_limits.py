"""Handling time limits: counted by the period engine from dated data, worked out by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from migrationpact.law.periods import compute_period
from migrationpact.monitoring.decide import replay
from migrationpact.monitoring.editions import MonitoringDataError
from migrationpact.monitoring.limits import default_limits, due, load_limits
from tests.unit.monitoring.helpers import event, signal


def test_triage_and_handling_limits_from_a_friday_signal() -> None:
    # Received Fri 4 Dec 2026. Ten working days (Atw): Mon 7 .. Fri 11, Mon 14 .. Fri 18 Dec.
    # Six weeks: Fri 15 Jan 2027 (the same weekday), a working day, so it stays.
    state = replay("M-1", [signal(), event("routed")])
    found = {d.limit: d for d in due(state, date(2026, 12, 18))}
    assert found["MON-TRIAGE"].due == date(2026, 12, 18)
    assert found["MON-ANSWER"].due == date(2027, 1, 15)
    assert not found["MON-TRIAGE"].overdue  # due today, not yet overdue
    assert due(state, date(2026, 12, 19))[0].overdue
    assert found["MON-TRIAGE"].period == compute_period(
        start=date(2026, 12, 4), length="10 working days", regime="nl"
    )


def test_the_christmas_holidays_do_not_count_as_working_days() -> None:
    # Received Mon 14 Dec 2026: Tue 15 .. Fri 18 (4), Mon 21 .. Thu 24 (8), Fri 25 and
    # Sat 26 Dec are Christmas, Mon 28 (9), Tue 29 Dec 2026 (10).
    at = {"occurred_at": "2026-12-14T10:00"}
    state = replay("M-1", [signal(received_at="2026-12-14T09:00", **at), event("routed", **at)])
    found = {d.limit: d for d in due(state, date(2026, 12, 14))}
    assert found["MON-TRIAGE"].due == date(2026, 12, 29)


def test_a_referral_is_answered_within_six_weeks_unless_the_body_set_a_day() -> None:
    # Referred Fri 4 Dec 2026 (the helper's moment): six weeks is Fri 15 Jan 2027.
    base = [signal(), event("routed"), event("triaged")]
    referred = replay("M-1", [*base, event("referred")])
    mine = [d for d in due(referred, date(2026, 12, 7)) if d.limit == "MON-REFERRAL"]
    assert [(d.authority, d.due, d.met_on) for d in mine] == [("KMar", date(2027, 1, 15), None)]
    fixed = replay("M-1", [*base, event("referred", follow_up_due="2026-12-11")])
    mine = [d for d in due(fixed, date(2026, 12, 14)) if d.limit == "MON-REFERRAL"]
    assert (mine[0].due, mine[0].overdue) == (date(2026, 12, 11), True)


def test_a_limit_met_is_met_on_its_day_and_late_only_when_after_the_due_day() -> None:
    state = replay(
        "M-1",
        [signal(), event("routed"), event("triaged", occurred_at="2026-12-21T10:00")],
    )
    triage = next(d for d in due(state, date(2027, 3, 1)) if d.limit == "MON-TRIAGE")
    assert (triage.met_on, triage.overdue) == (date(2026, 12, 21), True)
    on_time = replay("M-1", [signal(), event("routed"), event("triaged")])
    triage = next(d for d in due(on_time, date(2027, 3, 1)) if d.limit == "MON-TRIAGE")
    assert (triage.met_on, triage.overdue) == (date(2026, 12, 4), False)


def test_a_complaint_referred_out_has_no_triage_limit() -> None:
    state = replay("M-1", [signal(), event("routed", to="CRM", referred_out="Kinderombudsman")])
    assert [d.limit for d in due(state, date(2026, 12, 4))] == ["MON-ANSWER"]


def test_every_shipped_limit_is_flagged_unverified_with_a_note() -> None:
    limits = default_limits().at(date(2026, 12, 4))
    assert limits.verified is False
    assert all(not limit.verified and "UNVERIFIED" in limit.note for limit in limits.limits)


HEADER = "edition: 2026-06-12\nvalid_from: 2026-06-12\nverified: false\nverification: n\n"
LIMIT = (
    "limits:\n  - id: MON-T\n    title: {{en: t, nl: t}}\n    starts: {starts}\n"
    "    met_by: {met}\n    length: {length}\n    verified: false\n    note: n\n"
)


@pytest.mark.parametrize(
    ("starts", "met", "length", "problem"),
    [
        ("signal_received", "triaged", "36 hours", "in days or longer"),
        ("signal_received", "triaged", "ten days", "length"),
        ("referred", "closed", "6 weeks", "a referral's limit is met by the authority"),
        ("signal_received", "acknowledged", "6 weeks", "met_by"),
    ],
)
def test_a_bad_limits_file_is_refused(
    tmp_path: Path, starts: str, met: str, length: str, problem: str
) -> None:
    folder = tmp_path / "2026-06-12"
    folder.mkdir()
    text = HEADER + LIMIT.format(starts=starts, met=met, length=length)
    (folder / "limits.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(MonitoringDataError, match=problem):
        load_limits(tmp_path)

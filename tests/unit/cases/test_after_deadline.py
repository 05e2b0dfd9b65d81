"""After a deadline has passed: refused where the lapse decides, recorded as late elsewhere.

Worked examples derived by hand from the articles (docs/cases.md, "After a deadline has passed"),
each decided alike whether or not the lapse was recorded before the act.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.cases import AnyEvent, CaseState, TransitionError, decide, replay
from migrationpact.cases.late import TooLateError
from migrationpact.cases.lateness import Lateness, entry_lateness
from migrationpact.cases.procedure import EXAMINATION_RULES
from tests.unit.cases.helpers import entry, ev, in_territory, lapse_until, run

# Registered Wednesday 8 July 2026: AMMR-01, two months (AMMR Art. 39(1), counted as AMMR
# Art. 75 says), ends with Tuesday 8 September 2026, i.e. at 9 September 00:00.
AMMR_01_END = datetime(2026, 9, 9, 0, 0)


def _registered() -> CaseState:
    return run(in_territory())


def _request(at: datetime) -> AnyEvent:
    return ev("take_charge_request_sent", f"{at:%Y-%m-%dT%H:%M}", member_state="DEU")


def test_ammr_01_ends_where_the_article_puts_it() -> None:
    state = _registered()
    assert entry(state, "AMMR-01").due == date(2026, 9, 8)
    assert entry(state, "AMMR-01").ends_at == AMMR_01_END


@pytest.mark.parametrize("lapse_first", [False, True], ids=["no-lapse-yet", "lapse-recorded"])
def test_a_take_charge_request_after_ammr_01_is_refused(lapse_first: bool) -> None:
    """AMMR Art. 39(1): not made within the period, the registering state is responsible."""
    state = _registered()
    if lapse_first:
        state = lapse_until(state, date(2026, 9, 30))
        assert entry(state, "AMMR-01").status == "lapsed"
    with pytest.raises(TooLateError) as refused:
        decide(state, _request(datetime(2026, 11, 14, 10, 0)))  # 66 days after the end
    assert refused.value.rule == "AMMR Art. 39(1)"
    assert "AMMR-01" in refused.value.reason


def test_a_take_charge_request_on_the_last_day_is_accepted() -> None:
    state = decide(_registered(), _request(datetime(2026, 9, 8, 23, 0)))
    assert entry(state, "AMMR-01").status == "met"
    assert state.dublin.reply == "pending"
    assert not [c for c in state.consequences if c.code == "late-step"]


@settings(max_examples=60, deadline=None)
@given(minutes=st.integers(min_value=-60 * 24 * 50, max_value=60 * 24 * 120))
def test_a_request_is_accepted_exactly_until_ammr_01_ends(minutes: int) -> None:
    at = AMMR_01_END + timedelta(minutes=minutes)
    state = _registered()
    if at < AMMR_01_END:
        assert decide(state, _request(at)).dublin.reply == "pending"
    else:
        with pytest.raises(TooLateError):
            decide(state, _request(at))


def test_a_recorded_late_request_replays_without_effect() -> None:
    """History replays: the request an older version accepted is kept, marked not effective."""
    events = [*in_territory(), _request(datetime(2026, 11, 14, 10, 0))]
    state = replay("C-1", events)
    assert state.seq == 3
    assert state.dublin.reply is None
    assert state.consequences[-1].code == "not-effective"
    assert state.consequences[-1].legal_basis == "AMMR Art. 39(1)"
    with pytest.raises(TransitionError):
        run(events)


def _screening(started: str = "2026-07-06T10:00") -> CaseState:
    return run([ev("screening_started", started, entry="border-crossing", location="Ter Apel")])


def _completed(at: str) -> AnyEvent:
    form = {"names": ["A", "B"], "nationality": "SYR", "applied_for_asylum": True,
            "reason_for_screening": "border-crossing"}  # fmt: skip
    return ev("screening_completed", at, referral="registration-authority", form=form)


@pytest.mark.parametrize("lapse_first", [False, True], ids=["no-lapse-yet", "lapse-recorded"])
def test_a_screening_completed_after_scr_01_is_recorded_as_late(lapse_first: bool) -> None:
    """SR Art. 8(3), 18(1): seven days from 6 July end with 13 July; completion on 15 July
    still refers the person (screening ends), recorded as late."""
    state = _screening()
    assert entry(state, "SCR-01").due == date(2026, 7, 13)
    if lapse_first:
        state = lapse_until(state, date(2026, 7, 14))
    state = decide(state, _completed("2026-07-15T10:00"))
    assert state.screening_completed_at == datetime(2026, 7, 15, 10, 0)
    late = [c for c in state.consequences if c.code == "late-step"]
    if lapse_first:  # the lapse closed it; the act that came after all is recorded as late
        assert [(c.key, c.legal_basis) for c in late] == [("SCR-01", "SR Art. 8(3), 18(1)")]
        assert entry(state, "SCR-01").status == "lapsed"
    else:  # met, two days late, on the deadline itself
        assert late == []
        assert entry(state, "SCR-01").status == "met"
        assert entry_lateness(entry(state, "SCR-01")) == Lateness(late=True, days_late=2)


def test_a_screening_completed_in_time_is_not_late() -> None:
    state = decide(_screening(), _completed("2026-07-13T23:59"))
    assert entry(state, "SCR-01").status == "met"
    assert not [c for c in state.consequences if c.code == "late-step"]


@pytest.mark.parametrize("lapse_first", [False, True], ids=["no-lapse-yet", "lapse-recorded"])
def test_a_late_decision_is_taken_and_recorded_as_late(lapse_first: bool) -> None:
    """APR Art. 35: the examination periods attach no consequence; the decision stands."""
    state = run([*in_territory(), ev("application_lodged", "2026-07-15T10:00")])
    (running,) = state.running(*EXAMINATION_RULES)
    after = running.ends_at + timedelta(days=3)
    if lapse_first:
        state = lapse_until(state, after.date() - timedelta(days=1))
    state = decide(state, ev("decision_taken", f"{after:%Y-%m-%dT%H:%M}", outcome="unfounded"))
    assert state.decision is not None
    late = [c for c in state.consequences if c.code == "late-step"]
    if lapse_first:
        assert [c.key for c in late] == [running.key]
        assert (late[0].legal_basis or "").startswith("APR Art. 35")
    else:
        assert late == []
        # Its end is 00:00 after its last day; three days on is the fourth day after that day.
        assert entry_lateness(entry(state, running.rule_id)) == Lateness(late=True, days_late=4)


def _requested_reply() -> CaseState:
    return run([ev("take_charge_request_received", "2026-07-06T10:00", member_state="DEU")])


@pytest.mark.parametrize("lapse_first", [False, True], ids=["no-lapse-yet", "lapse-recorded"])
def test_a_reply_after_the_reply_period_is_refused(lapse_first: bool) -> None:
    """AMMR Art. 40(8): silence within the month is acceptance; a refusal after it is refused."""
    state = _requested_reply()
    (period,) = state.running("AMMR-03")
    if lapse_first:
        state = lapse_until(state, period.ends_at.date())
    at = period.ends_at + timedelta(days=1)
    reply = ev("reply_sent", f"{at:%Y-%m-%dT%H:%M}", outcome="refused")
    with pytest.raises(TransitionError) as refused:
        decide(state, reply)
    assert refused.value.rule.startswith("AMMR Art. 40")

"""The transfer periods after absconding and in detention, worked out by hand from the articles.

* AMMR Art. 46(2) 1st subpara: the six months become at most three years "from the date on which
  the requesting member state informed the member state responsible" of the absconding (or the
  resistance, the self-inflicted unfitness, the medical requirements): ``absconding_notified``.
* Reg. 604/2013 Art. 29(2): the eighteen months after absconding run, like the six, from the
  acceptance.
* AMMR Art. 45(3): a detained person is transferred within five weeks of the acceptance or
  confirmation, or of the moment the appeal no longer has suspensive effect, whenever the
  detention began; Reg. 604/2013 Art. 28(3) 3rd subpara: six weeks, likewise.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.cases import AnyEvent, TransitionError, decide
from migrationpact.cases.late import TooLateError
from tests.unit.cases.helpers import due, entry, ev, in_territory, lapse_until, run

# AMMR case: request to Germany Fri 17 Jul 2026, accepted Mon 27 Jul 2026.
ACCEPTED = [
    *in_territory(),
    ev("application_lodged", "2026-07-13T10:00"),
    ev("take_charge_request_sent", "2026-07-17T11:00", member_state="DEU"),
    ev("reply_received", "2026-07-27T10:00", outcome="accepted"),
]
NOTIFIED = [
    *ACCEPTED,
    ev("transfer_decision_taken", "2026-07-30T10:00"),
    ev("transfer_decision_notified", "2026-07-31T10:00"),
]
# Dublin III case (registered Tue 30 Jun 2026): request to Italy Mon 20 Jul, accepted Mon 3 Aug.
D3_ACCEPTED = [
    *in_territory(made="2026-06-26T10:00", registered="2026-06-30T09:00"),
    ev("take_charge_request_sent", "2026-07-20T10:00", member_state="ITA"),
    ev("reply_received", "2026-08-03T10:00", outcome="accepted"),
]


def test_absconding_alone_leaves_the_six_months_running() -> None:
    state = run([*NOTIFIED, ev("absconded", "2026-11-02T08:00")])
    # AMMR-10: 6 months from Mon 27 Jul 2026 -> Wed 27 Jan 2027; no notice yet, no AMMR-11b.
    assert (entry(state, "AMMR-10").status, due(state, "AMMR-10")) == ("open", date(2027, 1, 27))
    assert not state.running("AMMR-11b")


def test_three_years_run_from_the_notice_to_the_state_responsible() -> None:
    state = run([
        *NOTIFIED,
        ev("absconded", "2026-11-02T08:00"),
        ev("absconding_notified", "2026-11-10T10:00"),
    ])  # fmt: skip
    assert entry(state, "AMMR-10").status == "cancelled"
    # AMMR-11b: 3 years from Tue 10 Nov 2026 -> Sat 10 Nov 2029 -> Mon 12 Nov 2029 (AMMR Art.
    # 75: a period ending on a Saturday ends on the next working day). From the acceptance it
    # would have been Fri 27 Jul 2029, three and a half months too early.
    longer = entry(state, "AMMR-11b")
    assert (longer.status, longer.started_on, longer.due) == (
        "open",
        ev("absconding_notified", "2026-11-10T10:00").occurred_at,
        date(2029, 11, 12),
    )


def test_resistance_is_notified_without_an_absconding() -> None:
    state = run([*NOTIFIED, ev("absconding_notified", "2026-09-01T10:00",
                               ground="physically-resisted")])  # fmt: skip
    # 3 years from Tue 1 Sep 2026 -> Sat 1 Sep 2029 -> Mon 3 Sep 2029.
    assert due(state, "AMMR-11b") == date(2029, 9, 3)


REFUSED: list[tuple[str, list[AnyEvent], AnyEvent, str]] = [
    ("absconding not recorded", NOTIFIED, ev("absconding_notified", "2026-09-01T10:00"),
     "AMMR Art. 46(2)"),
    ("no acceptance", ACCEPTED[:-1], ev("absconding_notified", "2026-07-20T10:00",
     ground="physically-resisted"), "AMMR Art. 46(2)"),
    ("Dublin III", D3_ACCEPTED, ev("absconding_notified", "2026-08-10T10:00",
     ground="physically-resisted"), "Reg. 604/2013 Art. 29(2)"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "before", "event", "rule"), REFUSED, ids=[c[0] for c in REFUSED])
def test_notice_refused(name: str, before: list[AnyEvent], event: AnyEvent, rule: str) -> None:
    state = run(before)
    with pytest.raises(TransitionError) as err:
        decide(state, event)
    assert err.value.rule == rule


def test_notice_after_the_six_months_is_too_late() -> None:
    state = run([*NOTIFIED, ev("absconded", "2026-11-02T08:00")])
    # AMMR-10 ended with Wed 27 Jan 2027: responsibility has shifted (AMMR Art. 37(1)).
    with pytest.raises(TooLateError) as err:
        decide(state, ev("absconding_notified", "2027-01-28T10:00"))
    assert err.value.rule == "AMMR Art. 37(1)"


def test_dublin_iii_eighteen_months_run_from_the_acceptance() -> None:
    state = run([*D3_ACCEPTED, ev("absconded", "2026-09-07T08:00")])
    # D3-11: 18 months from Mon 3 Aug 2026 -> Thu 3 Feb 2028 (Reg. 604/2013 Art. 29(2)).
    assert entry(state, "D3-09").status == "cancelled"
    assert due(state, "D3-11") == date(2028, 2, 3)


def test_detained_after_acceptance_counts_from_the_acceptance() -> None:
    state = run([*ACCEPTED, ev("detained", "2026-08-10T06:00", ground="dublin-transfer")])
    # AMMR-14: 5 weeks from Mon 27 Jul 2026 -> Mon 31 Aug 2026, not from the detention on 10 Aug
    # (which would give Mon 14 Sep).
    assert due(state, "AMMR-14") == date(2026, 8, 31)


def test_detained_after_the_limit_ended_lapses_at_once() -> None:
    state = run([*ACCEPTED, ev("detained", "2026-09-07T06:00", ground="dublin-transfer")])
    # The five weeks ended with Mon 31 Aug: detention may not continue (AMMR Art. 45(4)).
    state = lapse_until(state, date(2026, 9, 7))
    assert entry(state, "AMMR-14").status == "lapsed"
    assert [c.rule_id for c in state.consequences if c.rule_id == "AMMR-14"] == ["AMMR-14"]


def test_dublin_iii_detained_after_acceptance_gets_its_limit() -> None:
    state = run([*D3_ACCEPTED, ev("detained", "2026-08-10T06:00", ground="dublin-transfer")])
    # D3-14: 6 weeks from Mon 3 Aug 2026 -> Mon 14 Sep 2026 (Reg. 604/2013 Art. 28(3)).
    assert due(state, "D3-14") == date(2026, 9, 14)


def test_detained_during_a_suspensive_appeal_counts_from_its_end() -> None:
    state = run([
        *NOTIFIED,
        ev("appeal_lodged", "2026-08-03T10:00", against="transfer-decision",
           suspension_requested=True),
        ev("detained", "2026-08-05T06:00", ground="dublin-transfer"),
    ])  # fmt: skip
    assert not state.running("AMMR-14")  # suspensive effect: the count has not begun
    state = decide(state, ev("appeal_decided", "2026-08-24T10:00", against="transfer-decision",
                             outcome="dismissed"))  # fmt: skip
    # AMMR Art. 45(3)(b): 5 weeks from Mon 24 Aug 2026 -> Mon 28 Sep 2026.
    assert due(state, "AMMR-14") == date(2026, 9, 28)


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=60))
def test_detained_transfer_end_never_depends_on_the_detention_day(days: int) -> None:
    """Property: whenever the detention begins after the acceptance, the limit is the same."""
    day = date(2026, 7, 28).toordinal() + days
    detained = ev("detained", f"{date.fromordinal(day).isoformat()}T06:00", ground="return")
    state = run([*ACCEPTED, detained])
    assert due(state, "AMMR-14") == date(2026, 8, 31)

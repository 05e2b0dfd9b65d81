"""CFMR Art. 12(4): transfers to a member state in crisis are suspended, within one year, worked
by hand.

The case: the Netherlands asked Italy to take charge on Fri 17 Jul 2026; Italy accepted on Mon
27 Jul 2026, so the six months of AMMR Art. 46(1) (AMMR-10) end Wed 27 Jan 2027. A fictional
Council decision lets Italy apply CFMR Art 12 in a mass arrival from 1 Sep to 30 Nov 2026.

* Transfers suspended on Tue 15 Sep 2026: AMMR-10 gives way to CFMR-05, one year from the same
  acceptance: Tue 27 Jul 2027 (AMMR Art. 75; a working day).
* A transfer on Thu 1 Oct 2026 is refused (Italy still faces the situation); one on Tue 15 Dec
  2026 goes ahead (the decision ended on 30 Nov 2026), as does one after Italy agreed to receive
  the person.
* No transfer: CFMR-05 lapses at 00:00 on Wed 28 Jul 2027 and the Netherlands is responsible
  (Art. 12(4) 2nd subpara) — not on 28 Jan 2027, as the six months alone would have it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from migrationpact.cases import AnyEvent, CaseState, TransitionError, decide
from migrationpact.cases.late import TooLateError
from migrationpact.law.crisis import CrisisDecision, CrisisRegister
from migrationpact.law.law import Law
from tests.unit.cases import helpers
from tests.unit.cases.helpers import due, entry, ev, in_territory

ITALY = CrisisDecision(
    "FICTIONAL-IT-2026", "fictional", "mass-arrival", "IT", date(2026, 9, 1),
    date(2026, 11, 30), ("CFMR Art 12",), "fictional", False,
)  # fmt: skip
OTHERS = [
    replace(ITALY, id="FICTIONAL-DE-2026", member_state="DE"),
    replace(ITALY, id="FICTIONAL-IT-INSTR", situation="instrumentalisation"),
    replace(ITALY, id="FICTIONAL-IT-ART11", derogations=("CFMR Art 11",)),
    replace(ITALY, id="FICTIONAL-IT-2027", valid_from=date(2027, 1, 1), valid_to=date(2027, 3, 31)),
]  # fmt: skip
REGISTER = CrisisRegister.from_data({"decisions": [d.to_dict() for d in (ITALY, *OTHERS)]}, "test")
LAW = Law.default().replace(crises=REGISTER)

ACCEPTED = [
    *in_territory(),
    ev("application_lodged", "2026-07-13T10:00"),
    ev("take_charge_request_sent", "2026-07-17T11:00", member_state="ITA"),
    ev("reply_received", "2026-07-27T10:00", outcome="accepted"),
    ev("transfer_decision_taken", "2026-07-30T10:00"),
    ev("transfer_decision_notified", "2026-07-31T10:00"),
]
SUSPENDED = [*ACCEPTED, ev("transfers_suspended", "2026-09-15T10:00", crisis="FICTIONAL-IT-2026")]


def run(events: list[AnyEvent]) -> CaseState:
    return helpers.run(events, "C-IT", LAW)


def lapse_until(state: CaseState, day: date) -> CaseState:
    return helpers.lapse_until(state, day, LAW)


def test_the_six_months_give_way_to_a_year_from_the_acceptance() -> None:
    before = run(ACCEPTED)
    assert due(before, "AMMR-10") == date(2027, 1, 27)
    state = run(SUSPENDED)
    assert entry(state, "AMMR-10").status == "cancelled"
    year = entry(state, "CFMR-05")
    assert (year.status, year.due, year.organisation) == ("open", date(2027, 7, 27), "DTenV")
    assert state.dublin.transfer_suspended_by == "FICTIONAL-IT-2026"
    assert [c.legal_basis for c in state.consequences if c.code == "transfers-suspended"] == [
        "CFMR Art. 12(4)"
    ]


def test_no_transfer_while_the_state_responsible_faces_the_situation() -> None:
    with pytest.raises(TransitionError, match="suspended until 2026-11-30") as refused:
        run([*SUSPENDED, ev("transfer_carried_out", "2026-10-01T10:00")])
    assert refused.value.rule == "CFMR Art. 12(4)"


def test_the_transfer_goes_ahead_once_the_decision_has_ended() -> None:
    state = run([*SUSPENDED, ev("transfer_carried_out", "2026-12-15T10:00")])
    assert entry(state, "CFMR-05").status == "met"
    assert state.dublin.transferred_at is not None


def test_the_transfer_goes_ahead_when_the_state_responsible_agrees() -> None:
    state = run([
        *SUSPENDED,
        ev("transfer_agreed_in_crisis", "2026-09-30T10:00"),
        ev("transfer_carried_out", "2026-10-01T10:00"),
    ])  # fmt: skip
    assert entry(state, "CFMR-05").status == "met"
    assert state.dublin.transfer_suspended_by is None


def test_a_year_without_transfer_makes_the_netherlands_responsible() -> None:
    state = run(SUSPENDED)
    state = lapse_until(state, date(2027, 1, 28))
    assert state.dublin.responsible_state == "ITA"  # the six months no longer decide
    state = lapse_until(state, date(2027, 7, 26))
    assert entry(state, "CFMR-05").status == "open"
    state = lapse_until(state, date(2027, 7, 27))
    assert entry(state, "CFMR-05").status == "lapsed"
    lapsed = [c for c in state.consequences if c.key == "CFMR-05"]
    assert [(c.code, c.legal_basis) for c in lapsed] == [
        ("responsibility-shifted", "CFMR Art. 12(4)")
    ]
    assert state.dublin.responsible_state == "NLD"
    with pytest.raises(TooLateError, match="CFMR-05 ended") as refused:
        decide(state, ev("transfer_carried_out", "2027-08-02T10:00"), law=LAW)
    assert refused.value.rule == "CFMR Art. 12(4)"


@pytest.mark.parametrize(
    ("events", "crisis", "match"),
    [
        (ACCEPTED, "FICTIONAL-DE-2026", "not for ITA"),
        (ACCEPTED, "FICTIONAL-IT-INSTR", "mass arrival or force majeure"),
        (ACCEPTED, "FICTIONAL-IT-ART11", "mass arrival or force majeure"),
        (ACCEPTED, "NO-SUCH-DECISION", "no Council implementing decision"),
        (ACCEPTED[:-3], "FICTIONAL-IT-2026", "no accepted request"),
        (SUSPENDED, "FICTIONAL-IT-2026", "already suspended"),
    ],
)
def test_refused_unless_the_responsible_states_decision_applies(
    events: list[AnyEvent], crisis: str, match: str
) -> None:
    with pytest.raises(TransitionError, match=match):
        run([*events, ev("transfers_suspended", "2026-09-15T10:00", crisis=crisis)])


def test_refused_outside_the_decisions_period() -> None:
    with pytest.raises(TransitionError, match="applies from 2026-09-01 to 2026-11-30"):
        run([*ACCEPTED, ev("transfers_suspended", "2026-08-15T10:00", crisis="FICTIONAL-IT-2026")])


def test_refused_after_the_six_months_ran_out() -> None:
    # Italy's 2027 decision covers 1 Feb 2027, but AMMR-10 ended on 27 Jan 2027.
    with pytest.raises(TooLateError, match="AMMR-10 ended"):
        run([*ACCEPTED, ev("transfers_suspended", "2027-02-01T10:00", crisis="FICTIONAL-IT-2027")])


def test_refused_under_dublin_iii() -> None:
    dublin3 = [
        *in_territory(made="2026-06-26T10:00", registered="2026-06-30T09:00"),
        ev("take_charge_request_sent", "2026-07-20T10:00", member_state="ITA"),
        ev("reply_received", "2026-08-03T10:00", outcome="accepted"),
    ]
    with pytest.raises(TransitionError, match="not from Dublin III"):
        run([*dublin3, ev("transfers_suspended", "2026-09-15T10:00", crisis="FICTIONAL-IT-2026")])


def test_an_agreement_needs_a_suspension() -> None:
    with pytest.raises(TransitionError, match="not suspended"):
        run([*ACCEPTED, ev("transfer_agreed_in_crisis", "2026-09-30T10:00")])

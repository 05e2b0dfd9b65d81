"""The case engine under a Council decision for a mass arrival (CFMR Art. 12), worked by hand.

CFMR Art. 12(2): the member state applying the derogation sends a take charge request within
four months of registration (a), replies within two months (b), notifies and confirms take backs
within a month (c) and transfers within a year (d). Art. 12(3): if it misses (a), (b) or (d), it
assumes responsibility or has it transferred. The other member state's own limits (its reply to
the Netherlands' request) are not derogated from: Art. 12(2) binds the derogating state.

The case: application made Mon 8 Mar 2027, registered Wed 10 Mar 2027, under the fictional
mass-arrival decision FICTIONAL-NL-2027-01 (1 Mar – 31 May 2027, CFMR Art. 10-12).

* CFMR-03a: 4 months from Wed 10 Mar 2027 → Sat 10 Jul 2027 → Mon 12 Jul 2027 (AMMR Art. 75).
  Not met: it lapses at 00:00 on Tue 13 Jul 2027 and the Netherlands is responsible.
* Request to Germany Fri 16 Apr 2027: Germany's reply period is AMMR-03, 1 month → Sun 16 May →
  Mon 17 May (Whit Monday) → Tue 18 May 2027, not the 2 months of CFMR-03b.
* Accepted Mon 3 May 2027: CFMR-03e, 1 year → Wed 3 May 2028. Not met: it lapses at 00:00 on
  Thu 4 May 2028 and responsibility is transferred to the Netherlands.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from migrationpact.cases import AnyEvent, CaseState, TransitionError, decide, due_lapses
from migrationpact.cases.lapses import DeadlineLapsed, consequence_for
from migrationpact.cases.state import evolve
from migrationpact.law.law import Law
from tests.support.facts import PLAIN_FACTS
from tests.unit.cases import helpers
from tests.unit.cases.helpers import due, entry, ev

EXAMPLE = Path(__file__).parents[3] / "docs" / "examples" / "crisis-example.yaml"
LAW = Law.default().replace(crisis_file=EXAMPLE)
CRISIS_FACTS = {**PLAIN_FACTS, "nationality": "SYR", "crisis": "FICTIONAL-NL-2027-01"}
REGISTERED = [
    ev("application_made", "2027-03-08T10:00", entry="in-territory", facts=CRISIS_FACTS),
    ev("application_registered", "2027-03-10T09:00"),
]
ACCEPTED = [
    *REGISTERED,
    ev("take_charge_request_sent", "2027-04-16T11:00", member_state="DEU"),
    ev("reply_received", "2027-05-03T10:00", outcome="accepted"),
]


def run(events: list[AnyEvent]) -> CaseState:
    return helpers.run(events, "C-CRISIS", LAW)


def lapse_until(state: CaseState, day: date) -> CaseState:
    return helpers.lapse_until(state, day, LAW)


def lapsed(state: CaseState, key: str) -> tuple[str, str | None]:
    found = [c for c in state.consequences if c.key == key]
    assert found, f"no consequence for {key}: {state.consequences}"
    return found[-1].code, found[-1].legal_basis


def test_the_request_period_is_four_months_and_its_lapse_makes_the_netherlands_responsible() -> (
    None
):
    state = run(REGISTERED)
    assert (entry(state, "CFMR-03a").status, due(state, "CFMR-03a")) == ("open", date(2027, 7, 12))
    state = lapse_until(state, date(2027, 7, 11))
    assert entry(state, "CFMR-03a").status == "open"  # not before the end of its last day
    state = lapse_until(state, date(2027, 7, 12))
    assert entry(state, "CFMR-03a").status == "lapsed"
    assert lapsed(state, "CFMR-03a") == (
        "registering-state-responsible",
        "CFMR Art. 12(2)(a), 12(3)",
    )
    assert state.dublin.responsible_state == "NLD"
    assert "CFMR Art. 12(2)(a), 12(3)" in (state.dublin.responsibility_basis or "")


def test_a_request_in_time_meets_the_crisis_period() -> None:
    state = run([*REGISTERED, ev("take_charge_request_sent", "2027-06-30T11:00",
                                 member_state="DEU")])  # fmt: skip
    # After the normal two months (Mon 10 May 2027) but within the four of Art. 12(2)(a).
    assert entry(state, "CFMR-03a").status == "met"
    state = lapse_until(state, date(2027, 7, 20))
    assert not [c for c in state.consequences if c.key == "CFMR-03a"]


def test_the_other_states_reply_period_is_not_derogated() -> None:
    state = run(ACCEPTED[:-1])
    assert not state.running("CFMR-03b")
    assert (entry(state, "AMMR-03").crisis, due(state, "AMMR-03")) == (None, date(2027, 5, 18))


def test_the_transfer_period_is_a_year_and_its_lapse_shifts_responsibility() -> None:
    state = run(ACCEPTED)
    assert (entry(state, "CFMR-03e").organisation, due(state, "CFMR-03e")) == (
        "DTenV",
        date(2028, 5, 3),
    )
    state = lapse_until(state, date(2028, 5, 2))
    assert entry(state, "CFMR-03e").status == "open"
    state = lapse_until(state, date(2028, 5, 3))
    assert lapsed(state, "CFMR-03e") == ("responsibility-shifted", "CFMR Art. 12(2)(d), 12(3)")
    assert state.dublin.responsible_state == "NLD"
    later = [
        ev("transfer_decision_taken", "2027-05-04T10:00"),
        ev("transfer_decision_notified", "2027-05-05T10:00"),
    ]
    state = run([*ACCEPTED, *later])
    state = lapse_until(state, date(2028, 5, 4))
    with pytest.raises(TransitionError, match=r"CFMR-03e ended") as refused:
        decide(state, ev("transfer_carried_out", "2028-05-10T10:00"), law=LAW)
    assert refused.value.rule == "CFMR Art. 12(3)"


def test_a_transfer_within_the_year_meets_it() -> None:
    state = run([
        *ACCEPTED,
        ev("transfer_decision_taken", "2027-05-04T10:00"),
        ev("transfer_decision_notified", "2027-05-05T10:00"),
        ev("transfer_carried_out", "2028-04-20T10:00"),
    ])  # fmt: skip
    # After the normal six months (Wed 3 Nov 2027), within the year of Art. 12(2)(d).
    assert entry(state, "CFMR-03e").status == "met"


@pytest.mark.parametrize(
    ("rule", "code", "basis"),
    [
        ("CFMR-03a", "registering-state-responsible", "CFMR Art. 12(2)(a), 12(3)"),
        ("CFMR-03b", "accepted-by-silence", "CFMR Art. 12(2)(b), 12(3)"),
        ("CFMR-03c", "none", ""),  # Art. 12(3) names points (a), (b) and (d), not (c)
        ("CFMR-03d", "none", ""),
        ("CFMR-03e", "responsibility-shifted", "CFMR Art. 12(2)(d), 12(3)"),
    ],
)
def test_art_12_3_consequence_of_each_crisis_limit(rule: str, code: str, basis: str) -> None:
    state = run(ACCEPTED)
    some = evolve(entry(state, "CFMR-03e"), rule_id=rule)
    assert consequence_for(state, some) == (code, basis)


def test_the_lapse_event_is_dated_when_the_year_ran_out() -> None:
    state = run(ACCEPTED)
    events = [e for e in due_lapses(state, as_of=date(2028, 5, 3)) if isinstance(e, DeadlineLapsed)]
    assert [(e.rule_id, e.occurred_at) for e in events if e.rule_id.startswith("CFMR")] == [
        ("CFMR-03e", datetime(2028, 5, 4, 0, 0))
    ]

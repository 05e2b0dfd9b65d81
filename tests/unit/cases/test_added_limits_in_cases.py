"""The limits added for issue 14 item 7 that run as live deadlines on a case, worked out by
hand from the articles (counting: APR Art. 73 / AMMR Art. 75, the event day not counted,
Saturdays, Sundays and public holidays skipped in a count of working days).

* APR Art. 38(1)(e): an application made only after seven working days from the receipt of a
  return decision may be inadmissible, if the person was told so (``APR-38e``).
* APR Art. 23(2)(b), (3) and AMMR Art. 23(2)(b), 3rd subpara: an unaccompanied minor's
  representative within 15 working days of the making of the application, extendable by ten
  working days (``APR-24``/``APR-24b``, ``AMMR-23``/``AMMR-23b``).
"""

from __future__ import annotations

from datetime import date

import pytest

from migrationpact.cases import AnyEvent, TransitionError, decide
from tests.support.facts import PLAIN_FACTS
from tests.unit.cases.helpers import due, entry, ev, lapse_until, run

# Found in the territory Mon 19 Apr 2027; return decision received Thu 22 Apr 2027. Seven
# working days: Fri 23 (1), Mon 26 (2), Tue 27 King's Day skipped, Wed 28 (3), Thu 29 (4),
# Fri 30 (5), Mon 3 May (6), Tue 4 May 2027 (7).
RETURNED = [
    ev("screening_started", "2027-04-19T09:00", entry="in-territory"),
    ev("return_decision_received", "2027-04-22T10:00", informed_of_consequence=True),
]


def _made(at: str) -> AnyEvent:
    return ev("application_made", at, facts={**PLAIN_FACTS, "nationality": "SYR"})


def test_a_return_decision_starts_the_seven_working_days() -> None:
    state = run(RETURNED)
    seven = entry(state, "APR-38e")
    assert (seven.status, seven.due, seven.organisation) == ("open", date(2027, 5, 4), "applicant")


def test_an_application_on_the_last_day_is_in_time() -> None:
    state = run([*RETURNED, _made("2027-05-04T16:00")])
    seven = entry(state, "APR-38e")
    assert seven.status == "met"
    assert "after the deadline ended" not in (seven.closed_reason or "")


def test_an_application_the_day_after_shows_it_came_late() -> None:
    state = run([*RETURNED, _made("2027-05-05T09:00")])
    seven = entry(state, "APR-38e")
    assert seven.status == "met"
    assert "after the deadline ended (2027-05-04)" in (seven.closed_reason or "")


def test_the_lapse_records_the_ground_of_inadmissibility() -> None:
    lapsed = lapse_until(run(RETURNED), date(2027, 5, 3))
    assert entry(lapsed, "APR-38e").status == "open"  # runs to the end of Tue 4 May
    lapsed = lapse_until(lapsed, date(2027, 5, 4))
    assert entry(lapsed, "APR-38e").status == "lapsed"
    (consequence,) = [c for c in lapsed.consequences if c.rule_id == "APR-38e"]
    assert consequence.code == "inadmissibility-ground-available"
    assert consequence.legal_basis == "APR Art. 38(1)(e)"
    later = decide(lapsed, _made("2027-05-06T09:00"))
    assert any(c.code == "late-step" and c.rule_id == "APR-38e" for c in later.consequences)


def test_not_informed_of_the_consequence_no_period_runs() -> None:
    state = run([
        RETURNED[0],
        ev("return_decision_received", "2027-04-22T10:00", informed_of_consequence=False),
    ])  # fmt: skip
    assert state.deadline("APR-38e") is None
    assert any("not informed" in note for note in state.notes)


def test_a_return_decision_after_the_application_is_refused() -> None:
    state = run([RETURNED[0], _made("2027-04-20T10:00")])
    with pytest.raises(TransitionError) as refused:
        decide(state, RETURNED[1])
    assert refused.value.rule == "APR Art. 38(1)(e)"


# An unaccompanied minor applies Thu 10 Dec 2026. Fifteen working days: Fri 11 (1), 14-18
# (2-6), 21-24 (7-10), Fri 25 Christmas skipped, 28-31 (11-14), Fri 1 Jan 2027 skipped, Mon 4
# Jan 2027 (15). Ten more: 5-8 (1-4), 11-15 (5-9), Mon 18 Jan 2027 (10).
MINOR = {**PLAIN_FACTS, "age": 15, "unaccompanied": True, "nationality": "SYR"}


def _minor(at: str = "2026-12-10T10:00") -> AnyEvent:
    return ev("application_made", at, entry="in-territory", facts=MINOR)


def test_both_regulations_ask_for_a_representative_in_fifteen_working_days() -> None:
    state = run([_minor()])
    assert (due(state, "APR-24"), due(state, "AMMR-23")) == (date(2027, 1, 4), date(2027, 1, 4))
    assert entry(state, "AMMR-23").organisation == "COA"
    appointed = decide(state, ev("representative_appointed", "2026-12-22T10:00"))
    assert {entry(appointed, k).status for k in ("APR-24", "AMMR-23")} == {"met"}


def test_the_extension_adds_ten_working_days_to_both() -> None:
    extended = run([
        _minor(),
        ev("representative_appointment_extended", "2026-12-21T10:00",
           ground="disproportionate-numbers"),
    ])  # fmt: skip
    assert (due(extended, "APR-24"), due(extended, "AMMR-23")) == (
        date(2027, 1, 18),
        date(2027, 1, 18),
    )
    assert [x.rule_id for x in entry(extended, "AMMR-23").extensions] == ["AMMR-23b"]
    with pytest.raises(TransitionError, match="once only"):
        decide(extended, ev("representative_appointment_extended", "2026-12-22T10:00",
                            ground="exceptional-situation"))  # fmt: skip


@pytest.mark.parametrize(
    ("events", "reason"),
    [
        # an adult: no representative
        (
            [ev("application_made", "2026-12-10T10:00", entry="in-territory", facts=PLAIN_FACTS)],
            "no time limit",
        ),
        ([_minor()], "already ended"),  # extended on Tue 5 Jan 2027, after Mon 4 Jan
    ],
)
def test_an_extension_is_refused_without_a_running_limit(
    events: list[AnyEvent], reason: str
) -> None:
    late = ev("representative_appointment_extended", "2027-01-05T09:00",
              ground="exceptional-situation")  # fmt: skip
    with pytest.raises(TransitionError, match=reason) as refused:
        decide(run(events), late)
    assert refused.value.rule == "APR Art. 23(3)"


def test_before_the_ammr_applies_only_the_apr_limit_runs() -> None:
    # Made Mon 22 Jun 2026: the AMMR applies from 1 July 2026 (Art. 85).
    state = run([_minor("2026-06-22T10:00")])
    assert entry(state, "APR-24").status == "open"
    assert state.deadline("AMMR-23") is None


# AMMR Art. 35(2): request on humanitarian grounds to Germany Wed 31 Mar 2027 (registered in
# March); reply due two months after receipt, the same day by DubliNet: Mon 31 May 2027.
REGISTERED = [
    ev("application_made", "2027-03-01T10:00", entry="in-territory",
       facts={**PLAIN_FACTS, "nationality": "SYR"}),
    ev("application_registered", "2027-03-03T09:00"),
]  # fmt: skip
ASKED = [*REGISTERED, ev("humanitarian_request_sent", "2027-03-31T10:00", member_state="DEU")]


def test_a_humanitarian_request_runs_two_months_and_silence_decides_nothing() -> None:
    state = run(ASKED)
    reply = entry(state, "AMMR-35")
    assert (reply.due, reply.organisation) == (date(2027, 5, 31), "other-member-state")
    assert state.deadline("AMMR-03") is None  # not an ordinary request: no acceptance by silence
    lapsed = lapse_until(state, date(2027, 6, 1))
    assert entry(lapsed, "AMMR-35").status == "lapsed"
    assert [c.code for c in lapsed.consequences if c.rule_id == "AMMR-35"] == ["none"]
    assert lapsed.dublin.reply == "pending"
    assert lapsed.deadline("AMMR-10") is None


def test_an_accepted_humanitarian_request_makes_the_requested_state_responsible() -> None:
    state = run([*ASKED, ev("humanitarian_reply_received", "2027-05-10T10:00", outcome="accepted")])
    assert entry(state, "AMMR-35").status == "met"
    assert state.dublin.responsible_state == "DEU"
    # AMMR Art. 46(1): six months from the acceptance Mon 10 May 2027: Wed 10 Nov 2027.
    assert due(state, "AMMR-10") == date(2027, 11, 10)


def test_a_humanitarian_request_after_a_decision_is_refused() -> None:
    decided = run([*REGISTERED, ev("application_lodged", "2027-03-05T10:00"),
                   ev("decision_taken", "2027-03-20T10:00", outcome="refugee-status")])  # fmt: skip
    with pytest.raises(TransitionError) as refused:
        decide(decided, ASKED[-1])
    assert refused.value.rule == "AMMR Art. 35(2)"
    with pytest.raises(TransitionError, match="no request on humanitarian grounds"):
        decide(run(REGISTERED), ev("humanitarian_reply_received", "2027-04-01T10:00",
                                   outcome="refused"))  # fmt: skip


def test_dublin_iii_cases_run_d3_15() -> None:
    # Registered Tue 30 Jun 2026 (Dublin III, AMMR Art. 84(2)); request Mon 20 Jul 2026; two
    # months, Art. 42 (no move): Sun 20 Sep 2026.
    state = run([
        ev("application_made", "2026-06-26T10:00", entry="in-territory",
           facts={**PLAIN_FACTS, "nationality": "SYR"}),
        ev("application_registered", "2026-06-30T09:00"),
        ev("humanitarian_request_sent", "2026-07-20T10:00", member_state="ITA"),
    ])  # fmt: skip
    assert due(state, "D3-15") == date(2026, 9, 20)

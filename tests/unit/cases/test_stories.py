"""One readable story per main path, driven through ``decide``; dates worked out by hand.

Counting reminders (legal-rules §3): the event day is not counted; APR Art. 73 / AMMR Art. 75
periods in weeks and months end on the same weekday / date, a missing date becomes the month's
last day, and an end on a Saturday, Sunday or Dutch public holiday moves to the next working
day; Dublin III Art. 42 does not move the end; Dutch periods (NL-…) follow the Atw.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from migrationpact.cases import AnyEvent, TransitionError, decide
from migrationpact.cases.explain import derivation, summary
from migrationpact.law.law import Law
from migrationpact.law.rulebook import default_book
from tests.support.facts import PLAIN_FACTS
from tests.unit.cases.helpers import due, entry, ev, in_territory, lapse_until, run


def border_case() -> list[AnyEvent]:
    """Screened at the border, a manifestly unfounded decision notified (story a)."""
    return [
        # Mon 6 Jul 2026: apprehended crossing the external border; BGD has a low recognition
        # rate, so APR 42(1)(j) makes the border procedure mandatory (APR 45(1)).
        ev("screening_started", "2026-07-06T08:00", entry="border-crossing"),
        ev("application_made", "2026-07-06T15:00", facts={**PLAIN_FACTS, "nationality": "BGD"}),
        ev("screening_completed", "2026-07-08T12:00", referral="registration-authority",
           form={"applied_for_asylum": True, "nationality": "BGD"}),
        ev("application_registered", "2026-07-09T10:00"),
        ev("biometrics_taken", "2026-07-09T11:00"),
        ev("application_lodged", "2026-07-13T10:00"),
        ev("decision_taken", "2026-08-03T10:00", outcome="manifestly-unfounded"),
        ev("decision_notified", "2026-08-04T10:00"),
    ]  # fmt: skip


def test_a_external_border_to_return_border_procedure() -> None:
    state = run(border_case())
    assert (state.procedure, state.examination, state.responsibility_regime) == (
        "border", "accelerated", "AMMR",
    )  # fmt: skip
    # SCR-01: 7 days from Mon 6 Jul (1182/71) → Mon 13 Jul, a working day.
    assert entry(state, "SCR-01").due == date(2026, 7, 13)
    assert entry(state, "SCR-01").status == "met"
    # APR-01: 5 days from Mon 6 Jul → Sat 11 Jul → Mon 13 Jul (APR 73); met by registration.
    assert (due(state, "APR-01"), entry(state, "APR-01").status) == (date(2026, 7, 13), "met")
    # APR-06: 5 days from Thu 9 Jul → Tue 14 Jul; lodged Mon 13 Jul.
    assert (due(state, "APR-06"), entry(state, "APR-06").status) == (date(2026, 7, 14), "met")
    # APR-16: 12 weeks from Thu 9 Jul → Thu 1 Oct 2026 (same weekday), a maximum.
    assert due(state, "APR-16") == date(2026, 10, 1)
    assert entry(state, "APR-16").maximum
    # EDR-01: 72 hours from 10:00 → the clock starts at 11:00 → Sun 12 Jul 11:00 (hours).
    assert due(state, "EDR-01") == datetime(2026, 7, 12, 11, 0)
    # APR-12: 3 months from Mon 13 Jul → Tue 13 Oct; met by the decision.
    assert (due(state, "APR-12"), entry(state, "APR-12").status) == (date(2026, 10, 13), "met")
    # Manifestly unfounded in the border procedure: APR 67(7)(a) short appeal period, the Dutch
    # choice NL-APR-18 = 10 days (Atw) from Tue 4 Aug → Fri 14 Aug; no automatic right to
    # remain (APR 68(3)(a)), so NL-APR-20 (10 days) → Fri 14 Aug too.
    assert due(state, "NL-APR-18") == date(2026, 8, 14)
    assert entry(state, "NL-APR-18").requested_rule == "APR-18"
    assert due(state, "NL-APR-20") == date(2026, 8, 14)
    assert state.decision is not None
    assert not state.decision.right_to_remain
    # While leave to remain may still be asked, the return border procedure may not start.
    with pytest.raises(TransitionError) as err:
        decide(state, ev("return_border_procedure_started", "2026-08-10T10:00"))
    assert err.value.rule == "RBPR Art. 4(2)"
    # Nobody appeals or asks leave to remain: both periods lapse at 00:00 on Sat 15 Aug.
    state = lapse_until(state, date(2026, 8, 15))
    codes = {c.key: c.code for c in state.consequences}
    assert codes["NL-APR-18"] == "decision-final"
    assert codes["NL-APR-20"] == "no-request-to-remain"
    state = decide(state, ev("return_border_procedure_started", "2026-08-17T09:00"))
    assert state.stage == "return-border-procedure"
    assert entry(state, "APR-16").status == "met"
    # RBP-01: 12 weeks from Mon 17 Aug → Mon 9 Nov 2026.
    assert due(state, "RBP-01") == date(2026, 11, 9)
    assert entry(state, "RBP-01").organisation == "DTenV"


def test_b_in_territory_regular_procedure_refugee_status() -> None:
    state = run([
        *in_territory(),
        ev("application_lodged", "2026-07-20T10:00"),
        ev("interview_held", "2026-08-12T10:00"),
        ev("decision_taken", "2026-10-01T10:00", outcome="refugee-status"),
        ev("decision_notified", "2026-10-02T10:00"),
    ])  # fmt: skip
    assert (state.procedure, state.examination) == ("regular", "regular")
    # APR-04: 21 days from Wed 8 Jul → Wed 29 Jul; met by lodging on Mon 20 Jul.
    assert (due(state, "APR-04"), entry(state, "APR-04").status) == (date(2026, 7, 29), "met")
    # APR-13: 6 months from Mon 20 Jul → Wed 20 Jan 2027; met by the decision.
    assert (due(state, "APR-13"), entry(state, "APR-13").status) == (date(2027, 1, 20), "met")
    # No appeal against refugee status; QR-01: 90 days from Fri 2 Oct → Thu 31 Dec 2026.
    assert not state.running("NL-APR-18", "NL-APR-19")
    assert due(state, "QR-01") == date(2026, 12, 31)
    with pytest.raises(TransitionError) as err:
        decide(state, ev("appeal_lodged", "2026-10-05T10:00"))
    assert err.value.rule == "APR Art. 67(1)"
    closed = decide(state, ev("case_closed", "2026-10-20T10:00", reason="protection-granted"))
    assert closed.closed
    assert not closed.open_deadlines()


def dublin_case() -> list:  # type: ignore[type-arg]
    return [
        *in_territory(),
        ev("application_lodged", "2026-07-13T10:00"),
        # Fri 17 Jul: take charge request to Germany (AMMR-01 met).
        ev("take_charge_request_sent", "2026-07-17T11:00", member_state="DEU"),
    ]


def test_c_dublin_accepted_by_silence_and_transfer() -> None:
    state = run(dublin_case())
    # AMMR-01: 2 months from Wed 8 Jul → Tue 8 Sep; met by the request.
    assert (due(state, "AMMR-01"), entry(state, "AMMR-01").status) == (date(2026, 9, 8), "met")
    # AMMR-03 runs at Germany: 1 month from Fri 17 Jul → Mon 17 Aug.
    reply = entry(state, "AMMR-03")
    assert (reply.due, reply.organisation) == (date(2026, 8, 17), "other-member-state")
    # Germany stays silent: at 00:00 on Tue 18 Aug the request is accepted (AMMR 40(8)).
    state = lapse_until(state, date(2026, 8, 18))
    assert state.dublin.reply == "accepted-by-silence"
    assert state.dublin.responsible_state == "DEU"
    # Acceptance takes effect on the last day of the reply period, Mon 17 Aug (not counted):
    # AMMR-07 2 weeks → Mon 31 Aug; AMMR-10 6 months → Wed 17 Feb 2027.
    assert due(state, "AMMR-07") == date(2026, 8, 31)
    assert due(state, "AMMR-10") == date(2027, 2, 17)
    state = decide(state, ev("transfer_decision_taken", "2026-08-25T10:00"))
    state = decide(state, ev("transfer_decision_notified", "2026-08-26T10:00"))
    # NL-AMMR-08 (Dutch choice, 3 weeks, Atw) from Wed 26 Aug → Wed 16 Sep.
    assert due(state, "NL-AMMR-08") == date(2026, 9, 16)
    state = decide(state, ev("transfer_carried_out", "2026-10-06T07:00"))
    assert state.stage == "transferred"
    assert entry(state, "AMMR-10").status == "met"
    assert not state.running("APR-13")


def test_d_transfer_not_carried_out_in_time_shifts_responsibility() -> None:
    state = lapse_until(run(dublin_case()), date(2026, 8, 18))
    state = decide(state, ev("transfer_decision_taken", "2026-08-25T10:00"))
    state = decide(state, ev("transfer_decision_notified", "2026-08-26T10:00"))
    state = lapse_until(state, date(2027, 2, 18))
    assert entry(state, "AMMR-10").status == "lapsed"
    shifted = [c for c in state.consequences if c.code == "responsibility-shifted"]
    assert [c.legal_basis for c in shifted] == ["AMMR Art. 37(1)"]
    assert shifted[0].on == datetime(2027, 2, 18, 0, 0)
    assert state.dublin.responsible_state == "NLD"
    with pytest.raises(TransitionError) as err:
        decide(state, ev("transfer_carried_out", "2027-02-20T07:00"))
    assert err.value.rule == "AMMR Art. 37(1)"


def test_d2_no_request_within_ammr_01_makes_the_netherlands_responsible() -> None:
    state = lapse_until(run(in_territory()), date(2026, 9, 9))
    # AMMR-01 from Wed 8 Jul → Tue 8 Sep; lapses at 00:00 Wed 9 Sep.
    lapsed = entry(state, "AMMR-01")
    assert (lapsed.due, lapsed.status) == (date(2026, 9, 8), "lapsed")
    assert state.dublin.responsible_state == "NLD"
    assert "registering-state-responsible" in [c.code for c in state.consequences]


def test_e_dublin_iii_case_registered_on_30_june_2026() -> None:
    state = run(in_territory(made="2026-06-26T10:00", registered="2026-06-30T09:00"))
    assert state.responsibility_regime == "Dublin III"
    d3 = entry(state, "D3-01")
    # D3-01: 3 months from Tue 30 Jun → Wed 30 Sep 2026 (Dublin III Art 42: no roll-forward).
    assert (d3.due, d3.law_date) == (date(2026, 9, 30), date(2026, 6, 30))
    assert d3.rule_set_version == default_book().at(date(2026, 6, 30)).version
    assert not summary(
        d3, Law.default()
    ).verified  # the Dublin III rules were not checked against the OJ text
    # Dublin III periods started later still use the registration date's rule set.
    state = decide(state, ev("take_charge_request_sent", "2026-07-20T10:00", member_state="ITA"))
    reply = entry(state, "D3-03")
    # D3-03: 2 months from Mon 20 Jul → Sun 20 Sep 2026 (no roll-forward under Art 42).
    assert (reply.due, reply.law_date) == (date(2026, 9, 20), date(2026, 6, 30))


def test_f_suspension_and_extension_are_recomputed_through_the_ledger() -> None:
    basis = [{"instrument": "APR", "article": "41", "paragraph": "4"}]
    state = run([
        *in_territory(),
        # Mon 13 Jul: clock of APR-04 stopped to let the applicant explain; resumed Thu 16 Jul.
        ev("clock_suspended", "2026-07-13T09:00", deadlines=["APR-04"], legal_basis=basis,
           reason="applicant asked to explain (APR Art. 41(4))"),
    ])  # fmt: skip
    assert entry(state, "APR-04").status == "suspended"
    assert due(state, "APR-04") == date(2026, 7, 29)  # the last known end stays on view
    state = decide(state, ev("clock_resumed", "2026-07-16T09:00"))
    # 13, 14, 15 Jul stopped: 3 days added to Wed 29 Jul → Sat 1 Aug → Mon 3 Aug (APR 73).
    apr04 = entry(state, "APR-04")
    assert (apr04.status, apr04.due, apr04.nominal_end) == (
        "open",
        date(2026, 8, 3),
        date(2026, 8, 1),
    )
    assert apr04.started_on == datetime(2026, 7, 8, 9, 0)  # never overwritten: same start
    assert "suspension" in [step["rule"] for step in derivation(apr04, Law.default())["steps"]]
    assert apr04.recomputed_by_seq == (4,)
    state = decide(state, ev("application_lodged", "2026-07-31T10:00"))
    assert entry(state, "APR-04").status == "met"
    # APR-13: 6 months from Fri 31 Jul → Sun 31 Jan 2027 → Mon 1 Feb 2027.
    assert due(state, "APR-13") == date(2027, 2, 1)
    state = decide(state, ev("examination_extended", "2027-01-10T10:00", extension="APR-14",
                             ground="complex-issues"))  # fmt: skip
    # APR-14: +6 months counted on from the nominal end Sun 31 Jan 2027 → Sat 31 Jul 2027 →
    # Mon 2 Aug 2027.
    apr13 = entry(state, "APR-13")
    assert apr13.due == date(2027, 8, 2)
    assert [e.rule_id for e in apr13.extensions] == ["APR-14"]
    assert derivation(apr13, Law.default())["extensions"][0]["ground"] == "complex-issues"
    with pytest.raises(TransitionError) as err:
        decide(state, ev("examination_extended", "2027-01-11T10:00", extension="APR-14",
                         ground="complex-issues"))  # fmt: skip
    assert err.value.rule == "APR Art. 35(5)"


def test_late_appeal_is_recorded_and_flagged() -> None:
    state = run([
        *in_territory(),
        ev("application_lodged", "2026-07-13T10:00"),
        ev("decision_taken", "2026-09-01T10:00", outcome="unfounded"),
        ev("decision_notified", "2026-09-02T10:00"),
    ])  # fmt: skip
    # Unfounded in a regular examination: APR 67(7)(b), NL-APR-19 = 1 month (Atw) from
    # Wed 2 Sep → Fri 2 Oct 2026; the right to remain applies (APR 68(2)).
    assert due(state, "NL-APR-19") == date(2026, 10, 2)
    late = decide(state, ev("appeal_lodged", "2026-10-05T10:00"))
    assert late.appeals[-1].late
    assert not late.appeals[-1].suspensive
    assert entry(late, "NL-APR-19").status == "lapsed"
    assert late.consequences[-1].code == "late-appeal"
    on_time = decide(state, ev("appeal_lodged", "2026-10-01T10:00"))
    assert entry(on_time, "NL-APR-19").status == "met"
    assert on_time.appeals[-1].suspensive


def test_border_procedure_at_its_maximum_authorises_entry() -> None:
    state = run([
        ev("screening_started", "2026-07-06T08:00", entry="border-crossing"),
        ev("application_made", "2026-07-06T15:00", facts={**PLAIN_FACTS, "nationality": "BGD"}),
        ev("application_registered", "2026-07-09T10:00"),
        ev("application_lodged", "2026-07-13T10:00"),
    ])  # fmt: skip
    state = lapse_until(state, date(2026, 10, 2))
    assert entry(state, "APR-16").status == "lapsed"
    assert state.entry_authorised
    assert state.procedure == "regular"
    assert "entry-authorised" in [c.code for c in state.consequences]
    with pytest.raises(TransitionError) as err:
        decide(state, ev("detained", "2026-10-03T10:00", ground="border-procedure"))
    assert err.value.rule == "APR Art. 43(1)"

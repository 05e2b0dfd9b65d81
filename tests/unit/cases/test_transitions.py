"""Every invalid transition is refused with the rule it breaks, and nothing is written."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

from migrationpact.cases import AnyEvent, TransitionError, decide
from migrationpact.cases.codec import to_document
from tests.support.facts import PLAIN_FACTS
from tests.unit.cases.helpers import entry, ev, in_territory, lapse_until, run

REGISTERED = in_territory()
LODGED = [*REGISTERED, ev("application_lodged", "2026-07-13T10:00")]
DECIDED = [*LODGED, ev("decision_taken", "2026-09-01T10:00", outcome="unfounded")]
NOTIFIED = [*DECIDED, ev("decision_notified", "2026-09-02T10:00")]
REQUESTED = [*LODGED, ev("take_charge_request_sent", "2026-07-17T11:00", member_state="DEU")]
ACCEPTED = [*REQUESTED, ev("reply_received", "2026-07-27T10:00", outcome="accepted")]
TRANSFER_DECIDED = [*ACCEPTED, ev("transfer_decision_taken", "2026-07-30T10:00")]
TRANSFER_NOTIFIED = [*TRANSFER_DECIDED, ev("transfer_decision_notified", "2026-07-31T10:00")]
BORDER = [
    ev("screening_started", "2026-07-06T08:00", entry="border-crossing"),
    ev("application_made", "2026-07-06T15:00", facts={**PLAIN_FACTS, "nationality": "BGD"}),
    ev("application_registered", "2026-07-09T10:00"),
]
BASIS = [{"instrument": "APR", "article": "41", "paragraph": "4"}]

CASES: list[tuple[str, list[AnyEvent], AnyEvent, str]] = [
    ("nothing after closure", [*REGISTERED, ev("case_closed", "2026-07-09T10:00", reason="other")],
     ev("application_lodged", "2026-07-10T10:00"), "APR Art. 55"),
    ("first event", [], ev("application_registered", "2026-07-06T10:00"),
     "SR Art. 5, 7; APR Art. 26"),
    ("before the first event", REGISTERED, ev("application_lodged", "2026-07-01T10:00"),
     "case chronology"),
    ("registration needs making", [ev("screening_started", "2026-07-06T08:00",
     entry="border-crossing")], ev("application_registered", "2026-07-07T10:00"),
     "APR Art. 27(1)"),
    ("reception information before an application",
     [ev("screening_started", "2026-07-06T08:00", entry="border-crossing")],
     ev("reception_information_given", "2026-07-06T09:00"), "RCD Art. 5(1)"),
    ("lodging before registration", REGISTERED[:1], ev("application_lodged", "2026-07-07T10:00"),
     "APR Art. 28(1)"),
    ("decision before lodging", REGISTERED, ev("decision_taken", "2026-07-09T10:00",
     outcome="unfounded"), "APR Art. 35"),
    ("notified before taken", LODGED, ev("decision_notified", "2026-07-20T10:00"),
     "APR Art. 67(8)"),
    ("appeal before notification", DECIDED, ev("appeal_lodged", "2026-09-01T12:00"),
     "APR Art. 67(1)"),
    ("screening completed without start", REGISTERED, ev("screening_completed",
     "2026-07-09T10:00", referral="registration-authority", form={}), "SR Art. 18(1)"),
    ("reply without request", LODGED, ev("reply_received", "2026-07-20T10:00",
     outcome="accepted"), "AMMR Art. 40(1)"),
    ("silence before the period ends", REQUESTED, ev("reply_received", "2026-07-20T10:00",
     outcome="accepted-by-silence"), "AMMR Art. 40(8)"),
    ("transfer decision before acceptance", REQUESTED, ev("transfer_decision_taken",
     "2026-07-20T10:00"), "AMMR Art. 42(1)"),
    ("transfer before notification", TRANSFER_DECIDED, ev("transfer_carried_out",
     "2026-08-03T10:00"), "AMMR Art. 42(1)"),
    ("transfer during suspensive appeal", [*TRANSFER_NOTIFIED, ev("appeal_lodged",
     "2026-08-03T10:00", against="transfer-decision", suspension_requested=True)],
     ev("transfer_carried_out", "2026-08-04T10:00"), "AMMR Art. 43(3)"),
    ("resume without suspension", REGISTERED, ev("clock_resumed", "2026-07-09T10:00"),
     "suspension ledger"),
    ("suspend an hours period", REGISTERED, ev("clock_suspended", "2026-07-08T10:00",
     deadlines=["EDR-01"], legal_basis=BASIS, reason="x"), "APR Art. 41(4)"),
    ("release without detention", REGISTERED, ev("released", "2026-07-09T10:00"), "RCD Art. 10"),
    ("border step in a regular case", NOTIFIED, ev("return_border_procedure_started",
     "2026-09-03T10:00"), "APR Art. 43(3)"),
    ("border step after entry", [*BORDER, ev("entry_authorised", "2026-07-10T10:00",
     reason="apr-53-2-exclusion")], ev("detained", "2026-07-11T10:00",
     ground="border-procedure"), "APR Art. 43(1)"),
    ("return border after entry", [*BORDER, ev("entry_authorised", "2026-07-10T10:00")],
     ev("return_border_procedure_started", "2026-07-11T10:00"), "APR Art. 43(1)"),
    ("extension without examination", REGISTERED, ev("examination_extended",
     "2026-07-10T10:00", extension="APR-14", ground="complex-issues"), "APR Art. 35(5)"),
    ("lapse before the end", REGISTERED, ev("deadline_lapsed", "2026-07-10T10:00",
     key="APR-04", rule_id="APR-04", due="2026-07-29",
     consequence="implicit-withdrawal-may-follow"), "APR-04"),
    ("lapse with a wrong consequence", REGISTERED, ev("deadline_lapsed", "2026-07-30T00:00",
     key="APR-04", rule_id="APR-04", due="2026-07-29", consequence="none"), "APR Art. 41(1)(a)"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("history", "event", "rule"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_invalid_event_is_refused_with_its_rule(
    history: list[AnyEvent], event: AnyEvent, rule: str
) -> None:
    state = run(history)
    before = to_document(state)
    with pytest.raises(TransitionError) as err:
        decide(state, event)
    assert err.value.rule == rule
    assert rule in str(err.value)
    assert "\n" not in str(err.value)
    assert str(err.value).startswith(f"{event.type} refused: ")
    assert to_document(state) == before  # nothing written


def test_take_charge_request_received_can_open_a_case_and_silence_makes_nl_responsible() -> None:
    state = run([ev("take_charge_request_received", "2026-07-10T10:00", member_state="ITA")])
    # AMMR-03 for the IND: 1 month from Fri 10 Jul → Mon 10 Aug.
    reply = state.deadline("AMMR-03")
    assert reply is not None
    assert (str(reply.due), reply.organisation) == ("2026-08-10", "IND")
    state = lapse_until(state, date(2026, 8, 11))
    assert state.dublin.responsible_state == "NLD"
    assert state.dublin.reply == "accepted-by-silence"


def test_replay_under_another_law_date_keeps_a_lapse_that_no_longer_fits_as_a_note() -> None:
    from migrationpact.cases import due_lapses, replay

    state = run(REGISTERED)
    lapses = list(due_lapses(state, as_of=date(2026, 7, 30)))
    assert lapses
    # Under the law of 2026-06-01 (before the APR applied) no APR period exists; the lapse
    # events stay in the history and the replay notes that they do not apply.
    other = replay("C-1", [*REGISTERED, *lapses], law_date=date(2026, 6, 1))
    assert other.seq == len(REGISTERED) + len(lapses)
    assert any("under the rule set of 2026-06-01" in n for n in other.notes)


def test_reception_information_meets_the_three_day_limit() -> None:
    before = run(REGISTERED)
    assert entry(before, "RCD-01").status == "open"
    after = run([*REGISTERED, ev("reception_information_given", "2026-07-08T12:00")])
    assert entry(after, "RCD-01").status == "met"
    assert entry(after, "RCD-02").status == "open"


def _refusal(history: list[AnyEvent], event: AnyEvent) -> TransitionError:
    with pytest.raises(TransitionError) as err:
        decide(run(history), event)
    return err.value


def test_a_refusal_with_values_reads_as_before_and_pickles_with_its_template() -> None:
    err = _refusal(REGISTERED, ev("application_lodged", "2026-07-01T10:00"))
    reason = "it happened before the case's first event (2026-07-06 10:00)"
    assert err.reason == reason
    assert str(err) == f"application_lodged refused: {reason} (case chronology)"
    assert err.template == "it happened before the case's first event (%(first)s)"
    assert err.params == {"first": "2026-07-06 10:00"}
    copy = pickle.loads(pickle.dumps(err))  # a parallel rebuild sends it between processes
    assert isinstance(copy, TransitionError)
    assert (copy.rule, copy.event_type, copy.reason, copy.template, copy.params, str(copy)) == (
        err.rule, err.event_type, err.reason, err.template, err.params, str(err),
    )  # fmt: skip


def test_draft_refuse_fills_in_its_values() -> None:
    suspend = ev("clock_suspended", "2026-07-13T09:00", deadlines=["NO-SUCH"],
                 legal_basis=BASIS, reason="time to explain")  # fmt: skip
    err = _refusal(LODGED, suspend)
    assert err.reason == "no running deadline 'NO-SUCH' in this case"
    assert (err.template, err.params) == (
        "no running deadline '%(name)s' in this case", {"name": "NO-SUCH"},
    )  # fmt: skip
    assert err.rule == "APR Art. 41(4)"


def test_a_plain_reason_is_its_own_template() -> None:
    err = TransitionError("APR Art. 35", "decision_taken", "100% sure, but refused")
    assert (err.reason, err.template, err.params) == ("100% sure, but refused", err.reason, {})
    assert pickle.loads(pickle.dumps(err)).params == {}

"""Events parse with one-line errors and round-trip; states round-trip through JSON; data fits."""

from __future__ import annotations

import json
from datetime import date

import pytest

from migrationpact.cases import EVENT_TYPES, CaseState, EventError, event_to_json, parse_event
from migrationpact.cases.codec import from_document, to_document
from migrationpact.cases.organisations import who
from migrationpact.cases.state import ORGANISATIONS
from migrationpact.law.rulebook import default_book
from tests.support.facts import PLAIN_FACTS
from tests.unit.cases.helpers import ev, lapse_until, run


def test_contract_event_types_exist() -> None:
    wanted = [
        "application_made",
        "screening_started",
        "screening_completed",
        "application_registered",
        "application_lodged",
        "biometrics_taken",
        "legal_counselling_requested",
        "legal_counselling_provided",
        "vulnerability_assessed",
        "interview_held",
        "examination_extended",
        "decision_taken",
        "decision_notified",
        "appeal_lodged",
        "appeal_decided",
        "request_to_remain_lodged",
        "request_to_remain_decided",
        "take_charge_request_sent",
        "take_charge_request_received",
        "reply_received",
        "take_back_notification_sent",
        "take_back_notification_confirmed",
        "transfer_decision_taken",
        "transfer_decision_notified",
        "transfer_carried_out",
        "absconded",
        "reappeared",
        "detained",
        "released",
        "clock_suspended",
        "clock_resumed",
        "entry_authorised",
        "return_border_procedure_started",
        "deadline_lapsed",
        "case_closed",
    ]
    assert set(wanted) <= set(EVENT_TYPES)
    assert len(set(EVENT_TYPES)) == len(EVENT_TYPES)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"type": "application_registered", "occurred_at": "2026-07-01"},
         'application_registered: occurred_at: a date-time YYYY-MM-DDTHH:MM is needed '
         '(got "2026-07-01")'),
        ({"type": "application_registered"},
         "application_registered: occurred_at: this field is required"),
        ({"type": "lunch", "occurred_at": "2026-07-01T12:00"}, 'unknown event type "lunch"'),
        ({"type": "application_lodged", "occurred_at": "2026-07-01T12:00", "colour": "red"},
         "application_lodged: unknown field 'colour'"),
        ({"type": "application_lodged", "occurred_at": "2026-07-01T12:00+02:00"},
         "application_lodged: occurred_at: local Dutch time without a zone is needed"),
    ],
)  # fmt: skip
def test_parse_errors_are_one_line_and_name_the_field(data: dict[str, str], message: str) -> None:
    with pytest.raises(EventError) as err:
        parse_event(data)
    assert str(err.value).startswith(message)
    assert "\n" not in str(err.value)


def test_events_round_trip_through_canonical_json() -> None:
    samples = [
        ev("application_made", "2026-07-06T10:00", entry="in-territory",
           person={"pseudonym": "P-1", "date_of_birth": "1990-01-02", "nationality": "SYR"},
           facts={**PLAIN_FACTS, "nationality": "SYR"}),
        ev("clock_suspended", "2026-07-13T09:00", deadlines=["APR-04"],
           legal_basis=[{"instrument": "APR", "article": "41", "paragraph": "4"}], reason="r"),
        ev("deadline_lapsed", "2026-07-12T11:00", key="EDR-01", rule_id="EDR-01",
           due="2026-07-12T11:00:00"),
        ev("deadline_lapsed", "2026-07-30T00:00", key="APR-04", rule_id="APR-04",
           due="2026-07-29", consequence="implicit-withdrawal-may-follow"),
    ]  # fmt: skip
    for event in samples:
        data = event_to_json(event)
        assert json.loads(json.dumps(data)) == data
        assert parse_event(data) == event
        assert event_to_json(parse_event(data)) == data


def test_state_round_trips_exactly_through_json() -> None:
    state = run([
        ev("screening_started", "2026-07-06T08:00", entry="border-crossing",
           person={"pseudonym": "P-9", "date_of_birth": "2000-05-05"}),
        ev("application_made", "2026-07-06T15:00", facts={**PLAIN_FACTS, "nationality": "BGD"}),
        ev("application_registered", "2026-07-09T10:00", v_number="1234567890"),
    ])  # fmt: skip
    state = lapse_until(state, date(2026, 7, 20))
    data = to_document(state)
    text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    again = from_document(json.loads(text))
    assert again == state
    assert json.dumps(to_document(again), sort_keys=True, separators=(",", ":")) == text
    assert state.person is not None
    assert state.person.v_number == "1234567890"


def test_every_started_rule_has_an_organisation_entry() -> None:
    book = default_book()
    for rule_id in book.ids():
        org, reason = who(rule_id)
        assert org in ORGANISATIONS
        assert reason


def test_the_events_that_start_deadlines_match_the_rules_start_events() -> None:
    """The rule book's start_event of every deadline a story starts fits the starting event."""
    from tests.unit.cases.test_stories import dublin_case

    allowed = {
        "screening_started": {"apprehension"},
        "application_made": {"application_made"},
        "application_registered": {"application_registered"},
        "application_lodged": {"application_lodged"},
        "decision_notified": {"decision_notified", "protection_granted_notified"},
        "take_charge_request_sent": {"take_charge_request_received"},
        "deadline_lapsed": {"acceptance"},
        "transfer_decision_notified": {"transfer_decision_notified"},
        "return_border_procedure_started": {"no_right_to_remain"},
    }
    book = default_book()
    events = dublin_case()
    state = lapse_until(run(events), date(2026, 8, 18))
    for entry in state.deadlines:
        # find the event that opened it
        kind = _opening_type(events, entry.opened_by_seq, state)
        rule = book.versions(entry.rule_id)[-1].rule
        assert rule.start_event is not None
        assert rule.start_event.value in allowed.get(kind, {rule.start_event.value}), entry.key


def _opening_type(events: list, seq: int, state: CaseState) -> str:  # type: ignore[type-arg]
    if seq <= len(events):
        return str(events[seq - 1].type)
    return "deadline_lapsed"

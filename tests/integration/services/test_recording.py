"""Recording an event and opening a case through the use cases, on SQLite and PostgreSQL.

The use case asks the access policy before the store: a refused append raises ``Forbidden``
and writes nothing (no event, no projection, no access-log row); the store's refusals come
back as the service's own (``NotFound``, ``StaleCase``, ``KeyReused``) with their message.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from migrationpact.access.model import Organisation, Role
from migrationpact.cases.errors import TransitionError
from migrationpact.cases.events import parse_event
from migrationpact.services.errors import (
    Forbidden,
    Invalid,
    KeyReused,
    Misdated,
    NotFound,
    StaleCase,
)
from migrationpact.services.recording import FUTURE_SKEW, dutch_now, open_case, record_event
from migrationpact.services.settings import ServiceSettings
from migrationpact.store.accesslog import access_entries
from migrationpact.store.assignments import assign
from migrationpact.store.eventstore import EventStore
from tests.integration.services.people import COA, COUNSEL, IND, KMAR, person
from tests.integration.store.flows import DECISION_TOO_EARLY, TO_DECISION, counts, drive

FACTS = parse_event(TO_DECISION[3])  # application_registered, which only IND records here


@pytest.fixture
def screened(store: EventStore) -> EventStore:
    """``C-1`` after screening and the application (seq 3)."""
    drive(store, "C-1", TO_DECISION[:3])
    return store


def test_an_event_is_recorded_by_the_principal(screened: EventStore) -> None:
    result = record_event(store=screened, principal=IND, case_id="C-1", event=FACTS, expected_seq=3)
    assert (result.case_id, result.seq) == ("C-1", 4)
    (record,) = [r for r in screened.records("C-1") if r.seq == 4]
    assert (record.actor, record.organisation) == ("ind-1", "IND")


def test_a_refused_append_raises_forbidden_and_writes_nothing(screened: EventStore) -> None:
    before = counts(screened)
    with pytest.raises(Forbidden, match="COA may not record application_registered events"):
        record_event(store=screened, principal=COA, case_id="C-1", event=FACTS, expected_seq=3)
    assert counts(screened) == before
    assert access_entries(screened.engine) == []


def test_a_counsellor_records_only_on_an_assigned_case(screened: EventStore) -> None:
    counselled = parse_event(
        {"type": "legal_counselling_provided", "occurred_at": "2026-07-09T09:00"}
    )
    with pytest.raises(Forbidden, match="not assigned to you"):
        record_event(
            store=screened, principal=COUNSEL, case_id="C-1", event=counselled, expected_seq=3
        )
    assign(
        screened.engine, case_id="C-1", assignee="counsel-1", organisation="legal-counselling",
        assigned_by="ind-1",
    )  # fmt: skip
    # Assigned, the policy lets the event through to the state machine, which has its own say.
    with pytest.raises(TransitionError, match="given on request"):
        record_event(
            store=screened, principal=COUNSEL, case_id="C-1", event=counselled, expected_seq=3
        )


def test_the_stores_refusals_come_back_as_the_services_own(screened: EventStore) -> None:
    before = counts(screened)
    with pytest.raises(StaleCase, match="is at seq 3, but the write expected seq 2") as stale:
        record_event(store=screened, principal=IND, case_id="C-1", event=FACTS, expected_seq=2)
    assert stale.value.kind == "sequence-mismatch"
    with pytest.raises(NotFound, match="case C-NONE does not exist") as missing:
        record_event(store=screened, principal=IND, case_id="C-NONE", event=FACTS, expected_seq=3)
    assert missing.value.kind == "case-not-found"
    with pytest.raises(TransitionError):  # the state machine's own refusal passes through
        record_event(
            store=screened, principal=IND, case_id="C-1",
            event=parse_event(DECISION_TOO_EARLY), expected_seq=3,
        )  # fmt: skip
    assert counts(screened) == before


def test_a_reused_key_for_another_event_is_a_conflict(screened: EventStore) -> None:
    record_event(
        store=screened, principal=IND, case_id="C-1", event=FACTS, expected_seq=3,
        idempotency_key="k-1",
    )  # fmt: skip
    lodged = parse_event(TO_DECISION[4])
    with pytest.raises(KeyReused, match="'k-1' was already used"):
        record_event(
            store=screened, principal=IND, case_id="C-1", event=lodged, expected_seq=4,
            idempotency_key="k-1",
        )  # fmt: skip


def test_a_case_is_opened_by_those_who_may(store: EventStore) -> None:
    first = parse_event(TO_DECISION[0])
    result = open_case(store=store, principal=KMAR, event=first, case_id="C-NEW")
    assert (result.case_id, result.seq) == ("C-NEW", 1)
    with pytest.raises(StaleCase):  # the id is taken
        open_case(store=store, principal=KMAR, event=first, case_id="C-NEW")
    before = counts(store)
    with pytest.raises(Forbidden, match=r"COA planner may not case\.create"):
        open_case(store=store, principal=COA, event=first, case_id="C-COA")
    assert counts(store) == before


# --- what nobody records, on every path (security probe 2026-12, F3, F4, F9) -----------------


def test_appending_to_a_new_id_needs_the_right_to_open_a_case(store: EventStore) -> None:
    kmar_lead = person("kmar-2", Organisation.KMAR, Role.SUPERVISOR)
    first = parse_event(TO_DECISION[0])
    with pytest.raises(Forbidden, match=r"KMar supervisor may not case\.create"):
        record_event(store=store, principal=kmar_lead, case_id="C-N", event=first, expected_seq=0)
    assert store.seq_of("C-N") is None
    record_event(store=store, principal=KMAR, case_id="C-N", event=first, expected_seq=0)
    # On a case that exists, a supervisor's If-Match "0" is only a stale sequence.
    with pytest.raises(StaleCase):
        record_event(store=store, principal=kmar_lead, case_id="C-N", event=first, expected_seq=0)


def test_the_future_skew_is_the_callers_setting(screened: EventStore) -> None:
    now = dutch_now(screened)
    ahead = parse_event(
        {**TO_DECISION[3], "occurred_at": f"{now + timedelta(minutes=20):%Y-%m-%dT%H:%M}"}
    )
    with pytest.raises(Misdated, match="more than 5 minutes after") as early:
        record_event(store=screened, principal=IND, case_id="C-1", event=ahead, expected_seq=3)
    assert early.value.ahead
    result = record_event(
        store=screened, principal=IND, case_id="C-1", event=ahead, expected_seq=3,
        future_skew=timedelta(minutes=30),
    )  # fmt: skip
    assert result.seq == 4


def test_the_skew_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIGRATIONPACT_FUTURE_SKEW_MINUTES", "12")
    assert ServiceSettings.from_env().future_skew == timedelta(minutes=12)
    monkeypatch.delenv("MIGRATIONPACT_FUTURE_SKEW_MINUTES")
    assert ServiceSettings.from_env().future_skew == FUTURE_SKEW == timedelta(minutes=5)


def test_a_reserved_key_is_refused_when_opening_a_case_too(store: EventStore) -> None:
    first = parse_event(TO_DECISION[0])
    with pytest.raises(Invalid, match="'system:' is reserved") as refused:
        open_case(store=store, principal=KMAR, event=first, idempotency_key="system:C-1")
    assert refused.value.kind == "reserved-idempotency-key"
    assert counts(store)["events"] == 0

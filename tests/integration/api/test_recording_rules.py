"""What nobody may record through the API, whatever their role (security probe 2026-12).

- F3: an ``Idempotency-Key`` with a prefix of the system's own keys (``lapse:``, ``demo:``) is
  refused with a 400 problem, and another person's key never collides with yours;
- F11: a reused key's 409 names no case and no seq;
- F9: ``deadline_lapsed`` is the system's (403 for the IND too), and no event is dated more than
  a few minutes after the server's clock or before 2000-01-01 (422);
- F4: appending to an id with no events (``If-Match: "0"``) opens a case, which a KMar
  supervisor may not (403, nothing written).

The test store's clock stands at 2028-01-03 08:00 UTC (09:00 Dutch time).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from migrationpact.cases import due_lapses
from migrationpact.cases.events import event_to_json, parse_event
from migrationpact.store.assignments import assign
from migrationpact.store.eventstore import EventStore
from tests.integration.api.conftest import auth, problem
from tests.integration.store.flows import TO_DECISION, counts, drive

ASKED = {"type": "legal_counselling_requested", "occurred_at": "2026-07-10T09:00"}
NOTE = {"type": "legal_counselling_provided", "occurred_at": "2026-07-10T09:45"}
FACTS = {"type": "facts_recorded", "occurred_at": "2026-07-10T12:00", "facts": {"age": 31}}


@pytest.fixture
def two_cases(store: EventStore) -> EventStore:
    """``C-1`` and ``C-2`` registered (seq 4); the counsellor is assigned ``C-2`` only, where
    counselling was asked for (seq 5)."""
    for case_id in ("C-1", "C-2"):
        drive(store, case_id, TO_DECISION[:4])
    store.append(
        case_id="C-2", event=parse_event(ASKED), expected_seq=4, idempotency_key=None,
        actor="ind", organisation="IND",
    )  # fmt: skip
    assign(
        store.engine, case_id="C-2", assignee="counsel", organisation="legal-counselling",
        assigned_by="ind",
    )  # fmt: skip
    return store


def _post(
    api: TestClient, tokens: dict[str, str], who: str, case_id: str, event: Any, **headers: str
) -> Any:
    return api.post(f"/v1/cases/{case_id}/events", json=event, headers=auth(tokens, who, **headers))


@pytest.mark.parametrize("key", ["lapse:C-1:APR-04:2026-07-29", "demo:C-1:5", "LAPSE:x"])
def test_a_reserved_key_prefix_is_refused(
    key: str, api: TestClient, tokens: dict[str, str], two_cases: EventStore
) -> None:
    before = counts(two_cases)
    r = _post(api, tokens, "ind", "C-1", FACTS, **{"If-Match": '"4"', "Idempotency-Key": key})
    body = problem(r, 400)
    assert body["type"].endswith("/reserved-idempotency-key")
    assert "reserved for the system" in body["detail"]
    assert counts(two_cases) == before


def test_anothers_key_is_no_conflict_and_a_conflict_names_no_case(
    api: TestClient, tokens: dict[str, str], two_cases: EventStore
) -> None:
    ind = _post(api, tokens, "ind", "C-1", FACTS, **{"If-Match": '"4"', "Idempotency-Key": "k-7"})
    assert ind.status_code == 201, ind.text
    # The counsellor may not read C-1; the key the IND used there tells them nothing.
    counsel = {"If-Match": '"5"', "Idempotency-Key": "k-7"}
    mine = _post(api, tokens, "counsel", "C-2", NOTE, **counsel)
    assert mine.status_code == 201, mine.text
    assert mine.json()["case_id"] == "C-2"
    # The IND reusing its own key on another case: 409, naming neither case nor seq.
    reused = _post(
        api, tokens, "ind", "C-2", FACTS, **{"If-Match": '"6"', "Idempotency-Key": "k-7"}
    )
    detail = problem(reused, 409)["detail"]
    assert "C-1" not in detail
    assert "seq" not in detail


def test_nobody_records_a_lapse_the_ind_included(
    api: TestClient, tokens: dict[str, str], store: EventStore
) -> None:
    drive(store, "C-1", TO_DECISION)  # notified 2 Sep 2026
    state = store.state("C-1")
    assert state is not None
    # Exactly the lapse the system would record: the policy alone refuses it.
    lapse = event_to_json(due_lapses(state, as_of=date(2026, 9, 30))[0])
    before = counts(store)
    for who in ("ind", "ind-lead", "kmar"):
        refused = problem(_post(api, tokens, who, "C-1", lapse, **{"If-Match": '"8"'}), 403)
        assert refused["detail"] in {
            "only the system records deadline_lapsed events",
            "KMar may not record deadline_lapsed events",
        }
    assert counts(store) == before
    assert store.state("C-1").stage == state.stage  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("occurred_at", "says"),
    [
        ("2028-01-03T09:10", "lies in the future"),
        ("2099-12-31T23:59", "lies in the future"),
        ("1999-12-31T23:59", "lies before 2000-01-01"),
        ("0001-01-01T00:00", "lies before 2000-01-01"),
    ],
)
def test_an_event_dated_in_the_future_or_before_2000_is_refused(
    occurred_at: str, says: str, api: TestClient, tokens: dict[str, str], two_cases: EventStore
) -> None:
    before = counts(two_cases)
    event = {**FACTS, "occurred_at": occurred_at}
    body = problem(_post(api, tokens, "ind", "C-1", event, **{"If-Match": '"4"'}), 422)
    assert body["type"].endswith("/event-date-out-of-range")
    assert says in body["detail"]
    opening = {"case_id": "C-NEW", "event": {**TO_DECISION[0], "occurred_at": occurred_at}}
    r = api.post("/v1/cases", json=opening, headers=auth(tokens, "ind"))
    assert problem(r, 422)["type"].endswith("/event-date-out-of-range")
    assert counts(two_cases) == before


def test_an_event_a_few_minutes_ahead_of_the_clock_is_accepted(
    api: TestClient, tokens: dict[str, str], two_cases: EventStore
) -> None:
    event = {**FACTS, "occurred_at": "2028-01-03T09:03"}  # clocks differ by a minute or two
    assert _post(api, tokens, "ind", "C-1", event, **{"If-Match": '"4"'}).status_code == 201


def test_a_kmar_supervisor_opens_no_case_by_appending_to_a_new_id(
    api: TestClient, tokens: dict[str, str], store: EventStore
) -> None:
    before = counts(store)
    for event in (TO_DECISION[0], {**TO_DECISION[2], "entry": "border-crossing"}):
        r = _post(api, tokens, "kmar-lead", "C-KMAR-NEW", event, **{"If-Match": '"0"'})
        assert problem(r, 403)["detail"] == "KMar supervisor may not case.create"
    assert counts(store) == before
    assert store.seq_of("C-KMAR-NEW") is None
    opened = _post(api, tokens, "kmar", "C-KMAR-NEW", TO_DECISION[0], **{"If-Match": '"0"'})
    assert opened.status_code == 201, opened.text

"""The answer to an append names the deadlines the event changed, before and after."""

from __future__ import annotations

from fastapi.testclient import TestClient

from migrationpact.cases.compare import DeadlineComparison, changes_of_event
from migrationpact.cases.state import DeadlineEntry
from migrationpact.store.accesslog import access_entries
from migrationpact.store.eventstore import EventStore
from tests.integration.api.conftest import auth
from tests.integration.store.flows import TO_DECISION


def test_an_append_answers_with_the_deadlines_it_changed(
    api: TestClient, tokens: dict[str, str], store: EventStore
) -> None:
    opened = api.post(
        "/v1/cases",
        json={"case_id": "C-CHG", "event": TO_DECISION[0]},
        headers=auth(tokens, "kmar"),
    )
    assert opened.status_code == 201, opened.text
    assert opened.json()["deadlines_changed"] is None  # opening a case: see its deadlines
    last = None
    for seq, event in enumerate(TO_DECISION[1:4], start=1):
        who = "kmar" if event["type"] in {"screening_completed", "application_made"} else "ind"
        headers = auth(tokens, who, **{"If-Match": f'"{seq}"', "Idempotency-Key": f"chg-{seq}"})
        last = api.post("/v1/cases/C-CHG/events", json=event, headers=headers)
        assert last.status_code == 201, last.text
    assert last is not None
    changed = {c["key"]: c for c in last.json()["deadlines_changed"]}
    # Registration on Thu 9 Jul 2026 meets APR-01 (register within 5 days, APR 27(1)) and
    # starts AMMR-01: a take charge request within 2 months (AMMR 39(1), AMMR 75) → Wed 9 Sep.
    assert changed["APR-01"]["before"]["status"] == "open"
    assert changed["APR-01"]["after"]["status"] == "met"
    assert changed["AMMR-01"] == {
        "key": "AMMR-01",
        "rule_id": "AMMR-01",
        "before": None,
        "after": {"status": "open", "due": "2026-09-09"},
    }
    # A retry with the same key answers the same, and writes nothing.
    again = api.post(
        "/v1/cases/C-CHG/events",
        json=TO_DECISION[3],
        headers=auth(tokens, "ind", **{"If-Match": '"3"', "Idempotency-Key": "chg-3"}),
    )
    assert again.json()["repeated"] is True
    assert again.json()["deadlines_changed"] == last.json()["deadlines_changed"]
    # Reading the deadlines to answer is a read of the case, logged as one.
    reads = [
        e for e in access_entries(store.engine, case_id="C-CHG") if e.action == "case.deadlines"
    ]
    assert reads
    assert list(reads[0].fields) == ["deadlines"]


def test_every_answer_equals_the_changes_a_replay_of_the_history_gives(
    api: TestClient, tokens: dict[str, str], store: EventStore
) -> None:
    # The answer comes from the append's own states before and after the event; a replay of
    # the stored history up to the event must give the same.
    first = {"case_id": "C-RPL", "event": TO_DECISION[0]}
    opened = api.post("/v1/cases", json=first, headers=auth(tokens, "kmar"))
    assert opened.status_code == 201, opened.text
    answers = []
    for seq, event in enumerate(TO_DECISION[1:], start=1):
        who = "kmar" if event["type"] in {"screening_completed", "application_made"} else "ind"
        headers = auth(tokens, who, **{"If-Match": f'"{seq}"', "Idempotency-Key": f"rpl-{seq}"})
        answer = api.post("/v1/cases/C-RPL/events", json=event, headers=headers)
        assert answer.status_code == 201, answer.text
        answers.append((seq + 1, answer.json()["deadlines_changed"]))
    events = [r.event() for r in store.records("C-RPL")]
    for seq, changed in answers:
        replayed = changes_of_event("C-RPL", events, seq, law=store.law)
        assert changed == [_shown(c) for c in replayed], f"seq {seq}"
    assert any(changed for _, changed in answers)  # the flow does change deadlines
    reads = [
        e for e in access_entries(store.engine, case_id="C-RPL") if e.action == "case.deadlines"
    ]
    assert len(reads) == len(answers)  # each answer's read logged once


def _side(entry: DeadlineEntry | None) -> dict[str, str] | None:
    return None if entry is None else {"status": entry.status, "due": entry.due.isoformat()}


def _shown(c: DeadlineComparison) -> dict[str, object]:
    """A comparison as the answer shows it."""
    entry = c.replayed or c.current
    assert entry is not None
    return {"key": c.key, "rule_id": entry.rule_id, "before": _side(c.current),
            "after": _side(c.replayed)}  # fmt: skip

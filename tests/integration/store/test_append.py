"""Appending: per-case sequence, optimistic concurrency, idempotency, refusals write nothing."""

from __future__ import annotations

import pytest

from migrationpact.cases import TransitionError, parse_event, replay
from migrationpact.store import service
from migrationpact.store.errors import CaseNotFoundError, ConcurrencyError, IdempotencyError
from migrationpact.store.eventstore import EventStore, NewEvent
from tests.integration.store.flows import (
    DECISION_TOO_EARLY,
    TO_DECISION,
    TO_TRANSFER,
    batch,
    counts,
    drive,
    snapshot,
)


def test_events_get_consecutive_seqs_and_the_projection_follows(store: EventStore) -> None:
    results = drive(store, "C-T", TO_TRANSFER)
    assert [r.seq for r in results] == list(range(1, len(TO_TRANSFER) + 1))
    state = service.get_case(store=store, case_id="C-T")
    expected = replay("C-T", [parse_event(e) for e in TO_TRANSFER])
    assert state == expected
    assert state.stage == "transferred"
    assert counts(store) == {
        "events": len(TO_TRANSFER),
        "case_states": 1,
        "deadlines": len(expected.deadlines),
    }
    history = service.case_history(store=store, case_id="C-T")
    assert [r.type for r in history] == [e["type"] for e in TO_TRANSFER]
    assert all(r.rule_set_version.startswith("sha256:") for r in history)


def test_a_stale_expected_seq_is_a_conflict_and_writes_nothing(store: EventStore) -> None:
    drive(store, "C-1", TO_TRANSFER[:2])
    before = snapshot(store), counts(store)
    with pytest.raises(ConcurrencyError, match="is at seq 2, but the write expected seq 1") as err:
        store.append(
            case_id="C-1",
            event=parse_event(TO_TRANSFER[2]),
            expected_seq=1,
            idempotency_key=None,
            actor="a",
            organisation="IND",
        )
    assert (err.value.expected, err.value.actual) == (1, 2)
    assert (snapshot(store), counts(store)) == before


def test_creating_an_existing_case_is_a_conflict(store: EventStore) -> None:
    drive(store, "C-1", TO_TRANSFER[:1])
    with pytest.raises(ConcurrencyError, match="expected seq 0"):
        service.create_case(
            store=store, case_id="C-1", event=parse_event(TO_DECISION[0]), actor="a",
            organisation="KMar",
        )  # fmt: skip
    assert counts(store)["events"] == 1


def test_expected_seq_none_appends_at_the_current_seq(store: EventStore) -> None:
    drive(store, "C-1", TO_TRANSFER[:1])
    result = store.append(
        case_id="C-1",
        event=parse_event(TO_TRANSFER[1]),
        expected_seq=None,
        idempotency_key=None,
        actor="a",
        organisation="IND",
    )
    assert result.seq == 2


def test_a_repeat_with_the_same_key_returns_the_original_and_writes_nothing(
    store: EventStore,
) -> None:
    drive(store, "C-1", TO_TRANSFER[:1])
    kwargs = {
        "case_id": "C-1",
        "event": parse_event(TO_TRANSFER[1]),
        "expected_seq": 1,
        "idempotency_key": "req-42",
        "actor": "a",
        "organisation": "IND",
    }
    first = service.append_event(store=store, **kwargs)  # type: ignore[arg-type]
    before = snapshot(store), counts(store)
    again = service.append_event(store=store, **kwargs)  # type: ignore[arg-type]
    assert again.repeated
    assert not first.repeated
    assert again.to_dict() | {"repeated": False} == first.to_dict()
    assert (snapshot(store), counts(store)) == before


def test_a_key_reused_for_another_event_or_case_is_refused(store: EventStore) -> None:
    drive(store, "C-1", TO_TRANSFER[:1])
    drive(store, "C-2", TO_TRANSFER[:1])
    store.append(
        case_id="C-1",
        event=parse_event(TO_TRANSFER[1]),
        expected_seq=1,
        idempotency_key="req-1",
        actor="a",
        organisation="IND",
    )
    before = counts(store)
    other_event = {**TO_TRANSFER[1], "occurred_at": "2026-07-08T10:00"}
    for case_id, data in (("C-1", other_event), ("C-2", TO_TRANSFER[1])):
        with pytest.raises(IdempotencyError, match="'req-1' was already used"):
            store.append(
                case_id=case_id,
                event=parse_event(data),
                expected_seq=None,
                idempotency_key="req-1",
                actor="a",
                organisation="IND",
            )
    assert counts(store) == before


def test_keys_are_each_actors_own_and_a_conflict_names_no_case(store: EventStore) -> None:
    """Another actor's key never collides with yours (F3); the refusal of your own key reused
    names neither the case nor the seq that holds it (F11)."""
    drive(store, "C-1", TO_TRANSFER[:1])
    drive(store, "C-2", TO_TRANSFER[:1])
    first = store.append(
        case_id="C-1", event=parse_event(TO_TRANSFER[1]), expected_seq=1,
        idempotency_key="req-1", actor="a", organisation="IND",
    )  # fmt: skip
    other = store.append(
        case_id="C-2", event=parse_event(TO_TRANSFER[1]), expected_seq=1,
        idempotency_key="req-1", actor="b", organisation="IND",
    )  # fmt: skip
    assert not other.repeated
    assert (other.case_id, other.seq) == ("C-2", 2)
    with pytest.raises(IdempotencyError) as refused:
        store.append(
            case_id="C-2", event=parse_event(TO_TRANSFER[2]), expected_seq=2,
            idempotency_key="req-1", actor="a", organisation="IND",
        )  # fmt: skip
    assert "C-1" not in str(refused.value)
    assert "seq" not in str(refused.value)
    assert (refused.value.case_id, refused.value.seq) == (first.case_id, first.seq)


def test_a_refused_transition_writes_nothing(store: EventStore) -> None:
    drive(store, "C-1", TO_TRANSFER[:2])
    before = snapshot(store), counts(store)
    with pytest.raises(TransitionError, match=r"decision_taken refused: .*\(APR Art. 35\)"):
        service.append_event(
            store=store,
            case_id="C-1",
            event=parse_event(DECISION_TOO_EARLY),
            expected_seq=2,
            actor="a",
            organisation="IND",
        )
    assert (snapshot(store), counts(store)) == before


def test_a_case_cannot_start_with_any_event(store: EventStore) -> None:
    with pytest.raises(TransitionError, match="a case starts with"):
        service.create_case(
            store=store, case_id="C-9", event=parse_event(TO_TRANSFER[1]), actor="a",
            organisation="IND",
        )  # fmt: skip
    assert counts(store) == {"events": 0, "case_states": 0, "deadlines": 0}


def test_an_opening_event_without_expected_seq_does_not_create_an_unknown_case(
    store: EventStore,
) -> None:
    with pytest.raises(CaseNotFoundError, match="case C-404 does not exist"):
        service.append_event(
            store=store,
            case_id="C-404",
            event=parse_event(TO_DECISION[0]),  # screening started: would open a case
            expected_seq=None,
            actor="a",
            organisation="IND",
        )
    assert counts(store) == {"events": 0, "case_states": 0, "deadlines": 0}


def test_appending_to_an_unknown_case_says_so(store: EventStore) -> None:
    with pytest.raises(CaseNotFoundError, match="case C-404 does not exist"):
        service.append_event(
            store=store,
            case_id="C-404",
            event=parse_event(TO_TRANSFER[1]),
            expected_seq=3,
            actor="a",
            organisation="IND",
        )


def test_create_case_makes_an_id_when_none_is_given(store: EventStore) -> None:
    result = service.create_case(
        store=store, event=parse_event(TO_TRANSFER[0]), actor="a", organisation="IND"
    )
    assert result.case_id.startswith("C-")
    assert len(result.case_id) == 14
    assert service.get_case(store=store, case_id=result.case_id).seq == 1


def test_a_batch_is_all_or_nothing(store: EventStore) -> None:
    good = batch("C-A", TO_TRANSFER) + batch("C-B", TO_DECISION)
    results = service.append_many(store=store, batch=good)
    assert len(results) == len(good)
    assert service.get_case(store=store, case_id="C-A") == replay(
        "C-A", [parse_event(e) for e in TO_TRANSFER]
    )
    before = snapshot(store), counts(store)
    bad = [*batch("C-C", TO_TRANSFER[:2]), NewEvent("C-C", parse_event(DECISION_TOO_EARLY), 2)]
    with pytest.raises(TransitionError):
        service.append_many(store=store, batch=bad)
    assert (snapshot(store), counts(store)) == before


def test_a_batch_may_name_seqs_of_its_own_earlier_events(store: EventStore) -> None:
    mixed = [
        NewEvent("C-A", parse_event(TO_TRANSFER[0]), 0),
        NewEvent("C-B", parse_event(TO_TRANSFER[0]), 0),
        NewEvent("C-A", parse_event(TO_TRANSFER[1]), 1),
    ]
    assert [r.seq for r in store.append_many(mixed)] == [1, 1, 2]
    with pytest.raises(ConcurrencyError):
        store.append_many([NewEvent("C-B", parse_event(TO_TRANSFER[1]), 0)])

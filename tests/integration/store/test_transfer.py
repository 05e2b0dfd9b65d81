"""Export and import as JSON Lines: a faithful round trip, and a bad line refuses the whole file."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from migrationpact.store import service, transfer
from migrationpact.store.errors import CaseNotFoundError, ImportRefusedError
from migrationpact.store.eventstore import EventStore
from tests.integration.conftest import open_test_store
from tests.integration.store.flows import (
    DECISION_TOO_EARLY,
    EXPORT_KEY,
    TO_DECISION,
    TO_TRANSFER,
    chain,
    counts,
    drive,
    snapshot,
)


def _lines(store: EventStore, case_ids: list[str] | None = None) -> list[str]:
    return [json.dumps(line) for line in transfer.export_events(store=store, case_ids=case_ids)]


def _import(store: EventStore, lines: list[str]) -> transfer.ImportReport:
    """Import ``lines`` as a verified export: signed with the key the stores share."""
    signed = list(transfer.signed(lines, EXPORT_KEY))
    return transfer.import_events(store=store, lines=signed, key=EXPORT_KEY)


@pytest.fixture
def target(make_db: Callable[[], str]) -> Any:
    opened = open_test_store(make_db())
    yield opened
    opened.engine.dispose()


def _filled(store: EventStore) -> None:
    drive(store, "C-A", TO_TRANSFER)
    drive(store, "C-B", TO_DECISION)


def test_round_trip_into_an_empty_store_reproduces_projections_and_chain(
    store: EventStore, target: EventStore
) -> None:
    _filled(store)
    report = _import(target, _lines(store))
    assert (report.events, report.cases) == (len(TO_TRANSFER) + len(TO_DECISION), 2)
    assert chain(target) == chain(store)
    assert snapshot(target) == snapshot(store)
    assert service.verify_chain(store=target).ok
    assert _lines(target) == _lines(store)


def test_export_of_chosen_cases_and_of_an_unknown_one(store: EventStore) -> None:
    _filled(store)
    lines = [json.loads(x) for x in _lines(store, ["C-B"])]
    assert [(x["case_id"], x["seq"]) for x in lines] == [
        ("C-B", n) for n in range(1, len(TO_DECISION) + 1)
    ]
    assert lines[0]["event"]["type"] == "screening_started"
    with pytest.raises(CaseNotFoundError):
        _lines(store, ["C-B", "C-404"])


def test_import_continues_cases_already_in_the_database(
    store: EventStore, target: EventStore
) -> None:
    _filled(store)
    lines = _lines(store, ["C-A"])
    _import(target, lines[:3])
    _import(target, lines[3:])
    assert chain(target) == [link for link in chain(store) if link[0] == "C-A"]


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda d: "{not json", "not JSON"),
        (lambda d: json.dumps({**d, "surprise": 1}), "unknown field"),
        (lambda d: json.dumps({**d, "event": {**d["event"], "type": "bogus"}}), "unknown event"),
        (lambda d: json.dumps({**d, "seq": d["seq"] + 1}), "does not follow case"),
        (
            lambda d: json.dumps({**d, "event": {**d["event"], "member_state": "FRA"}}),
            "does not match the recomputed hash",
        ),
    ],
)
def test_one_bad_line_refuses_the_whole_file(
    store: EventStore,
    target: EventStore,
    damage: Callable[[dict[str, Any]], str],
    reason: str,
) -> None:
    _filled(store)
    lines = _lines(store)
    lines[2] = damage(json.loads(lines[2]))  # line 3: C-A seq 3, the Eurodac hit
    with pytest.raises(ImportRefusedError, match=f"line 3: .*{reason}") as err:
        _import(target, lines)
    assert err.value.line == 3
    assert counts(target) == {"events": 0, "case_states": 0, "deadlines": 0}


def test_an_invalid_transition_late_in_the_file_refuses_all_of_it(
    store: EventStore, target: EventStore
) -> None:
    drive(store, "C-A", TO_TRANSFER[:2])
    hand_written = [
        json.dumps({"case_id": "C-Z", "seq": n, "event": e, "actor": "x", "organisation": "IND"})
        for n, e in enumerate(TO_DECISION[:4], start=1)
    ]
    exported = [json.loads(line) for line in _lines(store)]
    for line in exported:  # as a person would write them: recorded now, chained here
        for key in ("recorded_at", "prev_hash", "hash", "rule_set_version"):
            del line[key]
    lines = [json.dumps(line) for line in exported] + hand_written
    lines.append(
        json.dumps(
            {
                "case_id": "C-A",
                "seq": 3,
                "event": DECISION_TOO_EARLY,
                "actor": "x",
                "organisation": "IND",
            }
        )
    )
    with pytest.raises(ImportRefusedError, match=r"line 7: decision_taken refused"):
        transfer.import_events(store=target, lines=lines, hand_written=True)
    assert counts(target) == {"events": 0, "case_states": 0, "deadlines": 0}
    transfer.import_events(store=target, lines=lines[:-1], hand_written=True)
    assert counts(target)["events"] == 6
    assert service.verify_chain(store=target).ok


def test_importing_the_same_file_twice_is_refused_the_second_time(
    store: EventStore, target: EventStore
) -> None:
    _filled(store)
    lines = _lines(store)
    _import(target, lines)
    before = snapshot(target), counts(target)
    with pytest.raises(ImportRefusedError, match="line 1: seq 1 does not follow case C-A"):
        _import(target, lines)
    assert (snapshot(target), counts(target)) == before

"""The hash chain: what the hash covers, verification, and tampering found at the exact link."""

from __future__ import annotations

import hashlib
import itertools
import json

from migrationpact.store import service
from migrationpact.store.eventstore import EventStore
from migrationpact.store.hashing import GENESIS
from tests.integration.store.flows import TO_DECISION, TO_TRANSFER, chain, drive
from tests.support.tamper import tamper


def _sql(store: EventStore, statement: str, **params: object) -> None:
    tamper(store.engine, statement, **params)  # past the append-only triggers


def _json_param(store: EventStore) -> str:
    return ":p" if store.engine.dialect.name == "sqlite" else "CAST(:p AS json)"


def test_each_case_chains_from_genesis_and_the_hash_is_documented_formula(
    store: EventStore,
) -> None:
    drive(store, "C-A", TO_TRANSFER)
    drive(store, "C-B", TO_DECISION)
    links = chain(store)
    for case_id in ("C-A", "C-B"):
        mine = [link for link in links if link[0] == case_id]
        assert mine[0][2] == GENESIS
        assert all(b[2] == a[3] for a, b in itertools.pairwise(mine))
    record = service.case_history(store=store, case_id="C-A")[2]
    fields = {
        "case_id": "C-A",
        "seq": 3,
        "type": "eurodac_hit_received",
        "payload": record.payload,
        "occurred_at": "2026-07-08T12:00:00.000000",
        "recorded_at": record.recorded_at.isoformat(timespec="microseconds") + "Z",
        "actor": "caseworker",
        "organisation": "IND",
        "rule_set_version": record.rule_set_version,
        "idempotency_key": None,
    }
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert record.payload["member_state"] == "DEU"
    assert record.hash == hashlib.sha256((record.prev_hash + canonical).encode()).hexdigest()


def test_an_intact_store_verifies(store: EventStore) -> None:
    drive(store, "C-A", TO_TRANSFER)
    drive(store, "C-B", TO_DECISION)
    report = service.verify_chain(store=store)
    assert report.ok
    assert (report.cases, report.events) == (2, len(TO_TRANSFER) + len(TO_DECISION))


def test_a_payload_changed_in_sql_is_named_at_its_exact_link(store: EventStore) -> None:
    drive(store, "C-A", TO_TRANSFER)
    drive(store, "C-B", TO_DECISION)
    record = service.case_history(store=store, case_id="C-B")[3]
    forged = json.dumps({**record.payload, "note": "edited later"})
    _sql(
        store,
        f"UPDATE events SET payload = {_json_param(store)} WHERE case_id = 'C-B' AND seq = 4",
        p=forged,
    )
    report = service.verify_chain(store=store)
    assert report.broken is not None
    assert (report.broken.case_id, report.broken.seq) == ("C-B", 4)
    assert report.broken.stored == record.hash
    assert report.broken.expected != record.hash
    assert "do not give the stored hash" in report.broken.describe()


def test_a_rehashed_forgery_breaks_the_next_link(store: EventStore) -> None:
    drive(store, "C-A", TO_TRANSFER)
    _sql(store, "UPDATE events SET hash = :h WHERE case_id = 'C-A' AND seq = 2", h="f" * 64)
    report = service.verify_chain(store=store)
    assert report.broken is not None
    assert (report.broken.case_id, report.broken.seq) == ("C-A", 2)
    _sql(
        store,
        "UPDATE events SET prev_hash = :h WHERE case_id = 'C-A' AND seq = 3",
        h="f" * 64,
    )
    # seq 2's own hash is still wrong for its fields: the first broken link stays seq 2.
    report = service.verify_chain(store=store)
    assert report.broken is not None
    assert report.broken.seq == 2


def test_a_deleted_event_is_a_gap(store: EventStore) -> None:
    drive(store, "C-A", TO_TRANSFER)
    _sql(store, "DELETE FROM events WHERE case_id = 'C-A' AND seq = 5")
    report = service.verify_chain(store=store)
    assert report.broken is not None
    assert (report.broken.case_id, report.broken.seq, report.broken.reason) == (
        "C-A",
        6,
        "sequence gap",
    )


def test_a_truncated_chain_disagrees_with_the_projection(store: EventStore) -> None:
    drive(store, "C-A", TO_TRANSFER)
    _sql(store, "DELETE FROM events WHERE case_id = 'C-A' AND seq = :s", s=len(TO_TRANSFER))
    report = service.verify_chain(store=store)
    assert report.broken is not None
    assert report.broken.case_id == "C-A"
    assert "projection" in report.broken.reason

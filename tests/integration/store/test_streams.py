"""Streams of two kinds in one store: each with its own sequence, hash chain, concurrency and
idempotency; rebuilt, verified, exported and imported like cases (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest

from migrationpact.cases.events import parse_event
from migrationpact.store import streams
from migrationpact.store.errors import ConcurrencyError, IdempotencyError
from migrationpact.store.eventstore import EventStore
from migrationpact.store.transfer import export_events, import_events, signed
from tests.integration.conftest import open_test_store
from tests.integration.store.flows import EXPORT_KEY, TO_DECISION, drive
from tests.support.sites import SITE, SiteState, site_event, site_kind
from tests.support.tamper import tamper

OPENED = site_event("site_opened", "2026-07-01T09:00", 400)
RESIZED = site_event("capacity_changed", "2026-08-01T09:00", 550)


@pytest.fixture(autouse=True)
def site_streams() -> Iterator[None]:
    streams.register(site_kind())
    yield
    streams.unregister(SITE)


def _site(store: EventStore, event: object, *, expected: int | None, key: str | None = None) -> int:
    result = store.append(
        case_id="X-1", event=event, expected_seq=expected, idempotency_key=key,
        actor="coa-planner", organisation="COA", stream_type=SITE,
    )  # fmt: skip
    return result.seq


def test_two_kinds_keep_their_own_sequence_and_chain(store: EventStore) -> None:
    drive(store, "X-1", TO_DECISION[:2])  # a case with the same id as the site
    assert _site(store, OPENED, expected=0) == 1
    assert _site(store, RESIZED, expected=1) == 2
    assert store.stream_state(SITE, "X-1") == SiteState("X-1", seq=2, open=True, capacity=550)
    sites, cases = store.records("X-1", stream_type=SITE), store.records("X-1")
    assert [r.seq for r in sites] == [1, 2]
    assert [r.seq for r in cases] == [1, 2]
    assert sites[0].prev_hash == cases[0].prev_hash  # both chains start at the genesis
    assert sites[1].prev_hash == sites[0].hash
    assert {r.hash for r in sites}.isdisjoint(r.hash for r in cases)
    state = store.state("X-1")
    assert state is not None
    assert state.seq == 2


def test_concurrency_idempotency_and_refusals_hold_per_stream(store: EventStore) -> None:
    _site(store, OPENED, expected=0, key="site-open")
    with pytest.raises(ConcurrencyError):
        _site(store, RESIZED, expected=0)
    assert _site(store, OPENED, expected=0, key="site-open") == 1  # a repeat: the original
    with pytest.raises(IdempotencyError):
        _site(store, RESIZED, expected=1, key="site-open")
    with pytest.raises(ValueError, match="open already"):
        _site(store, OPENED, expected=1)
    assert [r.type for r in store.records("X-1", stream_type=SITE)] == ["site_opened"]


def test_rebuild_verify_export_and_import_cover_every_kind(
    store: EventStore, make_db: Callable[[], str]
) -> None:
    drive(store, "C-1", TO_DECISION)
    _site(store, OPENED, expected=0)
    _site(store, RESIZED, expected=1)
    before = store.stream_state(SITE, "X-1")
    store.rebuild(workers=1)
    assert store.stream_state(SITE, "X-1") == before
    assert store.verify().ok
    lines = [json.dumps(line) for line in export_events(store=store)]
    assert sum('"stream_type": "test-site"' in line for line in lines) == 2
    other = open_test_store(make_db())
    try:
        report = import_events(store=other, lines=signed(lines, EXPORT_KEY), key=EXPORT_KEY)
        assert report.events == len(lines)
        assert other.stream_state(SITE, "X-1") == before
        assert [r.hash for r in other.records("X-1", stream_type=SITE)] == [
            r.hash for r in store.records("X-1", stream_type=SITE)
        ]
    finally:
        other.engine.dispose()
    tamper(  # with the site's history
        store.engine,
        "UPDATE events SET payload = :p WHERE stream_type = :k AND seq = 1",
        p=json.dumps({"capacity": 4000}),
        k=SITE,
    )
    verified = store.verify()
    assert verified.broken is not None
    assert verified.broken.case_id == "X-1"


def test_a_case_event_stays_a_case_event(store: EventStore) -> None:
    event = parse_event(TO_DECISION[0])
    result = store.append(
        case_id="C-9", event=event, expected_seq=0, idempotency_key=None,
        actor="kmar-1", organisation="KMar",
    )  # fmt: skip
    assert result.seq == 1
    assert store.records("C-9", stream_type=SITE) == []

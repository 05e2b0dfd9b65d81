"""``audit verify`` finds a changed projection row and a changed access-log row, not only a
broken event chain (finding F15 of the December 2026 probe)."""

from __future__ import annotations

from datetime import date

import pytest

from migrationpact.store import service, streams
from migrationpact.store.accesslog import write_entry
from migrationpact.store.eventstore import EventStore
from migrationpact.store.projection_check import compare_projections
from tests.integration.store.flows import TO_DECISION, TO_TRANSFER, access_entry, drive
from tests.support.cli import RunCli
from tests.support.sites import SITE, site_event, site_kind
from tests.support.tamper import tamper


def _filled(store: EventStore) -> None:
    drive(store, "C-A", TO_TRANSFER)
    drive(store, "C-B", TO_DECISION)
    service.record_lapses(store=store, as_of=date(2026, 12, 1))
    write_entry(store.engine, access_entry("ind", store.clock()))


def test_an_intact_store_equals_its_replay(store: EventStore) -> None:
    _filled(store)
    report = compare_projections(store.engine, store.law)
    assert (report.ok, report.streams) == (True, 2)
    store.rebuild(workers=1)
    assert compare_projections(store.engine, store.law).ok


@pytest.mark.parametrize(
    ("statement", "found"),
    [
        ("UPDATE case_states SET stage = 'closed' WHERE case_id = 'C-B'", "column stage"),
        ("UPDATE case_states SET seq = seq - 1 WHERE case_id = 'C-A'", "column seq"),
        (
            "UPDATE deadlines SET status = 'met' WHERE case_id = 'C-A' AND status <> 'met'",
            "column status",
        ),
        ("DELETE FROM deadlines WHERE case_id = 'C-B'", "is missing"),
        ("DELETE FROM case_states WHERE case_id = 'C-A'", "case_states of C-A: row ('C-A',)"),
        (
            "INSERT INTO case_states SELECT 'C-GHOST', seq, stage, procedure, examination, "
            "responsibility_regime, state, updated_at FROM case_states WHERE case_id = 'C-A'",
            "C-GHOST: stored, but the stream has no events",
        ),
    ],
)
def test_a_changed_projection_is_named(store: EventStore, statement: str, found: str) -> None:
    _filled(store)
    tamper(store.engine, statement)
    report = compare_projections(store.engine, store.law)
    assert not report.ok
    assert report.difference is not None
    assert found in report.difference


def test_streams_of_other_kinds_are_compared_too(store: EventStore) -> None:
    streams.register(site_kind())
    try:
        store.append(
            case_id="X-1",
            event=site_event("site_opened", "2026-07-01T09:00", 400),
            expected_seq=0,
            idempotency_key=None,
            actor="coa",
            organisation="COA",
            stream_type=SITE,
        )
        assert compare_projections(store.engine, store.law).ok
        tamper(store.engine, "UPDATE stream_states SET state = :s", s='{"capacity": 9}')
        difference = compare_projections(store.engine, store.law).difference
    finally:
        streams.unregister(SITE)
    assert difference is not None
    assert "stream_states of X-1" in difference


@pytest.mark.parametrize(
    ("statement", "line"),
    [
        ("UPDATE access_log SET purpose = 'curiosity'", "BROKEN: access log row 1:"),
        ("UPDATE case_states SET stage = 'closed'", "DIFFERENT: case_states of C-"),
        ("UPDATE deadlines SET status = 'met'", "DIFFERENT: deadlines of C-"),
    ],
)
def test_audit_verify_exits_1_on_a_tampered_row(
    store: EventStore, run_cli: RunCli, db_url: str, statement: str, line: str
) -> None:
    _filled(store)
    done = run_cli("audit", "verify", "--database", db_url)
    assert done.returncode == 0, done.stderr
    assert "Access log chain intact: 1 row(s)." in done.stdout
    assert "Projections equal a replay: 2 stream(s)." in done.stdout
    tamper(store.engine, statement)
    done = run_cli("audit", "verify", "--database", db_url)
    assert done.returncode == 1
    assert line in done.stdout
    assert "Hash chains intact" in done.stdout

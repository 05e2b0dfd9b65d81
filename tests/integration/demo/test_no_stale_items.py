"""The demo after the server's first lapse run: no deadline that has ended is still open."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from migrationpact.demo import load_demo
from migrationpact.services.recording import dutch_now
from migrationpact.services.scheduler import run_scheduled
from migrationpact.store.database import read_transaction
from migrationpact.store.eventstore import EventStore
from migrationpact.store.service import upgrade_database
from migrationpact.store.tables import deadlines
from tests.integration.conftest import StepClock, open_test_store
from tests.integration.demo.conftest import TODAY


def _stale(store: EventStore) -> int:
    """Open deadlines that ended before now: overdue and lapsable, the worklist's stale rows."""
    now = dutch_now(store)
    with read_transaction(store.engine) as conn:
        query = select(func.count()).where(deadlines.c.status == "open", deadlines.c.due_end <= now)
        return int(conn.execute(query).scalar_one())


def test_the_first_scheduled_run_leaves_no_stale_item(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    upgrade_database(url)
    store = open_test_store(url)
    store.clock = StepClock(datetime.combine(TODAY, datetime.min.time()).replace(hour=11))
    load_demo(store=store, today=TODAY, cases=120)
    assert _stale(store) > 0  # the demo holds deadlines that ran out, as a real store would
    report = run_scheduled(store, "server-1")  # what `serve --demo` runs at start
    assert report is not None
    assert report.skipped == []
    assert _stale(store) == 0
    store.engine.dispose()

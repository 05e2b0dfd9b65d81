"""One demo population loaded into SQLite once per test process (loading takes a few seconds).

The tests that only read the loaded store share it, across modules: with ``--dist worksteal``
the tests of one module run on both workers, so a module-scoped load ran once per module and
worker (four loads of 312 cases in a run, now at most two); ``test_load`` also loads into the
parametrised ``store`` (SQLite and, where a server answers, PostgreSQL) to check idempotency.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from migrationpact.demo import DemoSummary, load_demo
from migrationpact.store.eventstore import EventStore
from migrationpact.store.service import upgrade_database
from tests.integration.conftest import open_test_store

#: A Wednesday, so deadlines can fall due on the day itself (periods roll off weekends).
TODAY = date(2026, 12, 2)


@dataclass(frozen=True)
class Loaded:
    store: EventStore
    summary: DemoSummary


@pytest.fixture(scope="session")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loaded]:
    """A SQLite store holding the default demo (stories and 300 cases) for ``TODAY``."""
    path: Path = tmp_path_factory.mktemp("demo") / "demo.db"
    url = f"sqlite:///{path}"
    upgrade_database(url)
    store = open_test_store(url)
    summary = load_demo(store=store, today=TODAY)
    yield Loaded(store, summary)
    store.engine.dispose()

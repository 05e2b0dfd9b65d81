"""Revision 0011 dates every closed deadline of a store written before it, and marks late ones.

The store of the earlier release (``tests/fixtures/store-0005.sqlite.xz``, see
``test_migration_0006``) holds deadlines met after their end (its ``closed_reason`` says "after
the deadline ended") and lapsed ones, with no date of closing. After the upgrade each closed row
and entry has ``closed_at``, the late ones are marked with their calendar days, and the
projections are exactly what a replay of the events gives (the check ``audit verify`` runs),
under the rule book as it stood when the store was written (``test_migration_0006``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from migrationpact.store.database import make_engine
from migrationpact.store.eventstore import EventStore
from migrationpact.store.migrate import downgrade, upgrade
from migrationpact.store.projection_check import compare_projections
from migrationpact.store.service import open_store
from tests.integration.store.test_migration_0006 import (
    _copy_rows,
    _law_when_written,
    _old_store,
    _projections,
    _unchanged,
)

LATE = "after the deadline ended"


def _documents(engine: sa.Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [
            json.loads(r.state) if isinstance(r.state, str) else r.state
            for r in conn.execute(sa.text("SELECT state FROM case_states ORDER BY case_id"))
        ]


def _converted(make_empty: Callable[[], str], tmp_path: Path) -> EventStore:
    """The store of the earlier release, upgraded to the newest revision."""
    url = make_empty()
    engine = make_engine(url)
    upgrade(engine, "0005")
    _copy_rows(_old_store(tmp_path), engine)
    upgrade(engine)
    return open_store(url, law=_law_when_written())


def test_closed_deadlines_of_an_earlier_store_get_their_moment_and_lateness(
    make_empty: Callable[[], str], tmp_path: Path
) -> None:
    store = _converted(make_empty, tmp_path)
    with store.engine.connect() as conn:
        rows = list(conn.execute(sa.text("SELECT * FROM deadlines")).mappings())
        occurred = {
            (r.case_id, r.seq): r.occurred_at
            for r in conn.execute(sa.text("SELECT case_id, seq, occurred_at FROM events"))
        }
    late = [r for r in rows if r["late"]]
    assert len(late) == sum(1 for r in rows if LATE in (r["closed_reason"] or "")) > 0
    for row in rows:
        closed_at = row["closed_at"]
        if isinstance(closed_at, str):  # SQLite through text SQL
            closed_at = datetime.fromisoformat(closed_at)
        if row["closed_by_seq"] is None:
            assert closed_at is None
            assert not row["late"]
        elif row["status"] == "lapsed":
            assert closed_at == datetime.fromisoformat(str(row["due_end"]))
        else:
            at = occurred[(row["case_id"], row["closed_by_seq"])]
            assert closed_at == datetime.fromisoformat(str(at)).replace(microsecond=0)
        if row["late"]:
            due_on = datetime.fromisoformat(str(row["due_on"])).date()
            assert row["days_late"] == (closed_at.date() - due_on).days >= 1
        else:
            assert row["days_late"] is None
    entries = [e for d in _documents(store.engine) for e in d["deadlines"]]
    assert all((e.get("closed_at") is None) == (e.get("closed_by_seq") is None) for e in entries)

    converted = _unchanged(_projections(store.engine))
    store.rebuild(workers=1)
    # the conversion gives what a rebuild gives (``test_migration_0006.REREAD``: cases read anew)
    assert _unchanged(_projections(store.engine)) == converted


def test_a_store_at_0010_converts_to_exactly_the_projections_a_replay_gives(
    make_empty: Callable[[], str], tmp_path: Path
) -> None:
    store = _converted(make_empty, tmp_path)
    store.rebuild(workers=1)  # the documents as this release writes them
    assert compare_projections(store.engine, store.law).ok

    downgrade(store.engine, "0010")
    columns = {c["name"] for c in sa.inspect(store.engine).get_columns("deadlines")}
    assert not {"closed_at", "late", "days_late"} & columns
    assert not any("closed_at" in e for d in _documents(store.engine) for e in d["deadlines"])
    upgrade(store.engine)
    report = compare_projections(store.engine, store.law)  # what ``audit verify`` checks
    assert report.ok, report.difference

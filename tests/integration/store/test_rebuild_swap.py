"""PostgreSQL: a rebuild fills fresh tables and puts them in place of the old ones (``swap``).

The tables that come out have the same columns, constraints, indexes and grants as the ones
they replace (read from the catalogue before and after), and the projections a replay gives;
a rebuild that fails midway leaves the old tables as they were, and tables that cannot be
swapped safely (a view depends on them) are emptied and filled in place instead.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Connection, text

from migrationpact.store import service
from migrationpact.store.eventstore import EventStore
from migrationpact.store.projection_check import compare_projections
from migrationpact.store.swap import Swap
from migrationpact.store.tables import case_people, case_states, deadlines
from tests.integration.conftest import ONLY_POSTGRES
from tests.integration.store.flows import TO_DECISION, TO_TRANSFER, drive, snapshot

TABLES = ("case_states", "deadlines", "case_people")

pytestmark = pytest.mark.parametrize("backend", ONLY_POSTGRES, indirect=True)


def _catalogue(conn: Connection) -> dict[str, Any]:
    """What defines the projection tables, without their object ids."""

    def rows(sql: str) -> list[tuple[Any, ...]]:
        return sorted(tuple(r) for r in conn.execute(text(sql), {"t": list(TABLES)}))

    where = "c.relname = ANY(:t) AND c.relnamespace = current_schema()::regnamespace"
    return {
        "columns": rows(
            "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
            "a.attcompression, pg_get_expr(d.adbin, d.adrelid) FROM pg_class c "
            "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
            f"LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum WHERE {where}"
        ),
        "constraints": rows(
            "SELECT c.relname, k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k "
            f"JOIN pg_class c ON c.oid = k.conrelid WHERE {where}"
        ),
        "indexes": rows(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            f"JOIN pg_class c ON c.oid = i.indrelid WHERE {where}"
        ),
        "grants": rows(f"SELECT c.relname, c.relacl::text FROM pg_class c WHERE {where}"),
        "tables": rows(
            "SELECT c.relname FROM pg_class c WHERE c.relkind = 'r' "
            "AND c.relnamespace = current_schema()::regnamespace AND c.relname LIKE '%rebuild'"
        ),
    }


def _oids(conn: Connection) -> dict[str, int]:
    return {t: conn.execute(text("SELECT CAST(:t AS regclass)::oid"), {"t": t}).scalar_one()
            for t in TABLES}  # fmt: skip


def _busy(store: EventStore) -> None:
    drive(store, "C-A", TO_TRANSFER)
    drive(store, "C-B", TO_DECISION)
    with store.engine.begin() as conn:
        conn.execute(text("GRANT SELECT ON deadlines TO PUBLIC"))


def test_the_new_tables_are_defined_as_the_old_ones_and_hold_the_replay(
    store: EventStore,
) -> None:
    _busy(store)
    live = snapshot(store)
    with store.engine.connect() as conn:
        before, old = _catalogue(conn), _oids(conn)
    assert before["constraints"]
    assert before["indexes"]
    assert "=r/" in dict(before["grants"])["deadlines"]  # PUBLIC may read it

    service.rebuild_projections(store=store, workers=1)

    with store.engine.connect() as conn:
        after, new = _catalogue(conn), _oids(conn)
    assert all(new[t] != old[t] for t in TABLES)  # swapped, not refilled
    assert after == before
    assert snapshot(store) == live
    assert compare_projections(store.engine, store.law).ok


def test_a_rebuild_that_fails_at_the_end_leaves_the_old_tables(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    _busy(store)
    live = snapshot(store)
    with store.engine.connect() as conn:
        before, old = _catalogue(conn), _oids(conn)

    def broken(self: Swap, conn: Connection) -> None:
        raise RuntimeError("interrupted")

    monkeypatch.setattr(Swap, "finish", broken)
    with pytest.raises(RuntimeError, match="interrupted"):
        service.rebuild_projections(store=store, workers=1)
    with store.engine.connect() as conn:
        assert (_catalogue(conn), _oids(conn)) == (before, old)
    assert snapshot(store) == live
    assert not before["tables"]


def test_tables_a_view_reads_are_refilled_in_place(store: EventStore) -> None:
    _busy(store)
    with store.engine.begin() as conn:
        conn.execute(text("CREATE VIEW open_deadlines AS SELECT * FROM deadlines"))
    live = snapshot(store)
    with store.engine.connect() as conn:
        old = _oids(conn)
        assert Swap.prepare(conn, [case_states, deadlines, case_people]) is None
        conn.rollback()

    service.rebuild_projections(store=store, workers=1)

    with store.engine.connect() as conn:
        assert _oids(conn) == old
        assert conn.execute(text("SELECT count(*) FROM open_deadlines")).scalar_one() > 0
        assert not _catalogue(conn)["tables"]
    assert snapshot(store) == live


def test_the_rebuild_commits_without_waiting_for_the_disk_and_only_the_rebuild(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ``rebuild.SESSION_SETTINGS``: inside the rebuild's transaction, not after it on the same
    # pooled connection (SET LOCAL), where an append would commit without waiting too.
    _busy(store)
    seen: list[str] = []
    finish = Swap.finish

    def watched(self: Swap, conn: Connection) -> None:
        seen.append(conn.execute(text("SHOW synchronous_commit")).scalar_one())
        finish(self, conn)

    monkeypatch.setattr(Swap, "finish", watched)
    with store.engine.connect() as conn:
        default = conn.execute(text("SHOW synchronous_commit")).scalar_one()
    assert default != "off"

    service.rebuild_projections(store=store, workers=1)

    assert seen == ["off"]
    with store.engine.connect() as conn:
        assert conn.execute(text("SHOW synchronous_commit")).scalar_one() == default

"""A register at schema version 1 (before its own sign-in) is brought to version 2 when opened:
the sign-in tables are added, its files are kept."""

from __future__ import annotations

from sqlalchemy import insert, inspect, select

from migrationpact.monitoring_store.keys import KeyRing
from migrationpact.monitoring_store.register import Register
from migrationpact.monitoring_store.tables import (
    SCHEMA_VERSION,
    metadata,
    monitor_files,
    monitor_schema,
    register_sessions,
    register_sign_in_failures,
)
from migrationpact.store.database import make_engine, write_transaction
from migrationpact.store.eventstore import utc_now


def test_a_version_1_register_is_upgraded_and_keeps_its_rows(empty_url: str) -> None:
    engine = make_engine(empty_url)
    new = {register_sessions.name, register_sign_in_failures.name}
    old_tables = [t for t in metadata.sorted_tables if t.name not in new]
    with write_transaction(engine) as conn:
        metadata.create_all(conn, tables=old_tables)
        conn.execute(insert(monitor_schema).values(version=1))
        conn.execute(
            insert(monitor_files).values(
                reference="MON-AAAA-BBBB", body="CRM", status="received", seq=2,
                last_hash="0" * 64, updated_at=utc_now(),
            )
        )  # fmt: skip
    assert not new & set(inspect(engine).get_table_names())
    engine.dispose()
    register = Register.open(empty_url, KeyRing({}))
    with register.engine.connect() as conn:
        assert list(conn.execute(select(monitor_schema.c.version)).scalars()) == [SCHEMA_VERSION]
        assert conn.execute(select(monitor_files.c.reference)).scalars().all() == ["MON-AAAA-BBBB"]
    assert new <= set(inspect(register.engine).get_table_names())
    assert register.file_row("MON-AAAA-BBBB") is not None
    register.engine.dispose()

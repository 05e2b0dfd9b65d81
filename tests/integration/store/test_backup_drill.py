"""The backup drill (docs/operations.md), on SQLite and PostgreSQL: load the demo, back up,
append more, restore; then ``audit verify`` passes, every chain's head is the one the manifest
recorded, and projections rebuilt from the restored events equal the restored ones."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from migrationpact.demo import load_demo
from migrationpact.store.backup import Manifest, manifest_path, read_heads
from migrationpact.store.database import read_transaction
from migrationpact.store.eventstore import EventStore
from tests.integration.conftest import ONLY_POSTGRES, open_test_store
from tests.integration.store.flows import snapshot
from tests.support.cli import RunCli

TODAY = date(2026, 12, 4)


def _heads(url: str) -> Manifest:
    store = open_test_store(url)
    try:
        with read_transaction(store.engine) as conn:
            return read_heads(conn, store.engine.dialect.name)
    finally:
        store.engine.dispose()


def _events(store: EventStore) -> int:
    with read_transaction(store.engine) as conn:
        return read_heads(conn, store.engine.dialect.name).events


def test_backup_append_restore_verify(
    store: EventStore, db_url: str, tmp_path: Path, run_cli: RunCli
) -> None:
    load_demo(store=store, today=TODAY, cases=6, per_story=1)
    file = tmp_path / "store.backup"
    made = run_cli("store", "backup", "--to", str(file), "--database", db_url, "--json")
    assert made.returncode == 0, made.stderr
    manifest = Manifest.read(manifest_path(file))
    assert json.loads(made.stdout)["events"] == manifest.events == _events(store) > 0
    assert manifest.streams > 6

    load_demo(store=store, today=TODAY, cases=12, per_story=1)  # more after the backup
    grown = _events(store)
    assert grown > manifest.events
    store.engine.dispose()

    refused = run_cli("store", "restore", "--from", str(file), "--database", db_url)
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1
    assert "--force" in refused.stderr
    assert _heads(db_url).events == grown  # nothing written

    done = run_cli("store", "restore", "--from", str(file), "--database", db_url, "--force")
    assert done.returncode == 0, done.stderr
    assert "every chain's head equals the manifest's" in done.stdout
    assert _heads(db_url).same_record(manifest)
    verified = run_cli("audit", "verify", "--database", db_url)
    assert verified.returncode == 0, verified.stdout + verified.stderr

    restored = open_test_store(db_url)
    kept = snapshot(restored)
    rebuilt = run_cli("store", "rebuild", "--database", db_url, "--workers", "1")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert snapshot(restored) == kept
    restored.engine.dispose()


def test_restore_into_a_new_database_and_refuse_a_changed_file(
    store: EventStore, db_url: str, make_db: Callable[[], str], tmp_path: Path, run_cli: RunCli
) -> None:
    load_demo(store=store, today=TODAY, cases=2, per_story=1)
    file = tmp_path / "store.backup"
    assert run_cli("store", "backup", "--to", str(file), "--database", db_url).returncode == 0
    manifest = Manifest.read(manifest_path(file))
    fresh = make_db()  # migrated, no events: nothing to lose, so no --force needed
    done = run_cli("store", "restore", "--from", str(file), "--database", fresh)
    assert done.returncode == 0, done.stderr
    assert _heads(fresh).same_record(manifest)
    assert run_cli("audit", "verify", "--database", fresh).returncode == 0

    with file.open("r+b") as handle:  # one byte changed after the backup
        handle.seek(200)
        byte = handle.read(1)
        handle.seek(200)
        handle.write(bytes([byte[0] ^ 0xFF]))
    changed = run_cli("store", "restore", "--from", str(file), "--database", fresh, "--force")
    assert changed.returncode == 2
    assert "SHA-256 differs" in changed.stderr


@pytest.mark.parametrize("backend", ONLY_POSTGRES, indirect=True)
def test_a_dump_is_restored_only_into_its_own_schema(
    store: EventStore,
    db_url: str,
    make_empty: Callable[[], str],
    tmp_path: Path,
    run_cli: RunCli,
) -> None:
    load_demo(store=store, today=TODAY, cases=1, per_story=1)
    file = tmp_path / "store.backup"
    assert run_cli("store", "backup", "--to", str(file), "--database", db_url).returncode == 0
    elsewhere = make_empty()  # a schema of its own in the test database
    done = run_cli("store", "restore", "--from", str(file), "--database", elsewhere)
    assert done.returncode == 2
    assert "holds the schema 'public'" in done.stderr


@pytest.mark.parametrize("backend", ONLY_POSTGRES, indirect=True)
def test_a_missing_pg_dump_is_named(db_url: str, tmp_path: Path, run_cli: RunCli) -> None:
    done = run_cli(
        "store", "backup", "--to", str(tmp_path / "b"), "--database", db_url,
        env={"PATH": str(tmp_path)},  # a PATH on which no program is found
    )  # fmt: skip
    assert done.returncode == 2
    assert "pg_dump is not installed" in done.stderr
    assert "postgresql-client" in done.stderr
    assert not (tmp_path / "b").exists()

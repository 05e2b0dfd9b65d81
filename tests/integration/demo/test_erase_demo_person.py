"""Erasing a demo person (issue 19, done-when): ``audit verify`` stays green, and the person's
name and date of birth are nowhere in the database file or its write-ahead log afterwards.

The shared demo store is copied first (SQLite's online backup), so the other demo tests keep
theirs. The person chosen is one whose surname and date of birth no other demo person has, so
that finding them in the bytes would mean this person's data were left behind.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from migrationpact.store import service
from migrationpact.store.database import read_transaction
from migrationpact.store.privacy import erase_case
from migrationpact.store.tables import case_states
from tests.integration.conftest import open_test_store
from tests.integration.demo.conftest import TODAY, Loaded


def _copy(loaded: Loaded, to: Path) -> str:
    source = str(loaded.store.engine.url.database)
    with sqlite3.connect(source) as src, sqlite3.connect(to) as dst:
        src.backup(dst)
    return f"sqlite:///{to}"


def _unique_person(url: str) -> tuple[str, str, str]:
    """(case id, surname, date of birth) of a person no other demo person shares them with."""
    store = open_test_store(url)
    with read_transaction(store.engine) as conn:
        people = {
            r.case_id: r.state.get("person") or {}
            for r in conn.execute(select(case_states.c.case_id, case_states.c.state))
        }
    store.engine.dispose()
    surnames = Counter(n for p in people.values() for n in p.get("names") or [])
    births = Counter(p.get("date_of_birth") for p in people.values())
    for case_id, person in sorted(people.items()):
        names, born = person.get("names") or [], person.get("date_of_birth")
        if names and born and born < "2020" and surnames[names[-1]] == 1 and births[born] == 1:
            return case_id, names[-1], born
    raise AssertionError("no demo person with a surname and a date of birth of their own")


def test_erasing_a_demo_person_keeps_audit_verify_green_and_leaves_no_trace(
    loaded: Loaded, tmp_path: Path
) -> None:
    url = _copy(loaded, tmp_path / "copy.db")
    case_id, surname, born = _unique_person(url)
    path = tmp_path / "copy.db"
    assert surname.encode() in path.read_bytes()
    store = open_test_store(url)
    try:
        done = erase_case(
            store, case_id=case_id, reason="demo erasure", actor="privacy-officer",
            organisation="IND", on=TODAY, force_before_due=True,
        )  # fmt: skip
        assert done.case_id == case_id
        assert service.verify_chain(store=store).ok
        assert service.verify_access_log(store=store).ok
        assert service.verify_projections(store=store).ok
    finally:
        store.engine.dispose()
    wal = tmp_path / "copy.db-wal"
    data = path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    assert surname.encode() not in data
    assert born.encode() not in data

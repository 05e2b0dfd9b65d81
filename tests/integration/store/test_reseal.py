"""``privacy reseal``: a case recorded before sealing (revision 0022), its personal fields in
clear, cannot be erased; resealed, its fields are sealed, its chain verifies with the old and
new heads on record, everything it shows is as before, and then it can be erased without trace.

The store of before is made from a store of now: the case's events opened, their chain computed
again over the clear fields and written back, and its key removed (what a store written before
revision 0022 holds)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from migrationpact.store.database import read_transaction, write_transaction
from migrationpact.store.eventstore import EventStore
from migrationpact.store.hashing import GENESIS, chain_hash
from migrationpact.store.privacy import ErasureRefusedError, erase_case, stored_records
from migrationpact.store.reseal import _rewritable, reseal_cases
from migrationpact.store.sealing import Keyring
from migrationpact.store.streams import CASE
from migrationpact.store.tables import chain_reseals, events, person_keys
from tests.integration.store.flows import chain, snapshot
from tests.integration.store.test_privacy import BORN, NAME, V_NUMBER, _everywhere, _load, _verified
from tests.support.cli import RunCli


def _as_recorded_before_sealing(store: EventStore, case_id: str) -> None:
    e = events.c
    with write_transaction(store.engine) as conn:
        stored = stored_records(conn, case_id)
        prev = GENESIS
        with _rewritable(conn):
            for record in Keyring().open_all(conn, stored):
                link = chain_hash(prev, replace(record, prev_hash=prev).chain_fields())
                conn.execute(
                    update(events)
                    .where(e.stream_type == CASE, e.case_id == case_id, e.seq == record.seq)
                    .values(payload=record.payload, prev_hash=prev, hash=link)
                )
                prev = link
        conn.execute(delete(person_keys).where(person_keys.c.case_id == case_id))


def _raw_payloads(store: EventStore, case_id: str) -> str:
    with read_transaction(store.engine) as conn:
        query = select(events.c.payload).where(events.c.case_id == case_id)
        return json.dumps([p for (p,) in conn.execute(query)])


def _opened(store: EventStore, case_id: str) -> list[dict[str, Any]]:
    return [r.payload for r in store.records(case_id)]


def test_a_case_recorded_in_clear_is_resealed_and_can_then_be_erased(
    store: EventStore, db_url: str
) -> None:
    _load(store)
    _as_recorded_before_sealing(store, "C-ER")
    _verified(store)  # a valid store of before
    assert NAME in _raw_payloads(store, "C-ER")
    with pytest.raises(ErasureRefusedError, match="in clear"):
        erase_case(store, case_id="C-ER", reason="r", actor="a", organisation="IND",
                   on=date(2036, 9, 11))  # fmt: skip
    before, links, opened = snapshot(store), chain(store), _opened(store, "C-ER")

    (planned,) = reseal_cases(store, actor="cli:operator", dry_run=True)
    assert (planned.case_id, planned.events, planned.sealed) == ("C-ER", 10, 3)
    assert chain(store) == links  # a dry run writes nothing

    (done,) = reseal_cases(store, actor="cli:operator")
    assert done == replace(planned, new_head=done.new_head)
    _verified(store)
    assert snapshot(store) == before  # the projections a replay gives are the same
    assert _opened(store, "C-ER") == opened  # the events read as they did
    assert NAME not in _raw_payloads(store, "C-ER")
    assert done.old_head == links[9][3]
    assert done.new_head == chain(store)[9][3] != done.old_head
    assert [row for row in chain(store) if row[0] == "C-KEEP"] == links[10:]  # untouched
    with read_transaction(store.engine) as conn:
        recorded = conn.execute(select(chain_reseals)).mappings().one()
    assert (recorded["case_id"], recorded["old_head"], recorded["new_head"]) == (
        "C-ER", done.old_head, done.new_head,
    )  # fmt: skip
    assert reseal_cases(store, actor="cli:operator") == []  # nothing left in clear

    erase_case(store, case_id="C-ER", reason="retention ended (test)", actor="privacy-officer",
               organisation="IND", on=date(2036, 9, 11))  # fmt: skip
    _verified(store)
    for needle in (NAME, BORN, V_NUMBER):
        assert not _everywhere(store, db_url, needle), needle


def test_the_record_of_reseals_is_append_only(store: EventStore) -> None:
    _load(store)
    _as_recorded_before_sealing(store, "C-KEEP")
    reseal_cases(store, actor="cli:operator")
    with pytest.raises(DBAPIError, match="append-only"), write_transaction(store.engine) as conn:
        conn.execute(text("UPDATE chain_reseals SET old_head = new_head"))


def test_the_command_reseals_after_a_dry_run_and_logs_each_case(
    store: EventStore, db_url: str, run_cli: RunCli
) -> None:
    _load(store)
    _as_recorded_before_sealing(store, "C-ER")
    dry = run_cli("privacy", "reseal", "--dry-run", "--database", db_url)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines()[0] == "1 case(s) would be resealed."
    assert "C-ER  3 of 10 event(s) sealed" in dry.stdout
    done = run_cli("privacy", "reseal", "--yes", "--format", "json", "--database", db_url)
    assert done.returncode == 0, done.stderr
    assert [c["case_id"] for c in json.loads(done.stdout)["cases"]] == ["C-ER"]
    with read_transaction(store.engine) as conn:
        logged = conn.execute(
            text("SELECT action, case_id FROM access_log WHERE action = 'privacy.reseal'")
        ).all()
    assert [tuple(row) for row in logged] == [("privacy.reseal", "C-ER")]
    verify = run_cli("audit", "verify", "--database", db_url)
    assert verify.returncode == 0, verify.stdout
    again = run_cli("privacy", "reseal", "--yes", "--database", db_url)
    assert again.stdout.splitlines()[0] == "0 case(s) resealed."

"""Resealing: the personal fields of events recorded before sealing, sealed after all.

Events recorded before revision 0022 hold their personal fields (names, date and place of
birth, V-number, notes: ``cases.personal``) in clear, and their hashes cover them, so destroying
a key cannot erase them (``store.privacy``). ``reseal_cases`` makes such a case as if its events
had been sealed when recorded, in one transaction for the whole store:

1. every case whose events hold a personal field in clear is found (none: nothing is written);
2. its fields are sealed with the case's key (made now if it has none), exactly as an append
   seals them (``store.sealing``), and the case's chain is computed again from the genesis
   value, each event's hash over its sealed payload;
3. the rows are rewritten in place (the append-only triggers of ``events`` are lifted for this
   transaction only and put back before it commits: on PostgreSQL this needs the tables' owner,
   ``MIGRATIONPACT_OWNER_DATABASE_URL``), and ``chain_reseals`` records per case the count of
   events, how many were sealed, and the chain's head before and after.

Nothing else changes: the event types, times, actors and order, the projections (which a
replay of the sealed events gives back unchanged), the keys of cases already sealed. ``audit
verify`` then checks the new chains; a head kept from before (a backup's, an export's) is found
in ``chain_reseals``. Afterwards ``privacy erase`` can erase these cases too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlalchemy import Connection, insert, select, text, update
from sqlalchemy.exc import DBAPIError

from migrationpact.store.database import is_sqlite, write_transaction
from migrationpact.store.errors import StoreError
from migrationpact.store.eventstore import EventStore
from migrationpact.store.hashing import GENESIS, chain_hash
from migrationpact.store.privacy import stored_records
from migrationpact.store.sealing import Keyring, has_plain_personal, seal_payload
from migrationpact.store.streams import CASE
from migrationpact.store.tables import chain_reseals, events


@dataclass(frozen=True)
class Reseal:
    """One case whose chain was rewritten."""

    case_id: str
    events: int
    sealed: int
    old_head: str
    new_head: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def plain_cases(conn: Connection) -> list[str]:
    """The cases whose events hold a personal field in clear, in case-id order."""
    e = events.c
    query = select(e.case_id, e.type, e.payload).where(e.stream_type == CASE).order_by(e.case_id)
    found: dict[str, None] = {}
    for case_id, type_, payload in conn.execute(query):
        if case_id not in found and has_plain_personal(type_, payload):
            found[case_id] = None
    return list(found)


def reseal_cases(store: EventStore, *, actor: str, dry_run: bool = False) -> list[Reseal]:
    """Seal the clear personal fields of every case that has some (see the module text); with
    ``dry_run``, what would be done (no new heads), nothing written."""
    at = store.clock()
    with write_transaction(store.engine) as conn:
        cases = plain_cases(conn)
        if not cases or dry_run:
            return [_resealed(conn, Keyring(), c, rewrite=False) for c in cases]
        keyring = Keyring()
        with _rewritable(conn):
            done = [_resealed(conn, keyring, c, rewrite=True) for c in cases]
        keyring.write_new(conn, cases, at)
        conn.execute(
            insert(chain_reseals),
            [{"at": at, "actor": actor, **r.to_dict()} for r in done],
        )
    return done


def _resealed(conn: Connection, keyring: Keyring, case_id: str, *, rewrite: bool) -> Reseal:
    """Reseal ``case_id`` (``rewrite``), or say what resealing would do: its new head is then
    empty, since sealing draws fresh nonces and the new hashes are known only when written."""
    stored = stored_records(conn, case_id)
    plain = [has_plain_personal(r.type, r.payload) for r in stored]
    if not rewrite:
        return Reseal(case_id, len(stored), sum(plain), stored[-1].hash, "")
    key = keyring.for_append(conn, case_id)
    prev = GENESIS
    for record, in_clear in zip(stored, plain, strict=True):
        payload = seal_payload(record.type, case_id, record.payload, key) if in_clear else None
        sealed = record if payload is None else replace(record, payload=payload)
        new_hash = chain_hash(prev, sealed.chain_fields())
        e = events.c
        conn.execute(
            update(events)
            .where(e.stream_type == CASE, e.case_id == case_id, e.seq == record.seq)
            .values(payload=sealed.payload, prev_hash=prev, hash=new_hash)
        )
        prev = new_hash
    return Reseal(case_id, len(stored), sum(plain), stored[-1].hash, prev)


@contextmanager
def _rewritable(conn: Connection) -> Iterator[None]:
    """Lift the append-only trigger on updates of ``events`` inside this transaction and put
    it back before it commits (a failure rolls back the transaction, the trigger with it)."""
    if is_sqlite(conn):
        (sql,) = conn.execute(
            text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :n"),
            {"n": "events_no_update"},
        ).one()
        conn.execute(text("DROP TRIGGER events_no_update"))
        yield
        conn.execute(text(sql))
        return
    try:
        conn.execute(text("ALTER TABLE events DISABLE TRIGGER events_append_only"))
    except DBAPIError as exc:
        raise StoreError(
            "resealing rewrites events: run it as the tables' owner "
            "(MIGRATIONPACT_OWNER_DATABASE_URL or --database)"
        ) from exc
    yield
    conn.execute(text("ALTER TABLE events ENABLE TRIGGER events_append_only"))

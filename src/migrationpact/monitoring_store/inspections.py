"""Inspections in the register: sealed, hash-chained streams beside the monitoring files.

An inspection is stored exactly as a file is (``register``): one row in ``monitor_files`` (its
reference, keeping body, status, last event number and hash), its events in ``monitor_events``
(sealed with a data key of their own, wrapped in ``monitor_keys`` for every body that may read
it, chained per stream), sharing in ``monitor_shares``; so ``monitor verify`` checks its chain
and key handling is the files'. What sets it apart: its references start with ``INS-`` (a file's
with ``MON-``) and its events are the inspections' own types, decided by
``monitoring.inspections.decide``. No new table or column is needed.

Every write is one transaction: the inspection is read and replayed with the keeper's key, the
new events are decided, sealed and chained, or — on any refusal — nothing is written.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, select

from migrationpact.monitoring.inspections.decide import decide, initial_inspection
from migrationpact.monitoring.inspections.events import parse_inspection_event
from migrationpact.monitoring.inspections.state import InspectionState
from migrationpact.monitoring_store.register import (
    _ALPHABET,
    Recorded,
    Register,
    _context,
)
from migrationpact.monitoring_store.sealing import SealError, open_sealed
from migrationpact.monitoring_store.tables import (
    monitor_events,
    monitor_files,
    monitor_keys,
    monitor_shares,
)
from migrationpact.store.database import read_transaction, write_transaction
from migrationpact.store.hashing import GENESIS

PREFIX = "INS-"


def new_inspection_reference() -> str:
    """A reference that says nothing about how many inspections there are: ``INS-XXXX-XXXX``."""
    letters = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"{PREFIX}{letters[:4]}-{letters[4:]}"


def is_inspection(reference: str) -> bool:
    return reference.startswith(PREFIX)


def inspection_references(
    register: Register, body: str, *, include_closed: bool = True
) -> list[str]:
    """The inspections ``body`` keeps or that are shared with it."""
    shared = select(monitor_shares.c.reference).where(monitor_shares.c.body == body)
    query = select(monitor_files.c.reference).where(
        monitor_files.c.reference.startswith(PREFIX),
        (monitor_files.c.body == body) | monitor_files.c.reference.in_(shared),
    )
    if not include_closed:
        query = query.where(monitor_files.c.status != "closed")
    with read_transaction(register.engine) as conn:
        return list(conn.execute(query.order_by(monitor_files.c.reference)).scalars())


def inspection_history(register: Register, reference: str, body: str) -> list[Recorded]:
    """The inspection's events, opened with ``body``'s key (it must be readable by it)."""
    with read_transaction(register.engine) as conn:
        return _history(register, conn, reference, body)


def inspection_state(register: Register, reference: str, body: str) -> InspectionState:
    """The inspection's state, replayed from its events opened with ``body``'s key."""
    state = initial_inspection(reference)
    for recorded in inspection_history(register, reference, body):
        state = decide(state, recorded.event)
    return state


def _history(register: Register, conn: Connection, reference: str, body: str) -> list[Recorded]:
    if not is_inspection(reference):
        raise LookupError(f"{reference} is not an inspection")
    kek = register.keys.key(body)
    rows = conn.execute(
        select(monitor_events, monitor_keys.c.wrapped)
        .join(
            monitor_keys,
            (monitor_keys.c.reference == monitor_events.c.reference)
            & (monitor_keys.c.seq == monitor_events.c.seq)
            & (monitor_keys.c.body == body),
        )
        .where(monitor_events.c.reference == reference)
        .order_by(monitor_events.c.seq)
    ).all()
    if [row.seq for row in rows] != list(range(1, len(rows) + 1)):
        raise SealError(f"{reference}: not every record has a key for {body}")
    opened = []
    for row in rows:
        plain = open_sealed(
            row.sealed, _context(row.reference, row.seq, row.type), row.wrapped, body, kek
        )
        event = parse_inspection_event(json.loads(plain))
        opened.append(Recorded(row.seq, row.type, row.recorded_at, row.actor, event))
    return opened


def create_inspection(
    register: Register, events: Sequence[Any], *, actor: str
) -> tuple[str, InspectionState]:
    """A new inspection of ``events`` (its plan first) under a new reference."""
    reference = new_inspection_reference()
    return reference, append_inspection(register, reference, events, actor=actor, new=True)


def append_inspection(
    register: Register,
    reference: str,
    events: Sequence[Any],
    *,
    actor: str,
    new: bool = False,
) -> InspectionState:
    """Decide, seal and chain ``events`` on the inspection, all or nothing."""
    # The sealing, chaining and sharing are the files' own (``Register``): one way to write a
    # record of the register, whatever stream it belongs to.
    with write_transaction(register.engine) as conn:
        row = None
        if not new:
            row = conn.execute(
                select(monitor_files)
                .where(monitor_files.c.reference == reference)
                .with_for_update()
            ).first()
            if row is None or not is_inspection(reference):
                raise LookupError(f"no inspection {reference}")
        state = initial_inspection(reference)
        readers: list[str] = []
        if row is not None:
            for recorded in _history(register, conn, reference, row.body):
                state = decide(state, recorded.event)
            if state.seq != row.seq:
                raise SealError(f"{reference}: {row.seq} events recorded, {state.seq} open")
            found = register.file_row(reference, conn)
            readers = [row.body, *(found.shared_with if found else ())]
        states = []
        for event in events:
            state = decide(state, event)
            states.append(state)
        keeper = state.body or ""
        readers = readers or [keeper]
        prev = row.last_hash if row is not None else GENESIS
        for event, after in zip(events, states, strict=True):
            if event.type == "inspection_shared":
                register._share(conn, reference, keeper, event.with_body)
                readers.append(event.with_body)
            prev = register._insert(conn, reference, after.seq, keeper, event, readers, actor, prev)
        register._save_row(conn, state, prev, new=row is None)  # type: ignore[arg-type]
        return state

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

import secrets
from collections.abc import Sequence
from typing import Any

from migrationpact.monitoring.inspections.decide import decide, initial_inspection
from migrationpact.monitoring.inspections.events import parse_inspection_event
from migrationpact.monitoring.inspections.state import InspectionState
from migrationpact.monitoring_store.register import _ALPHABET, Recorded, Register, StreamKind
from migrationpact.store.database import read_transaction, write_transaction

PREFIX = "INS-"

INSPECTIONS: StreamKind[InspectionState] = StreamKind(
    "inspection", PREFIX, initial_inspection, decide, parse_inspection_event, "inspection_shared"
)


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
    return register.stream_references(body, PREFIX, include_closed=include_closed)


def inspection_history(register: Register, reference: str, body: str) -> list[Recorded]:
    """The inspection's events, opened with ``body``'s key (it must be readable by it)."""
    if not is_inspection(reference):
        raise LookupError(f"{reference} is not an inspection")
    with read_transaction(register.engine) as conn:
        return register._history(conn, reference, body, INSPECTIONS.parse)


def inspection_state(register: Register, reference: str, body: str) -> InspectionState:
    """The inspection's state, replayed from its events opened with ``body``'s key."""
    state = initial_inspection(reference)
    for recorded in inspection_history(register, reference, body):
        state = decide(state, recorded.event)
    return state


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
    # The sealing, chaining and sharing are the files' own (``Register._write``): one way to
    # write a record of the register, whatever stream it belongs to.
    with write_transaction(register.engine) as conn:
        return register._write(conn, INSPECTIONS, reference, events, actor=actor, new=new)

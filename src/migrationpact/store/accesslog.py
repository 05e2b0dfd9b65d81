"""The access log: who looked at which personal data, when, and for what purpose.

Every read of a case (granted or refused) writes one row. Rows are only inserted: the table's
triggers refuse UPDATE and DELETE (migration 0003), and the API has no route that writes to it.
A read is logged in its own short transaction *before* the data is returned, so a response
with personal data never leaves without its log row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, insert, select

from migrationpact.access.model import Principal
from migrationpact.store.database import read_transaction, write_transaction
from migrationpact.store.eventstore import utc_now
from migrationpact.store.tables import access_log


@dataclass(frozen=True)
class AccessEntry:
    """One row of the access log."""

    at: datetime
    actor: str
    organisation: str
    role: str
    action: str
    resource: str
    case_id: str | None
    fields: tuple[str, ...]
    purpose: str
    outcome: str
    channel: str
    request_id: str | None = None
    id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat() + "Z",
            "actor": self.actor,
            "organisation": self.organisation,
            "role": self.role,
            "action": self.action,
            "resource": self.resource,
            "case_id": self.case_id,
            "fields": list(self.fields),
            "purpose": self.purpose,
            "outcome": self.outcome,
            "channel": self.channel,
            "request_id": self.request_id,
        }


def log_access(
    engine: Engine,
    *,
    principal: Principal,
    action: str,
    resource: str,
    purpose: str,
    granted: bool,
    case_id: str | None = None,
    fields: Sequence[str] = (),
    request_id: str | None = None,
    at: datetime | None = None,
) -> AccessEntry:
    """Write one access-log row in its own transaction and return it."""
    return write_entry(
        engine,
        AccessEntry(
            at=at or utc_now(),
            actor=principal.actor,
            organisation=principal.organisation.value,
            role=principal.role.value,
            action=action,
            resource=resource,
            case_id=case_id,
            fields=tuple(fields),
            purpose=purpose,
            outcome="granted" if granted else "denied",
            channel=principal.via,
            request_id=request_id,
        ),
    )


def log_operator_read(
    engine: Engine, *, operator: str, action: str, resource: str, purpose: str,
    case_id: str | None = None, fields: Sequence[str] = (),
) -> AccessEntry:  # fmt: skip
    """Log a read by an operator at the command line (no organisation; the OS user is named)."""
    return write_entry(
        engine,
        AccessEntry(
            at=utc_now(),
            actor=f"cli:{operator}",
            organisation="operator",
            role="operator",
            action=action,
            resource=resource,
            case_id=case_id,
            fields=tuple(fields),
            purpose=purpose,
            outcome="granted",
            channel="cli",
        ),
    )


def write_entry(engine: Engine, entry: AccessEntry) -> AccessEntry:
    """Insert ``entry`` in its own transaction."""
    row = entry.to_dict() | {"at": entry.at, "fields": list(entry.fields)}
    del row["id"]
    with write_transaction(engine) as conn:
        conn.execute(insert(access_log).values(**row))
    return entry


def access_entries(
    engine: Engine,
    *,
    case_id: str | None = None,
    actor: str | None = None,
    limit: int = 100,
    before: int | None = None,
) -> list[AccessEntry]:
    """The newest rows first, optionally for one case or one actor; ``before``: older than
    the row with that id (the next page)."""
    query = select(access_log).order_by(access_log.c.id.desc()).limit(limit)
    if case_id is not None:
        query = query.where(access_log.c.case_id == case_id)
    if actor is not None:
        query = query.where(access_log.c.actor == actor)
    if before is not None:
        query = query.where(access_log.c.id < before)
    with read_transaction(engine) as conn:
        rows = conn.execute(query).mappings().all()
    # The table's columns are the entry's fields; only ``fields`` comes back as a JSON list.
    return [AccessEntry(**{**m, "fields": tuple(m["fields"])}) for m in rows]

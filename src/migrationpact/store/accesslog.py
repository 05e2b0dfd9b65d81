"""The access log: who looked at which personal data, when, and for what purpose.

Every read of a case (granted or refused) writes one row. Rows are only inserted: the table's
triggers refuse UPDATE, DELETE, REPLACE and TRUNCATE (revisions 0003 and 0009), the service's
database role may only INSERT and SELECT (docs/store.md, "Database roles"), and the API has no
route that writes to it. A read is logged in its own short transaction *before* the data is
returned, so a response with personal data never leaves without its log row.

The rows are hash-chained like the events: ``hash = sha256(prev_hash + canonical fields)``
(``hashing.access_fields``), each row chained to the one inserted before it (by id), the first
to ``GENESIS``. Appends to the chain are serialised so that two writers never chain to the same
row: SQLite's write lock (``BEGIN IMMEDIATE``) and, on PostgreSQL, a transaction-level advisory
lock taken before the last row is read. ``verify_access_log`` walks the chain and names the
first row whose link does not hold: an edited, inserted or deleted row (but the last) is found,
even when the triggers were bypassed by the tables' owner.

A row of a monitoring body (the Inspectie JenV, the College voor de Rechten van de Mens) is
sealed on its way in (``sealed_reads``): what it says is encrypted to the body's public key and
its clear columns say only that a monitoring body read; without that key the read is refused.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial
from typing import Any
from weakref import ReferenceType, WeakKeyDictionary, ref

from sqlalchemy import JSON, Column, Connection, DateTime, Engine, String, insert, select, text

from migrationpact.access.model import Principal
from migrationpact.jsontext import dumps
from migrationpact.store.database import read_transaction, utc_now, write_transaction
from migrationpact.store.groupcommit import GroupCommit
from migrationpact.store.hashing import GENESIS, access_fields, chain_hash
from migrationpact.store.sealed_reads import SEALED, SEALED_ROLE, is_sealed_for, seal_record
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
    prev_hash: str = ""
    hash: str = ""

    def computed_hash(self, prev_hash: str) -> str:
        """The hash this row has when chained to ``prev_hash``."""
        fields = {k: v for k, v in self.to_dict().items() if k not in ("id", "at")}
        return chain_hash(prev_hash, access_fields(**fields, at=self.at))

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


def log_operator_action(
    engine: Engine, *, operator: str, action: str, resource: str, purpose: str,
    case_id: str | None = None, fields: Sequence[str] = (), outcome: str = "granted",
) -> AccessEntry:  # fmt: skip
    """Log what an operator did at the command line: a read, or an action on the service (no
    organisation; the operating-system account is named)."""
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
            outcome=outcome,
            channel="cli",
        ),
    )


def write_entry(engine: Engine, entry: AccessEntry) -> AccessEntry:
    """Insert ``entry`` in its own transaction, chained to the last row; returns it with its
    links."""
    return write_entries(engine, [entry])[0]


def write_entries(engine: Engine, entries: Sequence[AccessEntry]) -> list[AccessEntry]:
    """Insert ``entries`` in one transaction, in order, each chained to the row before (a list
    that shows personal data of many cases logs one row per case at once); returns them with
    their links once they are committed.

    Concurrent callers in one process share a transaction (``groupcommit``): the chain is one
    line through the whole log, so its writers take turns, and one turn for many callers'
    rows costs about what one caller's did.

    A monitoring body's entries are sealed first, outside the shared transaction, so that a
    read refused for want of the body's public key fails its own caller only.
    """
    return _writer(engine).submit([sealed(entry) for entry in entries])


def sealed(entry: AccessEntry) -> AccessEntry:
    """``entry`` as it is written: sealed when a monitoring body read (``sealed_reads``), else
    itself; ``UnsealedReadError`` when the body's public key is not configured."""
    if not is_sealed_for(entry.organisation, entry.channel):
        return entry
    record = {k: v for k, v in entry.to_dict().items() if k not in ("id", "at")}
    token = seal_record(record, entry.organisation, entry.at)
    return replace(
        entry, actor=SEALED, organisation=SEALED, role=SEALED_ROLE, action=SEALED,
        resource=SEALED, case_id=None, fields=(token,), purpose=SEALED, outcome=SEALED,
        channel=SEALED, request_id=None,
    )  # fmt: skip


def _writer(engine: Engine) -> GroupCommit[Sequence[AccessEntry], list[AccessEntry]]:
    """The group commit of ``engine``'s access-log writes (one per engine and process). It
    holds the engine weakly: a strong reference from the value would keep the key, and so the
    engine, alive for ever (one kept for every store a process opened)."""
    with _writers_lock:
        found = _writers.get(engine)
        if found is None:
            found = _writers[engine] = GroupCommit(partial(_write_batch, ref(engine)))
        return found


_writers: WeakKeyDictionary[Engine, GroupCommit[Sequence[AccessEntry], list[AccessEntry]]]
_writers = WeakKeyDictionary()
_writers_lock = threading.Lock()


def _write_batch(
    engine: ReferenceType[Engine], batch: Sequence[Sequence[AccessEntry]]
) -> list[list[AccessEntry]]:
    alive = engine()
    assert alive is not None, "written through an engine its caller holds"
    with write_transaction(alive) as conn:
        return chain_entries(conn, batch)


def chain_entries(
    conn: Connection, batch: Sequence[Sequence[AccessEntry]]
) -> list[list[AccessEntry]]:
    """Chain every caller's entries, in order, and insert them in ``conn``'s transaction,
    which holds the chain's lock from here to its end: call it last before the commit."""
    linked: list[list[AccessEntry]] = []
    rows: list[dict[str, Any]] = []
    prev = _chain_head(conn)
    for entries in batch:
        mine = []
        for entry in map(sealed, entries):
            link = replace(entry, prev_hash=prev, hash=entry.computed_hash(prev))
            row = link.to_dict() | {"at": entry.at, "fields": list(entry.fields)}
            del row["id"]
            rows.append(row | {"prev_hash": prev, "hash": link.hash})
            mine.append(link)
            prev = link.hash
        linked.append(mine)
    if rows:
        _insert(conn, rows)
    return linked


#: The PostgreSQL type the values of a column type arrive as: text without a length for
#: strings, so that a value too long for its column is refused by the insert, never cut short.
_ARRIVING_AS = {String: "text", DateTime: "timestamp", JSON: "json"}


def _arriving_as(column: Column[Any]) -> str:
    return next(kind for base, kind in _ARRIVING_AS.items() if isinstance(column.type, base))


#: The columns written (all but the ``id`` the database numbers) and their types on arrival.
_COLUMNS = {c.name: _arriving_as(c) for c in access_log.columns if c.name != "id"}
_NAMES = ", ".join(_COLUMNS)
#: All rows in one statement of one shape whatever their number (so the server prepares it
#: once): a column of values per parameter, unnested into rows in the order given, which is
#: the order ``id`` numbers them in.
_UNNEST = text(
    f"INSERT INTO access_log ({_NAMES}) SELECT {_NAMES} FROM unnest("
    + ", ".join(f"CAST(:{name} AS {kind}[])" for name, kind in _COLUMNS.items())
    + f") WITH ORDINALITY AS given({_NAMES}, n) ORDER BY n"
)


def _insert(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` in order, numbered (``id``) in the chain's order, with one statement.

    On PostgreSQL the statement is the same for one row or fifty (``_UNNEST``); a list that
    shows fifty cases used to cost fifty inserts. SQLite takes them as one ``executemany``.
    """
    if conn.dialect.name != "postgresql":
        conn.execute(insert(access_log), rows)
        return
    columns: dict[str, list[Any]] = {name: [] for name in _COLUMNS}
    for row in rows:
        for name, values in columns.items():
            values.append(dumps(row[name]) if name == "fields" else row[name])
    conn.execute(_UNNEST, columns)


def _chain_head(conn: Connection) -> str:
    """The hash of the last row, under a lock that makes every other writer wait for this
    transaction (SQLite: the transaction's write lock already does)."""
    if conn.dialect.name == "postgresql":
        conn.execute(_LOCK)
    found: str | None = conn.execute(_HEAD).scalar_one_or_none()
    return GENESIS if found is None else found


# Built once: a statement made anew for every write costs its construction and cache key.
_LOCK = text("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.access_log'))")
_HEAD = select(access_log.c.hash).order_by(access_log.c.id.desc()).limit(1)


@dataclass(frozen=True)
class AccessLogReport:
    """What ``verify_access_log`` found: the rows walked and the first broken one, if any."""

    rows: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None

    def describe(self) -> str:
        return f"access log row {self.broken_id}: {self.reason}"


def verify_access_log(engine: Engine) -> AccessLogReport:
    """Walk the access log in id order; the first row whose link does not hold, if any."""
    prev = GENESIS
    count = 0
    query = select(access_log).order_by(access_log.c.id).execution_options(yield_per=2000)
    with read_transaction(engine, snapshot=True) as conn:
        for row in conn.execute(query).mappings():
            count += 1
            entry = _entry(row)
            if row["prev_hash"] != prev:
                reason = "prev_hash is not the previous row's hash (a row was removed or added)"
                return AccessLogReport(count, entry.id, reason)
            if entry.computed_hash(prev) != row["hash"]:
                reason = "the stored fields do not give the stored hash (the row was altered)"
                return AccessLogReport(count, entry.id, reason)
            prev = row["hash"]
    return AccessLogReport(count)


def _entry(row: Any) -> AccessEntry:
    # The table's columns are the entry's fields; only ``fields`` comes back as a JSON list.
    return AccessEntry(**{**row, "fields": tuple(row["fields"])})


def access_entries(
    engine: Engine,
    *,
    case_id: str | None = None,
    actor: str | None = None,
    limit: int = 100,
    before: int | None = None,
    offset: int = 0,
    hidden_organisations: Collection[str] = (),
) -> list[AccessEntry]:
    """The newest rows first, optionally for one case or one actor; ``before``: older than
    the row with that id (the next page), or ``offset``: after that many rows. Rows of
    ``hidden_organisations`` are left out (``access.policy.hidden_in_access_log``: the
    monitors' reads, for everyone else)."""
    query = select(access_log).order_by(access_log.c.id.desc()).limit(limit).offset(offset)
    if hidden_organisations:
        query = query.where(access_log.c.organisation.not_in(sorted(hidden_organisations)))
    if case_id is not None:
        query = query.where(access_log.c.case_id == case_id)
    if actor is not None:
        query = query.where(access_log.c.actor == actor)
    if before is not None:
        query = query.where(access_log.c.id < before)
    with read_transaction(engine) as conn:
        rows = conn.execute(query).mappings().all()
    return [_entry(m) for m in rows]

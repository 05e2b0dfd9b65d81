"""The register: monitoring files as sealed, append-only, hash-chained events per file.

``Register.open(url, keys)`` connects to the register's own database (``register_url``: the
given URL, else ``$MIGRATIONPACT_MONITOR_DATABASE_URL``, else the SQLite file
``./migrationpact-monitor.db``) and creates its tables if missing. Every write is one
transaction: the file's events so far are opened with the keeper's key and replayed, each new
event is decided (``monitoring.decide``; a refusal writes nothing), sealed with a data key of
its own wrapped for every body that may read the file, and chained to the one before. Sharing a
file wraps the data keys of its earlier records for the other body as well.

The hash of an event covers its reference, number, type, keeping body, recording time (UTC),
actor and sealed bytes (``monitor_fields``; ``store.hashing``'s canonical JSON from
``GENESIS``), so ``verify`` checks every chain without any key, and a changed byte shows.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import Connection, Engine, Row, insert, select, update

from migrationpact.monitoring.decide import decide, initial_file
from migrationpact.monitoring.events import event_data, parse_monitoring_event
from migrationpact.monitoring.state import FileState
from migrationpact.monitoring_store import attachments as attachment_store
from migrationpact.monitoring_store.keys import KeyRing
from migrationpact.monitoring_store.sealing import SealError, open_sealed, seal, unwrap, wrap
from migrationpact.monitoring_store.tables import (
    ensure_schema,
    monitor_events,
    monitor_files,
    monitor_keys,
    monitor_reads,
    monitor_shares,
)
from migrationpact.store.database import (
    make_engine,
    normalise_url,
    read_transaction,
    utc_now,
    write_transaction,
)
from migrationpact.store.hashing import GENESIS, canonical_json, chain_hash, utc_text

ENV_URL = "MIGRATIONPACT_MONITOR_DATABASE_URL"
DEFAULT_URL = "sqlite:///./migrationpact-monitor.db"
#: Letters of a reference: no 0/O or 1/I, so one read aloud or copied by hand stays right.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def register_url(url: str | None = None) -> str:
    return normalise_url(url or os.environ.get(ENV_URL) or DEFAULT_URL)


def new_reference() -> str:
    """A reference that says nothing about how many files there are: ``MON-XXXX-XXXX``."""
    letters = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"MON-{letters[:4]}-{letters[4:]}"


def monitor_fields(
    *,
    reference: str,
    seq: int,
    type: str,
    body: str,
    recorded_at: datetime,
    actor: str,
    sealed: str,
) -> dict[str, Any]:
    """The fields of one event row its hash covers."""
    return {
        "reference": reference,
        "seq": seq,
        "type": type,
        "body": body,
        "recorded_at": utc_text(recorded_at),
        "actor": actor,
        "sealed": sealed,
    }


def _context(reference: str, seq: int, type_: str) -> str:
    return f"{reference}|{seq}|{type_}"


@dataclass(frozen=True)
class Recorded:
    """One event of a file as a reader gets it: opened, with who recorded it and when."""

    seq: int
    type: str
    recorded_at: datetime
    actor: str
    event: Any


class StreamState(Protocol):
    """What the register's row of a stream is kept from, whatever kind the stream is."""

    @property
    def reference(self) -> str: ...
    @property
    def body(self) -> str | None: ...
    @property
    def status(self) -> str | None: ...
    @property
    def seq(self) -> int: ...


S = TypeVar("S", bound=StreamState)


@dataclass(frozen=True)
class StreamKind(Generic[S]):
    """A kind of stream the register keeps in its tables (files; ``inspections``): what its
    references start with, how its records are read and its events decided, and which event
    type shares it with the other body. Every kind is written by ``Register._write``."""

    name: str
    prefix: str
    initial: Callable[[str], S]
    decide: Callable[[S, Any], S]
    parse: Callable[[Any], Any]
    share_type: str


FILES: StreamKind[FileState] = StreamKind(
    "monitoring file", "MON-", initial_file, decide, parse_monitoring_event, "shared"
)


@dataclass(frozen=True)
class FileRow:
    reference: str
    body: str
    status: str
    seq: int
    shared_with: tuple[str, ...]

    def readable_by(self, body: str) -> bool:
        return body == self.body or body in self.shared_with


class Register:
    """The register's database and the keys this process holds."""

    def __init__(
        self, engine: Engine, keys: KeyRing, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.engine = engine
        self.keys = keys
        self.clock = clock

    @classmethod
    def open(cls, url: str | None = None, keys: KeyRing | None = None) -> Register:
        engine = make_engine(register_url(url))
        with write_transaction(engine) as conn:
            ensure_schema(conn)
        return cls(engine, keys if keys is not None else KeyRing.load())

    # -- reading ---------------------------------------------------------------------------

    def file_row(self, reference: str, conn: Connection | None = None) -> FileRow | None:
        """The file's row (no personal data), or None: there is no such file."""
        if conn is None:
            with read_transaction(self.engine) as own:
                return self.file_row(reference, own)
        row = conn.execute(
            select(monitor_files).where(monitor_files.c.reference == reference)
        ).first()
        if row is None:
            return None
        shares = conn.execute(
            select(monitor_shares.c.body)
            .where(monitor_shares.c.reference == reference)
            .order_by(monitor_shares.c.body)
        ).scalars()
        return FileRow(row.reference, row.body, row.status, row.seq, tuple(shares))

    def references(self, body: str, *, include_closed: bool = False) -> list[str]:
        """The files ``body`` keeps or that are shared with it."""
        return self.stream_references(body, FILES.prefix, include_closed=include_closed)

    def stream_references(
        self, body: str, prefix: str, *, include_closed: bool = False
    ) -> list[str]:
        """The streams under ``prefix`` (each kind has its own: ``MON-``, ``INS-``) that
        ``body`` keeps or that are shared with it."""
        shared = select(monitor_shares.c.reference).where(monitor_shares.c.body == body)
        query = select(monitor_files.c.reference).where(
            (monitor_files.c.body == body) | monitor_files.c.reference.in_(shared),
            monitor_files.c.reference.startswith(prefix),
        )
        if not include_closed:
            query = query.where(monitor_files.c.status != "closed")
        with read_transaction(self.engine) as conn:
            return list(conn.execute(query.order_by(monitor_files.c.reference)).scalars())

    def history(self, reference: str, body: str) -> list[Recorded]:
        """The file's events, opened with ``body``'s key (the file must be readable by it)."""
        with read_transaction(self.engine) as conn:
            return self._history(conn, reference, body)

    def _history(
        self,
        conn: Connection,
        reference: str,
        body: str,
        parse: Callable[[Any], Any] = parse_monitoring_event,
    ) -> list[Recorded]:
        kek = self.keys.key(body)
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
            # A record without a key for this body (removed, or never wrapped) would make the
            # replay skip an event silently.
            raise SealError(f"{reference}: not every record has a key for {body}")
        return [self._opened(row, body, kek, parse) for row in rows]

    @staticmethod
    def _opened(row: Row[Any], body: str, kek: bytes, parse: Callable[[Any], Any]) -> Recorded:
        context = _context(row.reference, row.seq, row.type)
        plain = open_sealed(row.sealed, context, row.wrapped, body, kek)
        return Recorded(row.seq, row.type, row.recorded_at, row.actor, parse(json.loads(plain)))

    def state(self, reference: str, body: str) -> FileState:
        """The file's state, replayed from its events opened with ``body``'s key."""
        state = initial_file(reference)
        for recorded in self.history(reference, body):
            state = decide(state, recorded.event)
        return state

    # -- writing ---------------------------------------------------------------------------

    def create(
        self, events: Sequence[Any], *, actor: str, attachments: Sequence[bytes] = ()
    ) -> tuple[str, FileState]:
        """A new file of ``events`` (a signal and its routing), under a new reference; the
        routing names the body that keeps it and whose key seals it. ``attachments`` are the
        signal's files, sealed with its record's data key in the same transaction."""
        reference = new_reference()
        state = self.append(reference, events, actor=actor, new=True, attachments=attachments)
        return reference, state

    def append(
        self,
        reference: str,
        events: Sequence[Any],
        *,
        actor: str,
        new: bool = False,
        attachments: Sequence[bytes] = (),
    ) -> FileState:
        """Decide, seal and chain ``events`` on the file, all or nothing."""
        with write_transaction(self.engine) as conn:
            state = self._write(conn, FILES, reference, events, actor=actor, new=new)
            if attachments:
                keeper = state.body or ""
                attachment_store.store(
                    conn, reference=reference, seq=1, body=keeper,
                    kek=self.keys.key(keeper), blobs=attachments,
                )  # fmt: skip
            return state

    def _write(
        self,
        conn: Connection,
        kind: StreamKind[S],
        reference: str,
        events: Sequence[Any],
        *,
        actor: str,
        new: bool,
    ) -> S:
        """Decide, seal and chain ``events`` on a stream of ``kind`` in ``conn``'s transaction."""
        row = None
        if not new:
            row = conn.execute(
                select(monitor_files)
                .where(monitor_files.c.reference == reference)
                .with_for_update()
            ).first()
            if row is None or not reference.startswith(kind.prefix):
                raise LookupError(f"no {kind.name} {reference}")
        state = kind.initial(reference)
        readers: list[str] = []
        if row is not None:
            for recorded in self._history(conn, reference, row.body, kind.parse):
                state = kind.decide(state, recorded.event)
            if state.seq != row.seq:
                raise SealError(f"{reference}: {row.seq} events recorded, {state.seq} open")
            readers = [row.body, *(self.file_row(reference, conn) or _NO_ROW).shared_with]
        # Decided first, all of them: a new stream's keeper is known from its first events
        # (a file's routing, an inspection's plan), and they are sealed for that body.
        states = []
        for event in events:
            state = kind.decide(state, event)
            states.append(state)
        keeper = state.body or ""
        readers = readers or [keeper]
        prev = row.last_hash if row is not None else GENESIS
        for event, after in zip(events, states, strict=True):
            if event.type == kind.share_type:
                self._share(conn, reference, keeper, event.with_body)
                readers.append(event.with_body)
            prev = self._insert(conn, reference, after.seq, keeper, event, readers, actor, prev)
        self._save_row(conn, state, prev, new=row is None)
        return state

    def _insert(
        self,
        conn: Connection,
        reference: str,
        seq: int,
        body: str,
        event: Any,
        readers: Iterable[str],
        actor: str,
        prev: str,
    ) -> str:
        context = _context(reference, seq, event.type)
        plain = canonical_json(event_data(event)).encode("utf-8")
        sealed, wraps = seal(plain, context, {b: self.keys.key(b) for b in readers})
        at = self.clock()
        fields = monitor_fields(
            reference=reference, seq=seq, type=event.type, body=body, recorded_at=at,
            actor=actor, sealed=sealed,
        )  # fmt: skip
        link = chain_hash(prev, fields)
        conn.execute(
            insert(monitor_events).values(
                reference=reference,
                seq=seq,
                type=event.type,
                body=body,
                recorded_at=at,
                actor=actor,
                sealed=sealed,
                prev_hash=prev,
                hash=link,
            )
        )
        conn.execute(
            insert(monitor_keys),
            [
                {"reference": reference, "seq": seq, "body": b, "wrapped": w}
                for b, w in wraps.items()
            ],
        )
        return link

    def _share(self, conn: Connection, reference: str, keeper: str, other: str) -> None:
        """Wrap the data key of every earlier record of the file for ``other`` as well."""
        kek, other_kek = self.keys.key(keeper), self.keys.key(other)
        rows = conn.execute(
            select(monitor_events.c.seq, monitor_events.c.type, monitor_keys.c.wrapped)
            .join(
                monitor_keys,
                (monitor_keys.c.reference == monitor_events.c.reference)
                & (monitor_keys.c.seq == monitor_events.c.seq)
                & (monitor_keys.c.body == keeper),
            )
            .where(monitor_events.c.reference == reference)
        ).all()
        added = []
        for row in rows:
            context = _context(reference, row.seq, row.type)
            data_key = unwrap(row.wrapped, context, keeper, kek)
            added.append(
                {"reference": reference, "seq": row.seq, "body": other,
                 "wrapped": wrap(data_key, context, other, other_kek)}
            )  # fmt: skip
        if added:
            conn.execute(insert(monitor_keys), added)
        conn.execute(insert(monitor_shares).values(reference=reference, body=other))

    def _save_row(self, conn: Connection, state: StreamState, last: str, *, new: bool) -> None:
        values = {
            "body": state.body or "",
            "status": state.status or "received",
            "seq": state.seq,
            "last_hash": last,
            "updated_at": self.clock(),
        }
        if new:
            conn.execute(insert(monitor_files).values(reference=state.reference, **values))
        else:
            conn.execute(
                update(monitor_files)
                .where(monitor_files.c.reference == state.reference)
                .values(**values)
            )

    # -- the register's own log of reads, and the check of the chains ------------------------

    def log_read(
        self, *, actor: str, organisation: str, action: str, reference: str | None, outcome: str
    ) -> None:
        with write_transaction(self.engine) as conn:
            conn.execute(
                insert(monitor_reads).values(
                    at=self.clock(),
                    actor=actor,
                    organisation=organisation,
                    action=action,
                    reference=reference,
                    outcome=outcome,
                )
            )

    def verify(self) -> list[str]:
        """Every break in the files' hash chains (empty: all intact); needs no key."""
        problems: list[str] = []
        with read_transaction(self.engine, snapshot=True) as conn:
            rows = conn.execute(
                select(monitor_events).order_by(monitor_events.c.reference, monitor_events.c.seq)
            ).all()
            last = {r.reference: (r.seq, r.last_hash) for r in conn.execute(select(monitor_files))}
        chains: dict[str, tuple[int, str]] = {}
        for row in rows:
            seq, prev = chains.get(row.reference, (0, GENESIS))
            fields = monitor_fields(
                reference=row.reference, seq=row.seq, type=row.type, body=row.body,
                recorded_at=row.recorded_at, actor=row.actor, sealed=row.sealed,
            )  # fmt: skip
            where = f"{row.reference} event {row.seq}"
            if row.seq != seq + 1:
                problems.append(f"{where}: follows event {seq}")
            if row.prev_hash != prev:
                problems.append(f"{where}: does not chain to the event before it")
            if chain_hash(row.prev_hash, fields) != row.hash:
                problems.append(f"{where}: its hash does not match its contents")
            chains[row.reference] = (row.seq, row.hash)
        for reference, (seq, link) in sorted(last.items()):
            if chains.get(reference) != (seq, link):
                problems.append(f"{reference}: the file's last event is not its chain's end")
        return problems


_NO_ROW = FileRow("", "", "", 0, ())

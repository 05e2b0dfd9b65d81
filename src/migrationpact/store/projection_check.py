"""Checking the projections against a replay: are the stored rows the rows a rebuild would write?

The projections (``case_states``, ``deadlines``, ``stream_states``, and any table a projector of
a kind owns) are derived data: the API and the worklist answer from them, so a row changed
behind the store's back (``UPDATE case_states SET stage = 'closed'``) changes what people are
shown while every hash chain still holds. ``compare_projections`` replays every stream from its
events (``rebuild.stream_rows``: the rows ``store rebuild`` writes, computed without writing) and
compares them with the stored rows, streams in chunks, in one snapshot; it names the first
difference: a row that differs (and in which column), a row missing, or a row a replay does not
give (also one of a stream that has no events). JSON columns are compared as canonical JSON.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Connection, Engine, Table, select

from migrationpact.law.law import Law
from migrationpact.store.database import read_transaction
from migrationpact.store.hashing import canonical_json
from migrationpact.store.rebuild import by_case, opened, stream, stream_rows
from migrationpact.store.records import EventRecord
from migrationpact.store.streams import kind, kinds

_CHUNK = 500


@dataclass(frozen=True)
class ProjectionReport:
    """Streams compared, and the first difference found (None: the projections are a replay)."""

    streams: int
    difference: str | None = None

    @property
    def ok(self) -> bool:
        return self.difference is None


def _id_column(table: Table) -> str:
    """The column naming a row's stream: the one the table names (``info["stream_column"]``:
    ``reception_residents.site_id``), ``case_id``, ``stream_id``, or else the table's first
    key column (``reception_sites.site_id``)."""
    if "stream_column" in table.info:
        return str(table.info["stream_column"])
    for name in ("case_id", "stream_id"):
        if name in table.c:
            return name
    return str(next(iter(table.primary_key.columns)).name)


def _key(table: Table, row: Any) -> tuple[Any, ...]:
    return tuple(row[c.name] for c in table.primary_key.columns)


def _normal(table: Table, row: Any) -> dict[str, Any]:
    return {
        c.name: canonical_json(row[c.name]) if isinstance(c.type, JSON) else row[c.name]
        for c in table.columns
    }


def _stored(conn: Connection, table: Table, stream_type: str, ids: list[str]) -> list[Any]:
    query = select(table).where(table.c[_id_column(table)].in_(ids))
    if "stream_type" in table.c:
        query = query.where(table.c.stream_type == stream_type)
    return list(conn.execute(query).mappings())


def _compare(table: Table, stream_id: str, expected: list[Any], stored: list[Any]) -> str | None:
    """The first difference between the replayed and the stored rows of one stream."""
    want = {_key(table, r): _normal(table, r) for r in expected}
    have = {_key(table, r): _normal(table, r) for r in stored}
    where = f"{table.name} of {stream_id}"
    for key, row in want.items():
        found = have.get(key)
        if found is None:
            return f"{where}: row {key} is missing (a replay gives it)"
        for column, value in row.items():
            if found[column] != value:
                return (
                    f"{where}: row {key} column {column} is {found[column]!r}, "
                    f"a replay gives {value!r}"
                )
    extra = sorted(set(have) - set(want), key=repr)
    if extra:
        return f"{where}: row {extra[0]} is stored but a replay does not give it"
    return None


def _chunks(conn: Connection) -> Iterator[list[tuple[str, Sequence[EventRecord]]]]:
    chunk: list[tuple[str, Sequence[EventRecord]]] = []
    for stream_id, records in opened(conn, by_case(stream(conn, None))):
        chunk.append((stream_id, records))
        if len(chunk) >= _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def compare_projections(engine: Engine, law: Law) -> ProjectionReport:
    """Replay every stream and compare its projection rows with the stored ones."""
    count = 0
    seen: set[tuple[str, str]] = set()
    with read_transaction(engine, snapshot=True) as conn:
        for chunk in _chunks(conn):
            by_kind: dict[str, list[tuple[str, Sequence[EventRecord]]]] = {}
            for stream_id, records in chunk:
                by_kind.setdefault(records[0].stream_type, []).append((stream_id, records))
            for stream_type, streams in by_kind.items():
                found = _check_kind(conn, stream_type, streams, law)
                count += len(streams)
                seen.update((stream_type, stream_id) for stream_id, _ in streams)
                if found is not None:
                    return ProjectionReport(count, found)
        orphan = _orphan(conn, seen)
    return ProjectionReport(count, orphan)


def _check_kind(
    conn: Connection,
    stream_type: str,
    streams: list[tuple[str, Sequence[EventRecord]]],
    law: Law,
) -> str | None:
    ids = [stream_id for stream_id, _ in streams]
    tables = {p.table.name: p.table for p in kind(stream_type).projectors}
    stored: dict[str, dict[str, list[Any]]] = {}
    for name, table in tables.items():
        for row in _stored(conn, table, stream_type, ids):
            stored.setdefault(name, {}).setdefault(row[_id_column(table)], []).append(row)
    for stream_id, records in streams:
        for name, rows in stream_rows(records, law).items():
            have = stored.get(name, {}).get(stream_id, [])
            found = _compare(tables[name], stream_id, rows, have)
            if found is not None:
                return found
    return None


def _orphan(conn: Connection, seen: set[tuple[str, str]]) -> str | None:
    """A projection row of a stream that has no events, if any."""
    for k in kinds():
        for projector in k.projectors:
            table = projector.table
            query = select(table.c[_id_column(table)]).distinct()
            if "stream_type" in table.c:
                query = query.where(table.c.stream_type == k.name)
            for stream_id in conn.execute(query).scalars():
                if (k.name, stream_id) not in seen:
                    return f"{table.name} of {stream_id}: stored, but the stream has no events"
    return None

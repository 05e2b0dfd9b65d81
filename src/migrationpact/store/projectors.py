"""Projectors: the tables kept in step with one kind of stream, registered once.

A *projector* owns one table derived from the states of one kind of stream (``streams``): the
rows one stream's state gives (``rows``), and how an append brings the table up to date
(``write``, given what changed in the transaction). The append path (``unit_of_work``) and the
rebuild (``rebuild``) both loop over the projectors registered for a kind, so a new table for
cases, reception sites or monitoring files is one class and one line in its kind's list, and a
rebuild recreates it like every other.

The case kind has four: ``CaseStates`` (one row per case: the state document and the columns
lists filter on), ``Deadlines`` (one row per deadline entry, for the worklist; an append
writes only the rows its events added or changed), ``CasePeople`` (one row per case: its
person's pseudonym, V-number and names, for search; written only when the person changed) and
``store.facts.CaseFacts`` (the facts Eurostat's tables count, one row each).
``StreamStates`` keeps the state of any other kind of stream in the shared ``stream_states``
table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Connection, Table, bindparam, delete, insert, update

from migrationpact.cases.codec import to_json
from migrationpact.cases.state import CaseState
from migrationpact.jsontext import dumps
from migrationpact.law.law import Law
from migrationpact.store.people import person_row, referral_of
from migrationpact.store.projections import changed_entries, deadline_row, state_row
from migrationpact.store.tables import case_people, case_states, deadlines, stream_states

_CHUNK = 500


@dataclass(frozen=True)
class Change:
    """One stream as a transaction changed it: its state before (None: a new stream) and after."""

    stream_id: str
    before: Any
    after: Any
    updated_at: datetime


class Projector(Protocol):
    """One table derived from the states of one kind of stream."""

    @property
    def table(self) -> Table:
        """The table this projector owns (a rebuild empties it and fills it again)."""
        ...

    def rows(
        self, stream_id: str, state: Any, updated_at: datetime, law: Law, *, text: bool = False
    ) -> list[dict[str, Any]]:
        """The table's rows for one stream's state (``text``: JSON columns as JSON text)."""
        ...

    def write(self, conn: Connection, changes: Sequence[Change], law: Law) -> None:
        """Bring the table up to date with the streams an append changed."""
        ...


def _chunks(items: Sequence[Any]) -> Any:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _write_case_rows(
    conn: Connection,
    table: Table,
    changes: Sequence[Change],
    row_of: Callable[[Change], dict[str, Any]],
) -> None:
    """Write the one row per case of ``table`` of each change: inserted for a new case, else
    updated by its ``case_id``."""
    fresh = [row_of(c) for c in changes if c.before is None]
    for chunk in _chunks(fresh):
        conn.execute(insert(table), chunk)
    for c in changes:
        if c.before is not None:
            row = row_of(c)
            del row["case_id"]
            conn.execute(update(table).where(table.c.case_id == c.stream_id).values(**row))


class CaseStates:
    """``case_states``: one row per case, its state document and the columns lists filter on."""

    table = case_states

    def rows(
        self,
        stream_id: str,
        state: CaseState,
        updated_at: datetime,
        law: Law,
        *,
        text: bool = False,
    ) -> list[dict[str, Any]]:
        data = to_json(state) if text else None
        return [state_row(state, updated_at=updated_at, data=data)]

    def write(self, conn: Connection, changes: Sequence[Change], law: Law) -> None:
        _write_case_rows(
            conn, case_states, changes, lambda c: state_row(c.after, updated_at=c.updated_at)
        )


#: An update of one ``deadlines`` row, found by its key (bound as ``row_case_id``, ``row_key``);
#: the other columns are set from the parameters given.
_UPDATE_DEADLINE = update(deadlines).where(
    deadlines.c.case_id == bindparam("row_case_id"), deadlines.c.key == bindparam("row_key")
)


def _keyed(row: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in row.items() if k not in ("case_id", "key")}
    return {**values, "row_case_id": row["case_id"], "row_key": row["key"]}


class Deadlines:
    """``deadlines``: one row per deadline entry of every case, for the worklist in SQL."""

    table = deadlines

    def rows(
        self,
        stream_id: str,
        state: CaseState,
        updated_at: datetime,
        law: Law,
        *,
        text: bool = False,
    ) -> list[dict[str, Any]]:
        return [deadline_row(stream_id, entry, law) for entry in state.deadlines]

    def write(self, conn: Connection, changes: Sequence[Change], law: Law) -> None:
        """Write only the rows whose entry this transaction added or changed (all of a new
        case's), in one multi-row statement per kind of change."""
        added: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        d = deadlines.c
        for c in changes:
            before = c.before.deadlines if c.before is not None else ()
            new, different, gone = changed_entries(before, c.after.deadlines)
            if gone:
                conn.execute(delete(deadlines).where(d.case_id == c.stream_id, d.key.in_(gone)))
            changed += [_keyed(deadline_row(c.stream_id, e, law)) for e in different]
            added += [deadline_row(c.stream_id, e, law) for e in new]
        for chunk in _chunks(changed):
            conn.execute(_UPDATE_DEADLINE, chunk)
        for chunk in _chunks(added):
            conn.execute(insert(deadlines), chunk)


class CasePeople:
    """``case_people``: the person of every case, for finding cases by V-number or name."""

    table = case_people

    def rows(
        self,
        stream_id: str,
        state: CaseState,
        updated_at: datetime,
        law: Law,
        *,
        text: bool = False,
    ) -> list[dict[str, Any]]:
        return [person_row(stream_id, state.person, referral_of(state))]

    def write(self, conn: Connection, changes: Sequence[Change], law: Law) -> None:
        moved = [
            c
            for c in changes
            if c.before is None
            or c.before.person != c.after.person
            or c.before.reception_needs != c.after.reception_needs
        ]
        _write_case_rows(
            conn,
            case_people,
            moved,
            lambda c: person_row(c.stream_id, c.after.person, referral_of(c.after)),
        )


@dataclass(frozen=True)
class StreamStates:
    """``stream_states``: the state document of every stream of one kind other than cases."""

    stream_type: str
    document: Any  # state -> JSON data (the kind's codec)
    table: Table = stream_states

    def rows(
        self, stream_id: str, state: Any, updated_at: datetime, law: Law, *, text: bool = False
    ) -> list[dict[str, Any]]:
        document = self.document(state)
        return [
            {
                "stream_type": self.stream_type,
                "stream_id": stream_id,
                "seq": state.seq,
                "state": dumps(document) if text else document,
                "updated_at": updated_at,
            }
        ]

    def write(self, conn: Connection, changes: Sequence[Change], law: Law) -> None:
        s = stream_states.c
        for c in changes:
            row = self.rows(c.stream_id, c.after, c.updated_at, law)[0]
            if c.before is None:
                conn.execute(insert(stream_states), [row])
            else:
                conn.execute(
                    update(stream_states)
                    .where(s.stream_type == self.stream_type, s.stream_id == c.stream_id)
                    .values(seq=row["seq"], state=row["state"], updated_at=row["updated_at"])
                )

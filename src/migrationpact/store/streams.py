"""Kinds of stream: what the store needs to know to keep events of one kind of thing.

An event belongs to a *stream*: the history of one case, one reception site, one monitoring
file. Every stream has its own sequence (1, 2, …), its own hash chain, its own optimistic
concurrency (a writer names the seq it expects) and idempotency; the store keeps all of them in
one ``events`` table, told apart by ``stream_type`` and the stream's id.

A ``StreamKind`` tells the store how to handle one kind: how its stored events become domain
events again (``join``) and back (``split``), the state of a new stream (``initial``), how an
event changes a state (``decide``: the kind's pure domain, refusing what its rules forbid),
where the current states are kept and read back (``load``), and which projectors keep tables in
step with it (``projectors``). Kinds are registered once (``register``); the case kind is
registered here, and a new kind (reception, monitoring) registers itself in its own package.

>>> kind("case").name, [type(p).__name__ for p in kind("case").projectors]
('case', ['CaseStates', 'Deadlines', 'CasePeople', 'CaseFacts'])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, select

from migrationpact.cases.machine import decide as decide_case
from migrationpact.cases.state import initial_state
from migrationpact.law.law import Law
from migrationpact.store.errors import StoreError
from migrationpact.store.facts import CaseFacts
from migrationpact.store.projectors import (
    CasePeople,
    CaseStates,
    Deadlines,
    Projector,
    StreamStates,
)
from migrationpact.store.records import join_event, split_event
from migrationpact.store.states import read_states
from migrationpact.store.tables import case_states, events, stream_states

CASE = "case"

#: The states (and last event hashes) of the streams asked for that exist, read under the
#: write lock of the caller's transaction.
Loader = Callable[[Connection, Sequence[str]], dict[str, tuple[Any, str]]]


@dataclass(frozen=True)
class StreamKind:
    """How the store keeps one kind of stream (see the module text)."""

    name: str
    initial: Callable[[str], Any]
    decide: Callable[[Any, Any, Law], Any]
    join: Callable[[str, datetime, dict[str, Any]], Any]
    split: Callable[[Any], tuple[str, datetime, dict[str, Any]]]
    load: Loader
    projectors: tuple[Projector, ...]

    @staticmethod
    def seq(state: Any) -> int:
        """A state's seq: how many events its stream has."""
        value: int = state.seq
        return value


def _lock(conn: Connection, query: Any, table: Any) -> Any:
    return query.with_for_update(of=table) if conn.dialect.name == "postgresql" else query


#: The states and last hashes of the cases named in ``ids`` (built once, bound per load).
_CASES = (
    select(case_states.c.case_id, case_states.c.state, events.c.hash)
    .join(
        events,
        (events.c.stream_type == CASE)
        & (events.c.case_id == case_states.c.case_id)
        & (events.c.seq == case_states.c.seq),
    )
    .where(case_states.c.case_id.in_(bindparam("ids", expanding=True)))
)
_CASES_LOCKED = _CASES.with_for_update(of=case_states)


def _load_cases(conn: Connection, ids: Sequence[str]) -> dict[str, tuple[Any, str]]:
    query = _CASES_LOCKED if conn.dialect.name == "postgresql" else _CASES
    rows = conn.execute(query, {"ids": list(ids)})
    found = {r.case_id: (r.state, r.hash) for r in rows}
    states = read_states(conn, {cid: doc for cid, (doc, _) in found.items()})
    return {cid: (states[cid], found[cid][1]) for cid in found}


def stream_state_loader(name: str, read: Callable[[Any], Any]) -> Loader:
    """The loader of a kind whose states ``StreamStates`` keeps (``read``: document → state)."""

    def load(conn: Connection, ids: Sequence[str]) -> dict[str, tuple[Any, str]]:
        s, e = stream_states.c, events.c
        query = (
            select(s.stream_id, s.state, e.hash)
            .join(
                events,
                (e.stream_type == s.stream_type) & (e.case_id == s.stream_id) & (e.seq == s.seq),
            )
            .where(s.stream_type == name, s.stream_id.in_(list(ids)))
        )
        rows = conn.execute(_lock(conn, query, stream_states))
        return {r.stream_id: (read(r.state), r.hash) for r in rows}

    return load


def documented_kind(
    name: str,
    *,
    initial: Callable[[str], Any],
    decide: Callable[[Any, Any, Law], Any],
    join: Callable[[str, datetime, dict[str, Any]], Any],
    split: Callable[[Any], tuple[str, datetime, dict[str, Any]]],
    document: Callable[[Any], Any],
    read: Callable[[Any], Any],
    projectors: tuple[Projector, ...] = (),
) -> StreamKind:
    """A kind whose states are kept in ``stream_states`` as the JSON ``document`` gives (and
    ``read`` takes back), with further ``projectors`` of its own."""
    return StreamKind(
        name=name,
        initial=initial,
        decide=decide,
        join=join,
        split=split,
        load=stream_state_loader(name, read),
        projectors=(StreamStates(name, document), *projectors),
    )


_KINDS: dict[str, StreamKind] = {}


def register(stream_kind: StreamKind) -> StreamKind:
    """Make ``stream_kind`` known to the store (again: replaces the earlier registration)."""
    _KINDS[stream_kind.name] = stream_kind
    return stream_kind


def unregister(name: str) -> None:
    """Forget the kind ``name`` (a test's own kind, when the test is done)."""
    if name == CASE:
        raise StoreError("the case kind cannot be unregistered")
    _KINDS.pop(name, None)


def kind(name: str) -> StreamKind:
    """The registered kind ``name``; ``StoreError`` when no such kind is registered."""
    try:
        return _KINDS[name]
    except KeyError:
        known = ", ".join(sorted(_KINDS))
        raise StoreError(f"unknown kind of stream {name!r} (known: {known})") from None


def kinds() -> list[StreamKind]:
    """Every registered kind, cases first."""
    return sorted(_KINDS.values(), key=lambda k: (k.name != CASE, k.name))


register(
    StreamKind(
        name=CASE,
        initial=initial_state,
        decide=lambda state, event, law: decide_case(state, event, law=law),
        join=join_event,
        split=split_event,
        load=_load_cases,
        projectors=(CaseStates(), Deadlines(), CasePeople(), CaseFacts()),
    )
)

"""The store's service layer: keyword-only functions the CLI and the API call.

Each function takes the ``store`` (an ``EventStore`` from ``open_store``) and keyword arguments,
and either returns plain values or raises a ``StoreError`` / the domain's ``EventError`` or
``TransitionError`` with a one-line message. Nothing is written when an error is raised.

A case comes into existence with its first event (``create_case`` = an append that expects
seq 0); there are no empty cases, so ``rebuild`` can always recreate every case from events.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from migrationpact.cases.compare import DeadlineComparison, compare_deadlines
from migrationpact.cases.events import AnyEvent
from migrationpact.cases.machine import replay
from migrationpact.cases.state import CaseState
from migrationpact.law.law import Law
from migrationpact.store import accesslog, roles
from migrationpact.store.accesslog import AccessEntry, AccessLogReport
from migrationpact.store.caselist import CaseFilter, case_page
from migrationpact.store.caselist import CaseSummary as CaseSummary  # re-exported
from migrationpact.store.database import (
    database_url,
    make_engine,
    owner_url,
    read_transaction,
    write_transaction,
)
from migrationpact.store.errors import (
    CaseNotFoundError,
    ConcurrencyError,
    SchemaError,
)
from migrationpact.store.eventstore import (
    AppendResult,
    EventStore,
    NewEvent,
    RebuildReport,
    VerifyReport,
)
from migrationpact.store.lapses import LapseReport
from migrationpact.store.migrate import HEAD, stored_revision, upgrade
from migrationpact.store.projection_check import ProjectionReport, compare_projections
from migrationpact.store.records import EventRecord
from migrationpact.store.tables import case_states, deadlines, events
from migrationpact.store.worklist import WorklistPage, worklist_page

# --- opening ------------------------------------------------------------------------------


def shown_url(url: str | None = None) -> str:
    """The database URL with any password hidden, for messages."""
    return make_url(database_url(url)).render_as_string(hide_password=True)


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def open_store(
    url: str | None = None, *, law: Law | None = None, check_schema: bool = True
) -> EventStore:
    """The store at ``url`` (default ``$MIGRATIONPACT_DATABASE_URL``, else SQLite).

    With ``check_schema`` the database must be reachable and migrated to the newest revision;
    otherwise ``SchemaError`` says to run ``migrationpact db upgrade``.
    """
    engine = make_engine(url)
    if check_schema:
        try:
            with read_transaction(engine) as conn:
                found = stored_revision(conn)
        except DBAPIError as exc:
            raise SchemaError(f"cannot open database {shown_url(url)}: {_first_line(exc)}") from exc
        head = HEAD
        if found != head:
            raise SchemaError(
                f"database {shown_url(url)} is at schema revision {found or 'none'}, "
                f"this version needs {head}: run `migrationpact db upgrade`"
            )
    return EventStore(engine, law=law)


def upgrade_database(url: str | None = None) -> tuple[str | None, str | None]:
    """Run the Alembic migrations up to the newest revision, as the owner (``owner_url``);
    (revision before, after)."""
    engine = make_engine(owner_url(url))
    try:
        return upgrade(engine)
    except DBAPIError as exc:
        where = shown_url(owner_url(url))
        raise SchemaError(f"cannot migrate database {where}: {_first_line(exc)}") from exc
    finally:
        engine.dispose()


def grant_service_role(url: str | None = None, *, role: str) -> list[str]:
    """As the owner (``owner_url``), give ``role`` the service's rights only (``roles``)."""
    engine = make_engine(owner_url(url))
    try:
        with write_transaction(engine) as conn:
            return roles.grant_service_role(conn, role)
    except DBAPIError as exc:
        where = shown_url(owner_url(url))
        raise SchemaError(f"cannot grant on database {where}: {_first_line(exc)}") from exc
    finally:
        engine.dispose()


# --- writing ------------------------------------------------------------------------------


def new_case_id() -> str:
    """A fresh case id: ``C-`` and 12 hex digits of a random UUID."""
    return "C-" + uuid.uuid4().hex[:12].upper()


def case_id_for_key(actor: str, idempotency_key: str) -> str:
    """The id of a case opened without one under ``idempotency_key``: ``C-`` and 12 hex digits
    of a hash of the actor and the key. A retry with the same key names the same case, so the
    store finds the first result instead of opening a second case; keys are the actor's own,
    so two actors' keys make two ids.

    >>> case_id_for_key("clerk-7", "k-1"), case_id_for_key("clerk-8", "k-1")
    ('C-AF955E5DF199', 'C-A27B10FD4C3C')
    """
    digest = hashlib.sha256(f"{actor}\n{idempotency_key}".encode()).hexdigest()
    return "C-" + digest[:12].upper()


def create_case(
    *,
    store: EventStore,
    event: AnyEvent,
    actor: str,
    organisation: str,
    case_id: str | None = None,
    idempotency_key: str | None = None,
) -> AppendResult:
    """Open a case with its first event (an append expecting seq 0). Without ``case_id`` the id
    is made from the idempotency key (``case_id_for_key``), so a retry returns the first result
    (``repeated``); without either, a random one (``new_case_id``)."""
    if case_id is None and idempotency_key is not None:
        case_id = case_id_for_key(actor, idempotency_key)
    return store.append(
        case_id=case_id or new_case_id(),
        event=event,
        expected_seq=0,
        idempotency_key=idempotency_key,
        actor=actor,
        organisation=organisation,
    )


def append_event(
    *,
    store: EventStore,
    case_id: str,
    event: AnyEvent,
    expected_seq: int | None,
    actor: str,
    organisation: str,
    idempotency_key: str | None = None,
    logged: Sequence[AccessEntry] = (),
) -> AppendResult:
    """Append one event to an existing case (``CaseNotFoundError`` if it has no events yet);
    ``logged``: access-log rows written with it (``EventStore.append``)."""
    if expected_seq is None:
        require_case(store=store, case_id=case_id)
    try:
        return store.append(
            case_id=case_id,
            event=event,
            expected_seq=expected_seq,
            idempotency_key=idempotency_key,
            actor=actor,
            organisation=organisation,
            logged=logged,
        )
    except ConcurrencyError as exc:
        # A case without events is at seq 0: expecting more means it does not exist.
        if exc.actual == 0 and expected_seq:
            raise CaseNotFoundError(case_id) from None
        raise


def append_many(*, store: EventStore, batch: Sequence[NewEvent]) -> list[AppendResult]:
    """Append a pre-built batch in one transaction, all or nothing (bulk loading)."""
    return store.append_many(batch)


def record_lapses(
    *,
    store: EventStore,
    as_of: date | None = None,
    until: datetime | None = None,
    dry_run: bool = False,
) -> LapseReport:
    """Append the ``deadline_lapsed`` events of every open deadline ended by the end of
    ``as_of`` (or by ``until``); the report names the cases that had to be skipped (the others
    are recorded all the same). ``dry_run``: the report lists them, nothing is written."""
    return store.record_lapses(as_of=as_of, until=until, dry_run=dry_run)


# --- reading ------------------------------------------------------------------------------


def get_case(*, store: EventStore, case_id: str) -> CaseState:
    """The case's current state (``CaseNotFoundError`` if there is no such case)."""
    state = store.state(case_id)
    if state is None:
        raise CaseNotFoundError(case_id)
    return state


def require_case(*, store: EventStore, case_id: str) -> None:
    """``CaseNotFoundError`` if the case has no events; its state is not read."""
    if store.seq_of(case_id) is None:
        raise CaseNotFoundError(case_id)


def case_history(*, store: EventStore, case_id: str) -> list[EventRecord]:
    """The case's stored events in seq order."""
    records = store.records(case_id)
    if not records:
        raise CaseNotFoundError(case_id)
    return records


def list_cases(
    *,
    store: EventStore,
    stage: str | None = None,
    after: str | None = None,
    limit: int = 100,
    only: Sequence[str] | None = None,
    found: CaseFilter | None = None,
    sort: str = "caseId",
    position: tuple[Any, str] | None = None,
    stage_ranks: Mapping[str, int] | None = None,
) -> list[CaseSummary]:
    """Cases ordered by id (``after``: the last id of the previous page), with deadline counts.

    ``only`` limits the list to those case ids (a counsellor's assigned cases). ``found``,
    ``sort`` and ``position`` (the sort value and case id of the last row of the previous page)
    filter, sort and page it as ``store.caselist.case_page`` does; ``stage`` and ``only`` are
    added to ``found``."""
    found = found or CaseFilter()
    if stage is not None:
        found = replace(found, stage=stage)
    if only is not None:
        found = replace(found, only=only)
    if position is None and after is not None:
        position = (None, after)
    with read_transaction(store.engine) as conn:
        return case_page(
            conn, found=found, sort=sort, after=position, limit=limit, stage_ranks=stage_ranks
        )


def count_cases(*, store: EventStore, stage: str | None = None) -> int:
    """How many cases there are (in ``stage``): one count over the case-state table."""
    query = select(func.count()).select_from(case_states)
    if stage is not None:
        query = query.where(case_states.c.stage == stage)
    with read_transaction(store.engine) as conn:
        return int(conn.execute(query).scalar_one())


def worklist(
    *,
    store: EventStore,
    organisation: str,
    as_of: date,
    within_days: int = 7,
    cursor: str | None = None,
    limit: int = 100,
) -> WorklistPage:
    """Open deadlines of ``organisation`` due within ``within_days`` of ``as_of``, and overdue
    ones, ordered by due moment then case id; ``cursor`` continues from a previous page."""
    with read_transaction(store.engine) as conn:
        return worklist_page(
            conn,
            organisation=organisation,
            as_of=as_of,
            within_days=within_days,
            cursor=cursor,
            limit=limit,
        )


# --- replay -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReplayComparison:
    case_id: str
    law_date: date
    current: CaseState
    replayed: CaseState
    deadlines: list[DeadlineComparison]

    @property
    def differs(self) -> bool:
        return any(d.change != "same" for d in self.deadlines)


def replay_case(*, store: EventStore, case_id: str, law_date: date) -> ReplayComparison:
    """The case's deadlines as recorded beside those the rule set of ``law_date`` would give."""
    current = get_case(store=store, case_id=case_id)
    records = store.records(case_id)
    replayed = replay(case_id, [r.event() for r in records], law=store.law, law_date=law_date)
    return ReplayComparison(
        case_id=case_id,
        law_date=law_date,
        current=current,
        replayed=replayed,
        deadlines=compare_deadlines(current.deadlines, replayed.deadlines),
    )


# --- rebuild and audit --------------------------------------------------------------------


def rebuild_projections(*, store: EventStore, workers: int | None = None) -> RebuildReport:
    """Recompute every projection from the events (``workers`` processes; default: CPUs)."""
    return store.rebuild(workers=workers)


def verify_chain(*, store: EventStore) -> VerifyReport:
    return store.verify()


def verify_access_log(*, store: EventStore) -> AccessLogReport:
    """Walk the access log's hash chain (``accesslog.verify_access_log``)."""
    return accesslog.verify_access_log(store.engine)


def verify_projections(*, store: EventStore) -> ProjectionReport:
    """Compare the stored projections with a replay of the events (``projection_check``)."""
    return compare_projections(store.engine, store.law)


def count_rows(conn: Connection) -> dict[str, int]:
    """Rows per store table (used by tests and ``db status``)."""
    return {
        t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
        for t in (events, case_states, deadlines)
    }

"""Reading a case: may this principal see it, which parts of it, and the log row of every read.

A read of personal data goes through three steps, in this order, whichever front end asks:

1. ``authorise_read``: the policy's answer to reading the case at all. A counsellor may read
   only the cases assigned to them (``assigned``). A refusal writes a *denied* row to the access
   log and raises ``Forbidden``, before anyone learns whether the case exists.
2. ``require_section``: a part of the file (the timeline, the asylum account, …) outside the
   organisation's sections is refused the same way, logged as denied.
3. ``log_read``: the *granted* row, naming the fields that leave the service, written in its
   own transaction before the data is handed back.

``read_case`` is the use case of the case page and of ``GET /v1/cases/{id}``: the three steps
around the store's read, and the case as the principal may see it (``access.views.case_view``),
with its place at a reception site (``place``) as far as ``access.views.place_view`` allows.
``read_timeline`` and ``read_deadlines`` are the two parts of the file the API serves apart.

``Asking`` carries what the log row needs besides the principal: the purpose the person gave
(else their organisation's legal task) and the id of the request that asked. A stated purpose
must fit the log (``purpose_ok``: at most 200 printable characters); a read that states a bad
one is refused (``Invalid``) and logged as denied, under the organisation's purpose. There is no
list of purposes to check a stated one against: each organisation has one legal task.

A read of a case that does not exist is logged too, with the outcome ``not-found``: guessing
case ids leaves a trace.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from migrationpact.access.model import Principal
from migrationpact.access.policy import (
    Action,
    Section,
    decide,
    needs_assignment,
    purpose,
    referred_only,
    sections,
)
from migrationpact.access.views import case_view, event_sections, payload_view, place_view
from migrationpact.cases.compare import DeadlineComparison, changed_by, changes_of_event
from migrationpact.cases.explain import case_document
from migrationpact.cases.state import CaseState, DeadlineEntry
from migrationpact.law.text import Text
from migrationpact.services.errors import Forbidden, Invalid, NotFound, store_refusals
from migrationpact.store import service
from migrationpact.store.accesslog import AccessEntry, log_access, write_entry
from migrationpact.store.assignments import is_assigned
from migrationpact.store.database import read_transaction
from migrationpact.store.eventstore import EventStore, utc_now
from migrationpact.store.people import is_referred
from migrationpact.store.privacy import is_erased
from migrationpact.store.reception_sites import placed_cases
from migrationpact.store.records import AppendResult, EventRecord


@dataclass(frozen=True)
class Asking:
    """Why, and in which request, a principal reads: written on the access-log row."""

    purpose: str | None = None  # None: the purpose of the organisation's legal task
    request_id: str | None = None
    bad_purpose: bool = False  # a purpose was stated that does not fit the log: refuse


def place_of(store: EventStore, case_id: str) -> dict[str, Any] | None:
    """Where the case lives (its reception site and unit), all of it; None: no place."""
    from migrationpact.reception import municipalities

    found = placed_cases(store.engine, [case_id]).get(case_id)
    if found is None:
        return None
    return {
        "site_id": found.site_id,
        "site_name": found.site_name,
        "municipality": found.municipality,
        "municipality_name": municipalities.name(found.municipality),
        "location_type": found.location_type,
        "unit_id": found.unit_id,
        "since": found.since.isoformat(),
    }


#: The longest purpose a caller may state (the access log's column).
MAX_PURPOSE = 200
BAD_PURPOSE = f"a stated purpose (X-Purpose) must be at most {MAX_PURPOSE} printable characters"


def purpose_ok(stated: str) -> bool:
    """Whether a stated purpose may be written to the access log.

    >>> purpose_ok("appeal"), purpose_ok("p" * 201), purpose_ok("a" + chr(10) + "b")
    (True, False, False)
    """
    return 0 < len(stated) <= MAX_PURPOSE and stated.isprintable()


#: A read with no stated purpose outside any request (the policy's purpose is logged).
UNSTATED = Asking()


def assigned(store: EventStore, principal: Principal, case_id: str) -> bool | None:
    """Whether the case is assigned to the principal, asked only of those who need it (for
    the health partner: whether COA referred the person to it)."""
    if not needs_assignment(principal):
        return None
    if referred_only(principal):
        return is_referred(store.engine, case_id=case_id)
    return is_assigned(store.engine, case_id=case_id, assignee=principal.subject)


def log_read(
    *,
    store: EventStore,
    principal: Principal,
    case_id: str,
    action: str,
    fields: Sequence[str],
    asking: Asking = UNSTATED,
    granted: bool = True,
) -> None:
    """Write the access-log row of a read (granted or refused), before the data leaves."""
    log_access(
        store.engine,
        principal=principal,
        action=action,
        resource=f"case:{case_id}",
        case_id=case_id,
        fields=fields,
        purpose=asking.purpose or purpose(principal),
        granted=granted,
        request_id=asking.request_id,
    )


def authorise_read(
    *,
    store: EventStore,
    principal: Principal,
    case_id: str,
    action: str,
    asking: Asking = UNSTATED,
) -> None:
    """Refuse (``Forbidden``, logged as denied) a case the principal may not read, and
    (``Invalid``, logged as denied) a read with a stated purpose that does not fit the log."""
    if asking.bad_purpose:
        _denied(store, principal, case_id, action, asking)
        raise Invalid(BAD_PURPOSE, kind="invalid-purpose")
    decision = decide(principal, Action.CASE_READ, assigned=assigned(store, principal, case_id))
    if not decision:
        _denied(store, principal, case_id, action, asking)
        raise Forbidden(decision.reason)


def require_section(
    *,
    store: EventStore,
    principal: Principal,
    case_id: str,
    section: Section,
    action: str,
    asking: Asking = UNSTATED,
) -> None:
    """Refuse (``Forbidden``, logged as denied) a part of the file outside the principal's
    sections."""
    if section in sections(principal):
        return
    _denied(store, principal, case_id, action, asking)
    raise Forbidden(
        Text(
            "%(organisation)s may not see the %(section)s of a case",
            organisation=principal.organisation.value,
            section=section.value,
        )
    )


def _denied(
    store: EventStore, principal: Principal, case_id: str, action: str, asking: Asking
) -> None:
    log_read(
        store=store, principal=principal, case_id=case_id, action=action, fields=[],
        asking=asking, granted=False,
    )  # fmt: skip


@contextmanager
def reading(
    store: EventStore, principal: Principal, case_id: str, action: str, asking: Asking
) -> Iterator[None]:
    """The store's read of an authorised case: a case that does not exist is refused
    (``NotFound``) and its attempted read logged with the outcome ``not-found``."""
    try:
        with store_refusals():
            yield
    except NotFound:
        write_entry(
            store.engine,
            AccessEntry(
                at=utc_now(), actor=principal.actor, organisation=principal.organisation.value,
                role=principal.role.value, action=action, resource=f"case:{case_id}",
                case_id=case_id, fields=(), purpose=asking.purpose or purpose(principal),
                outcome="not-found", channel=principal.via, request_id=asking.request_id,
            ),
        )  # fmt: skip
        raise


@dataclass(frozen=True)
class CaseRead:
    """A case as one principal may see it.

    ``view`` holds only the sections of the file the principal may see (and is what may be
    shown); ``state`` is the whole state, for the front end's own decisions (is the case
    closed, at which sequence) and never to be shown as it is. ``records`` is the timeline,
    when it was asked for and the principal may see it.
    """

    state: CaseState
    view: dict[str, Any]
    sections: frozenset[Section]
    records: list[EventRecord] | None
    fields: list[str]
    #: The person was erased (``store.privacy``): their personal fields read as erased.
    erased: bool = False


def read_case(
    *,
    store: EventStore,
    principal: Principal,
    case_id: str,
    timeline: bool = False,
    asking: Asking = UNSTATED,
) -> CaseRead:
    """Read the case: the sections the principal may see (with its ``timeline`` too, where
    asked and visible); the read is logged with the fields that leave the service.

    Refuses with ``Forbidden`` (logged) and ``NotFound``.
    """
    authorise_read(
        store=store, principal=principal, case_id=case_id, action="case.read", asking=asking
    )
    visible = sections(principal)
    with reading(store, principal, case_id, "case.read", asking):
        state = service.get_case(store=store, case_id=case_id)
        with read_transaction(store.engine) as conn:
            erased = is_erased(conn, case_id)
        records = None
        if timeline and Section.TIMELINE in visible:
            records = shown_records(principal, service.case_history(store=store, case_id=case_id))
    view = case_view(principal, case_document(state, store.law))  # deadlines explained
    if isinstance(view.get("person"), dict) and erased:
        # The state keeps the erasure's surrogate date of birth for its ages; it is no fact.
        view["person"] = {**view["person"], "date_of_birth": None}
    place = place_view(principal, place_of(store, case_id))
    if place is not None:
        view["place"] = place
    fields = sorted(view)
    if records is not None:
        fields += ["timeline"] + (["payload"] if Section.ASYLUM_ACCOUNT in visible else [])
    log_read(
        store=store, principal=principal, case_id=case_id, action="case.read", fields=fields,
        asking=asking,
    )  # fmt: skip
    return CaseRead(
        state=state, view=view, sections=visible, records=records, fields=fields, erased=erased
    )


def _read_part(
    store: EventStore,
    principal: Principal,
    case_id: str,
    section: Section,
    action: str,
    asking: Asking,
) -> None:
    """Refuse (logged) a part of a case the principal may not read: the case, then the part."""
    authorise_read(store=store, principal=principal, case_id=case_id, action=action, asking=asking)
    require_section(
        store=store, principal=principal, case_id=case_id, section=section, action=action,
        asking=asking,
    )  # fmt: skip


def shown_records(principal: Principal, records: list[EventRecord]) -> list[EventRecord]:
    """The events with what the principal may not see left out of their contents (an
    assessment's health detail: ``access.views.payload_view``)."""
    return [
        replace(r, payload=payload_view(principal, r.type, r.payload))
        if event_sections(r.type)
        else r
        for r in records
    ]


@dataclass(frozen=True)
class TimelineRead:
    """A case's events; their contents (``payload``) only with access to the asylum account."""

    records: list[EventRecord]
    with_payload: bool


def read_timeline(
    *, store: EventStore, principal: Principal, case_id: str, asking: Asking = UNSTATED
) -> TimelineRead:
    """The case's timeline, if the principal may see it (``Forbidden`` logged, ``NotFound``)."""
    action = "case.timeline"
    _read_part(store, principal, case_id, Section.TIMELINE, action, asking)
    with reading(store, principal, case_id, action, asking):
        records = shown_records(principal, service.case_history(store=store, case_id=case_id))
    with_payload = Section.ASYLUM_ACCOUNT in sections(principal)
    log_read(
        store=store, principal=principal, case_id=case_id, action=action,
        fields=["timeline"] + (["payload"] if with_payload else []), asking=asking,
    )  # fmt: skip
    return TimelineRead(records=records, with_payload=with_payload)


def read_deadlines(
    *, store: EventStore, principal: Principal, case_id: str, asking: Asking = UNSTATED
) -> list[DeadlineEntry]:
    """The case's deadlines, if the principal may see them (``Forbidden`` logged,
    ``NotFound``)."""
    action = "case.deadlines"
    _read_part(store, principal, case_id, Section.DEADLINES, action, asking)
    with reading(store, principal, case_id, action, asking):
        state = service.get_case(store=store, case_id=case_id)
    log_read(
        store=store, principal=principal, case_id=case_id, action=action, fields=["deadlines"],
        asking=asking,
    )  # fmt: skip
    return list(state.deadlines)


def changes_entry(
    *, store: EventStore, principal: Principal, case_id: str, asking: Asking = UNSTATED
) -> AccessEntry | None:
    """The access-log row of reading the deadlines an event changed, for a principal who may
    read the case and see its deadlines; None for others, who are told nothing."""
    mine = assigned(store, principal, case_id)
    if not decide(principal, Action.CASE_READ, assigned=mine):
        return None
    if Section.DEADLINES not in sections(principal):
        return None
    return AccessEntry(
        at=utc_now(), actor=principal.actor, organisation=principal.organisation.value,
        role=principal.role.value, action="case.deadlines", resource=f"case:{case_id}",
        case_id=case_id, fields=("deadlines",), purpose=asking.purpose or purpose(principal),
        outcome="granted", channel=principal.via, request_id=asking.request_id,
    )  # fmt: skip


def read_changes(
    *,
    store: EventStore,
    principal: Principal,
    case_id: str,
    seq: int,
    asking: Asking = UNSTATED,
    appended: AppendResult | None = None,
    logged: AccessEntry | None = None,
) -> list[DeadlineComparison] | None:
    """The deadlines event ``seq`` of the case changed (``compare.changes_of_event``), for a
    principal who may read the case and see its deadlines (the read is logged); None for
    others, who are told nothing and for whom nothing is logged.

    ``appended``: the answer of the append that just recorded the event, whose states before
    and after it give the changes without reading the case back (a repeat has none: its case
    is read). ``logged``: the ``changes_entry`` that append already wrote to the access log.
    """
    entry = logged or changes_entry(
        store=store, principal=principal, case_id=case_id, asking=asking
    )
    if entry is None:
        return None
    if appended is not None and appended.states is not None and appended.seq == seq:
        before, after = appended.states
        if logged is None:
            write_entry(store.engine, entry)
        return changed_by(before.deadlines, after.deadlines)
    with reading(store, principal, case_id, "case.deadlines", asking):
        records = service.case_history(store=store, case_id=case_id)
    if logged is None:
        write_entry(store.engine, entry)
    events = [r.event() for r in records]
    return changes_of_event(case_id, events, seq, law=store.law)

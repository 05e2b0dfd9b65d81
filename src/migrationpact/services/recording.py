"""Recording an event on a case, and opening a case with its first event.

These are the write use cases of every front end: ``POST /v1/cases`` and ``…/events``, the
event forms and the new-case pages, and ``migrationpact cases create|append``. Each takes the
principal who records, asks the access policy whether their organisation may record this event
type here (``authorise_append``; for a new case also ``authorise_opening``), and only then
hands the event to the store, which runs it through the state machine and appends it.

Refusals: ``Forbidden`` (the policy's reason), ``NotFound`` (no such case), ``StaleCase`` (the
case moved on since the caller read it, or a new case's id is taken) and ``KeyReused``; an event
the state machine refuses raises its ``TransitionError`` (``EventError`` for a malformed one),
naming the rule. A refused event writes nothing.

The front ends ask ``authorise_append`` themselves too, to decide whether to show a form at all;
the answer comes from the same function that guards the write.
"""

from __future__ import annotations

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action, decide
from migrationpact.cases.events import AnyEvent
from migrationpact.services.errors import Forbidden, store_refusals
from migrationpact.services.reading import assigned
from migrationpact.store import service
from migrationpact.store.eventstore import EventStore
from migrationpact.store.records import AppendResult


def authorise_opening(*, principal: Principal) -> None:
    """Refuse (``Forbidden``) a principal whose organisation and role may not open cases."""
    decision = decide(principal, Action.CASE_CREATE)
    if not decision:
        raise Forbidden(decision.reason)


def authorise_append(
    *, store: EventStore, principal: Principal, case_id: str | None, event_type: str
) -> None:
    """Refuse (``Forbidden``) an event type the principal may not record on the case
    (``case_id`` None: on a case still to be opened, which nobody is assigned to)."""
    mine = assigned(store, principal, case_id) if case_id is not None else None
    decision = decide(principal, Action.EVENT_APPEND, event_type=event_type, assigned=mine)
    if not decision:
        raise Forbidden(decision.reason)


def record_event(
    *,
    store: EventStore,
    principal: Principal,
    case_id: str,
    event: AnyEvent,
    expected_seq: int | None,
    idempotency_key: str | None = None,
) -> AppendResult:
    """Append ``event`` to the case, recorded by ``principal``.

    ``expected_seq`` is the case's sequence as the caller last saw it (None: not checked, for a
    person working alone at the command line); a repeat with the same ``idempotency_key``
    answers with the first result and writes nothing.
    """
    authorise_append(store=store, principal=principal, case_id=case_id, event_type=event.type)
    with store_refusals():
        return service.append_event(
            store=store,
            case_id=case_id,
            event=event,
            expected_seq=expected_seq,
            actor=principal.actor,
            organisation=principal.organisation.value,
            idempotency_key=idempotency_key,
        )


def open_case(
    *,
    store: EventStore,
    principal: Principal,
    event: AnyEvent,
    case_id: str | None = None,
    idempotency_key: str | None = None,
) -> AppendResult:
    """Open a case with its first ``event``, recorded by ``principal`` (``case_id`` None: one
    is made). An id already in use is refused with ``StaleCase``."""
    authorise_opening(principal=principal)
    authorise_append(store=store, principal=principal, case_id=None, event_type=event.type)
    with store_refusals():
        return service.create_case(
            store=store,
            event=event,
            actor=principal.actor,
            organisation=principal.organisation.value,
            case_id=case_id,
            idempotency_key=idempotency_key,
        )

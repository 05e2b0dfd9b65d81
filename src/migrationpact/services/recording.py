"""Recording an event on a case, and opening a case with its first event.

These are the write use cases of every front end: ``POST /v1/cases`` and ``…/events``, the
event forms and the new-case pages, and ``migrationpact cases create|append``. Each takes the
principal who records, asks the access policy whether their organisation may record this event
type here (``authorise_append``; for a new case also ``authorise_opening``), and only then
hands the event to the store, which runs it through the state machine and appends it.

What every person's event must also satisfy, on every path alike:

- appending to a case id that has no events yet opens that case, so it needs the right to open
  one (``Action.CASE_CREATE``) besides the right to record the event (security probe F4);
- the system's own events (``deadline_lapsed``) are recorded by no person: the policy refuses
  them (F9);
- ``occurred_at`` lies between 2000-01-01 (``EARLIEST``) and a few minutes after the server's
  clock, in Dutch time (``future_skew``: ``FUTURE_SKEW`` unless the settings say otherwise):
  nobody dates an event ahead to make its consequences come early (F9);
- an idempotency key does not start with a prefix the system uses for its own keys
  (``RESERVED_KEY_PREFIXES``: the lapse job's ``lapse:…``, the demo's ``demo:…``). Keys are each
  actor's own in the store already; the refusal keeps a person's key from ever looking like the
  system's (F3).

Refusals: ``Forbidden`` (the policy's reason), ``NotFound`` (no such case), ``StaleCase`` (the
case moved on since the caller read it, or a new case's id is taken), ``KeyReused``,
``Misdated`` and ``Invalid`` (a reserved key); an event the state machine refuses raises its
``TransitionError`` (``EventError`` for a malformed one), naming the rule. A refused event
writes nothing.

The front ends ask ``authorise_append`` themselves too, to decide whether to show a form at all;
the answer comes from the same function that guards the write.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action
from migrationpact.cases.events import AnyEvent
from migrationpact.law.periods.moments import DUTCH_TIME
from migrationpact.services.errors import (
    Invalid,
    Misdated,
    refuse_unless,
    store_refusals,
)
from migrationpact.services.reading import assigned
from migrationpact.store import service
from migrationpact.store.accesslog import AccessEntry
from migrationpact.store.eventstore import EventStore
from migrationpact.store.records import AppendResult

#: No event a person records is dated before this moment (Dutch time).
EARLIEST = datetime(2000, 1, 1)
#: How far ahead of the server's clock a person may date an event, by default (clocks differ).
FUTURE_SKEW = timedelta(minutes=5)
#: Prefixes of the idempotency keys the system writes itself; no client key starts with one.
RESERVED_KEY_PREFIXES = ("lapse:", "demo:", "import:", "system:")


def dutch_now(store: EventStore) -> datetime:
    """The store's clock (naive UTC) as naive Dutch time, the way ``occurred_at`` is given."""
    return store.clock().replace(tzinfo=UTC).astimezone(DUTCH_TIME).replace(tzinfo=None)


def dating_window(
    store: EventStore, future_skew: timedelta = FUTURE_SKEW, *, backdated: bool = False
) -> tuple[datetime | None, datetime]:
    """The earliest and latest ``occurred_at`` a person may give now (earliest None: any past
    moment, for an import told explicitly to accept back-dated events)."""
    return (None if backdated else EARLIEST), dutch_now(store) + future_skew


def check_dated(event: AnyEvent, *, store: EventStore, future_skew: timedelta) -> None:
    """Refuse (``Misdated``) an event dated more than ``future_skew`` ahead of the server's
    clock, or before ``EARLIEST``."""
    earliest, latest = dating_window(store, future_skew)
    moment = event.occurred_at
    if earliest is not None and moment < earliest:
        raise Misdated(
            f"occurred_at {moment:%Y-%m-%dT%H:%M} lies before {earliest:%Y-%m-%d}; "
            "no event is recorded that early",
            ahead=False,
        )
    if moment > latest:
        minutes = int(future_skew.total_seconds() // 60)
        raise Misdated(
            f"occurred_at {moment:%Y-%m-%dT%H:%M} lies in the future: more than {minutes} "
            f"minutes after the server's clock ({latest - future_skew:%Y-%m-%dT%H:%M} Dutch "
            "time); record an event once it has happened",
            ahead=True,
        )


def check_key(key: str | None) -> None:
    """Refuse (``Invalid``) a client's idempotency key that looks like one of the system's."""
    if key is None:
        return
    prefix = next((p for p in RESERVED_KEY_PREFIXES if key.lower().startswith(p)), None)
    if prefix is not None:
        raise Invalid(
            f"idempotency key {key!r}: the prefix {prefix!r} is reserved for the system's own "
            "events; use another key",
            kind="reserved-idempotency-key",
        )


def authorise_opening(*, principal: Principal) -> None:
    """Refuse (``Forbidden``) a principal whose organisation and role may not open cases."""
    refuse_unless(principal, Action.CASE_CREATE)


def authorise_append(
    *, store: EventStore, principal: Principal, case_id: str | None, event_type: str
) -> None:
    """Refuse (``Forbidden``) an event type the principal may not record on the case
    (``case_id`` None: on a case still to be opened, which nobody is assigned to)."""
    mine = assigned(store, principal, case_id) if case_id is not None else None
    refuse_unless(principal, Action.EVENT_APPEND, event_type=event_type, assigned=mine)


def record_event(
    *,
    store: EventStore,
    principal: Principal,
    case_id: str,
    event: AnyEvent,
    expected_seq: int | None,
    idempotency_key: str | None = None,
    future_skew: timedelta = FUTURE_SKEW,
    logged: Sequence[AccessEntry] = (),
) -> AppendResult:
    """Append ``event`` to the case, recorded by ``principal``.

    ``expected_seq`` is the case's sequence as the caller last saw it (None: not checked, for a
    person working alone at the command line); a repeat with the same ``idempotency_key``
    answers with the first result and writes nothing. ``expected_seq`` 0 on a case id with no
    events opens that case: only those who may open cases may do so. ``logged``: the
    access-log rows of what the answer will show (``reading.changes_entry``), written in the
    append's transaction.
    """
    authorise_append(store=store, principal=principal, case_id=case_id, event_type=event.type)
    if expected_seq == 0 and store.seq_of(case_id) is None:
        authorise_opening(principal=principal)
    check_key(idempotency_key)
    check_dated(event, store=store, future_skew=future_skew)
    with store_refusals():
        return service.append_event(
            store=store,
            case_id=case_id,
            event=event,
            expected_seq=expected_seq,
            actor=principal.actor,
            organisation=principal.organisation.value,
            idempotency_key=idempotency_key,
            logged=logged,
        )


def open_case(
    *,
    store: EventStore,
    principal: Principal,
    event: AnyEvent,
    case_id: str | None = None,
    idempotency_key: str | None = None,
    future_skew: timedelta = FUTURE_SKEW,
) -> AppendResult:
    """Open a case with its first ``event``, recorded by ``principal`` (``case_id`` None: one
    is made). An id already in use is refused with ``StaleCase``."""
    authorise_opening(principal=principal)
    authorise_append(store=store, principal=principal, case_id=None, event_type=event.type)
    check_key(idempotency_key)
    check_dated(event, store=store, future_skew=future_skew)
    with store_refusals():
        return service.create_case(
            store=store,
            event=event,
            actor=principal.actor,
            organisation=principal.organisation.value,
            case_id=case_id,
            idempotency_key=idempotency_key,
        )

"""The case state machine: each event is checked against the case, then applied.

``decide(state, event)`` is the only way a case changes. It first checks the event against the
state and the routing result — no lodging before registration (APR Art. 28(1)), no decision
before lodging (APR Art. 35), no border-procedure step once entry is authorised (APR Art. 43(1)),
no transfer while a suspensive appeal is pending (AMMR Art. 43(3)), and so on. A refused event
raises ``TransitionError`` naming the rule it would break, and nothing changes. An accepted event
gives the next state: ``seq`` one higher, and every deadline the rule book says the event starts,
meets, suspends, extends or lets lapse, with the consequence the law attaches.

``decide`` is pure: no clock, no randomness, nothing read besides the ``Law`` it is given (by
default the shipped one, ``Law.default()``). The same state, event and law always give the same
new state, so ``replay`` (a fold of ``decide`` over the events) rebuilds any case exactly. A
state keeps moments to the second (as its JSON does): an event's time is taken to the second.
With another ``Law`` the replay answers "what would this case be under that law?"; with
``law_date`` it answers "which deadlines would this case have under the rule set of that
date?" — the events stay the same, only the law changes.

>>> from datetime import datetime
>>> from migrationpact.cases.events import parse_event
>>> events = [parse_event(e) for e in (
...     {"type": "application_made", "occurred_at": "2026-07-06T10:00", "entry": "in-territory",
...      "facts": {"nationality": "SYR", "age": 30}},
...     {"type": "application_registered", "occurred_at": "2026-07-08T09:00"})]
>>> state = replay("C-1", events)
>>> state.seq, state.stage, state.procedure, state.responsibility_regime
(2, 'registered', 'regular', 'AMMR')
>>> [(d.key, d.status, str(d.due)) for d in state.deadlines if d.key in ("APR-01", "APR-04")]
[('APR-01', 'met', '2026-07-13'), ('APR-04', 'open', '2026-07-29')]
>>> decide(state, parse_event({"type": "decision_taken", "occurred_at": "2026-07-09T09:00",
...     "outcome": "unfounded"}))
Traceback (most recent call last):
...
migrationpact.cases.errors.TransitionError: decision_taken refused: a decision is taken on a \
lodged application (APR Art. 35)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from migrationpact.cases.catalogue import Catalogue, Handler
from migrationpact.cases.clock import Draft
from migrationpact.cases.errors import TransitionError
from migrationpact.cases.events import CATALOGUE, AnyEvent
from migrationpact.cases.lapses import due_lapses
from migrationpact.cases.late import TooLateError
from migrationpact.cases.state import CaseState, initial_state
from migrationpact.law.law import Law

__all__ = ["FIRST_EVENTS", "TransitionError", "decide", "due_lapses", "replay"]

# Both read off the event catalogue, where each track declares its events and their handlers.
FIRST_EVENTS: tuple[str, ...] = CATALOGUE.first_events
HANDLERS: Mapping[str, Handler] = CATALOGUE.handlers


def _general_checks(state: CaseState, event: AnyEvent, catalogue: Catalogue) -> None:
    if state.closed:
        raise TransitionError(
            "APR Art. 55", event.type, "the case is closed; a later application is a new case"
        )
    if state.seq == 0 and event.type not in catalogue.first_events:
        raise TransitionError(
            "SR Art. 5, 7; APR Art. 26",
            event.type,
            "a case starts with screening, an application or a request received",
        )
    if state.first_event_at is not None and event.occurred_at < state.first_event_at:
        # Formatted before the call: the catalog extraction warns about an f-string in it.
        first = f"{state.first_event_at:%Y-%m-%d %H:%M}"
        raise TransitionError(
            "case chronology",
            event.type,
            "it happened before the case's first event (%(first)s)",
            {"first": first},
        )


def decide(
    state: CaseState,
    event: AnyEvent,
    *,
    law: Law | None = None,
    law_date: date | None = None,
    catalogue: Catalogue = CATALOGUE,
    history: bool = False,
) -> CaseState:
    """The state after ``event``, or ``TransitionError`` naming the rule the event breaks.

    ``law`` is the law the case is decided under (default: ``Law.default()``); ``law_date``
    imposes the rule set of that date on every period the event starts (replay);
    ``catalogue`` holds the handler of each kind of event (default: the shipped tracks);
    ``history``: the event is already recorded (replay), so a step now refused because it came
    after its deadline's end (``cases.late``) is kept, marked ``not-effective``.
    """
    draft = Draft(state, law or Law.default(), law_date)
    _apply(draft, (event,), catalogue, history)
    return draft.finish(last=True)


def replay(
    case_id: str,
    events: Iterable[AnyEvent],
    *,
    law: Law | None = None,
    law_date: date | None = None,
    catalogue: Catalogue = CATALOGUE,
) -> CaseState:
    """Fold ``decide`` over ``events`` (recorded history) from the initial state of ``case_id``.

    One draft takes every event in turn and is frozen once, at the end: the same state as a
    fold of ``decide`` (tests/unit/cases/test_fast_values.py), without a new state each event.
    """
    draft = Draft(initial_state(case_id), law or Law.default(), law_date)
    _apply(draft, events, catalogue, history=True)
    return draft.finish(last=True)


def _apply(draft: Draft, events: Iterable[AnyEvent], catalogue: Catalogue, history: bool) -> None:
    """Check each of ``events`` against the case, apply it to ``draft`` and commit it, or raise.

    One loop for all the events of a replay: the per-event steps are few and short, so the
    calls around them counted."""
    handlers, state = catalogue.handlers, draft.state
    for event in events:
        if event.occurred_at.microsecond:
            moment = event.occurred_at.replace(microsecond=0)
            event = event.model_copy(update={"occurred_at": moment})
        first = state.first_event_at
        if state.closed or not state.seq or (first is not None and event.occurred_at < first):
            _general_checks(state, event, catalogue)  # one of them may refuse the event
        draft.begin(event)
        handler = handlers[event.type]
        try:
            handler(draft, event)
        except TooLateError as exc:
            if not history:
                raise
            # Recorded before the step was refused after its deadline: keep it, without effect.
            draft.undo()
            draft.consequence("not-effective", exc.reason, basis=exc.rule)
        except TransitionError as exc:
            if draft.law_date is None or event.type != "deadline_lapsed":
                raise
            # Another rule set may give the deadline another end: keep the fact, note the change.
            draft.undo()
            draft.note(f"under the rule set of {draft.law_date.isoformat()}: {exc.reason}")
        draft.commit()

"""Cases: the events of an asylum case, the state they add up to, and its live deadlines.

A case is its events (``events``): screening, application, registration, lodging, decision,
appeal, Dublin requests and transfer, detention, stopped clocks. ``machine.decide`` checks each
event against the case and applies it, starting, meeting, suspending, extending and letting lapse
the deadlines the rule book attaches to it; ``machine.replay`` rebuilds a case from its events,
under the law of the day or of another date. ``worklist`` lists open deadlines per organisation.
Everything here is pure: no database, no clock, no network.
"""

from migrationpact.cases.errors import TransitionError
from migrationpact.cases.events import (
    EVENT_TYPES,
    AnyEvent,
    EventError,
    event_to_json,
    parse_event,
)
from migrationpact.cases.machine import decide, due_lapses, replay
from migrationpact.cases.state import CaseState, DeadlineEntry, initial_state

__all__ = [
    "EVENT_TYPES",
    "AnyEvent",
    "CaseState",
    "DeadlineEntry",
    "EventError",
    "TransitionError",
    "decide",
    "due_lapses",
    "event_to_json",
    "initial_state",
    "parse_event",
    "replay",
]

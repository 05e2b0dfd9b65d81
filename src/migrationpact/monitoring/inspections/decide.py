"""The rules of an inspection: ``decide`` applies one event to it, or refuses it.

Pure and total like the files' ``decide``: the same inspection and event always give the same
new state or the same refusal (a ``MonitoringRefused`` naming an ``IR-`` rule, with its reason
as a template and values so a page says it in Dutch); ``replay`` folds it over recorded events.

>>> from migrationpact.monitoring.inspections.events import parse_inspection_event as ev
>>> plan = ev({"type": "inspection_planned", "occurred_at": "2026-12-01T09:00",
...     "body": "InspectieJenV", "location": "AC-SCHIPHOL", "planned_for": "2026-12-07",
...     "announced": False})
>>> state = decide(initial_inspection("INS-1"), plan)
>>> state.status, state.body
('planned', 'InspectieJenV')
>>> decide(state, ev({"type": "finding_recorded", "occurred_at": "2026-12-07T15:00",
...     "text": "Nobody was told of the right to a lawyer.", "rights": ["47"]}))
Traceback (most recent call last):
...
migrationpact.monitoring.inspections.decide.InspectionRefused: finding_recorded refused: \
the visit is not carried out yet (IR-3: findings follow the visit)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from migrationpact.monitoring.decide import MonitoringRefused
from migrationpact.monitoring.editions import MonitoringDataError
from migrationpact.monitoring.inspections import events as ev
from migrationpact.monitoring.inspections.data import LocationsBook, default_locations
from migrationpact.monitoring.inspections.state import (
    Finding,
    InspectionState,
    Plan,
    Recommendation,
    Response,
    Visit,
    initial_inspection,
)

__all__ = ["RULES", "InspectionRefused", "decide", "initial_inspection", "replay"]

#: The inspections' rules, by id: what each refusal cites.
RULES: Mapping[str, str] = {
    "IR-1": "an inspection opens with one plan, at a location of the list in force on its day",
    "IR-2": "a visit is recorded once",
    "IR-3": "findings follow the visit",
    "IR-4": "a recommendation rests on the inspection's findings, made on or after the visit",
    "IR-5": "a response answers a recommendation that waits for one, on or after it was made",
    "IR-6": "an inspection is completed after its visit once no recommendation waits for its "
    "response, or cancelled before its visit",
    "IR-7": "a closed inspection takes no more events",
    "IR-8": "an inspection is shared with the other body, once",
    "IR-9": "events follow the plan in time",
}


class InspectionRefused(MonitoringRefused):
    """A refusal citing an inspection rule (the files' refusal, so every front end says it)."""

    def __init__(self, rule: str, event_type: str, reason: str, params: Mapping[str, str]) -> None:
        self.rule = rule
        self.event_type = event_type
        self.template = reason
        self.params = dict(params)
        self.reason = reason % self.params if self.params else reason
        ValueError.__init__(self, f"{event_type} refused: {self.reason} ({rule}: {RULES[rule]})")


def _refuse(rule: str, event: Any, reason: str, **params: str) -> MonitoringRefused:
    return InspectionRefused(rule, event.type, reason, params)


def decide(
    state: InspectionState, event: Any, locations: LocationsBook | None = None
) -> InspectionState:
    """The inspection after ``event``, or ``MonitoringRefused`` naming the rule it breaks."""
    if isinstance(event, ev.InspectionPlanned):
        return _planned(state, event, locations or default_locations())
    if state.plan is None:
        raise _refuse("IR-1", event, "the inspection is not planned yet")
    if state.status == "closed":
        raise _refuse("IR-7", event, "the inspection is closed")
    if event.occurred_at < state.plan.at:
        raise _refuse(
            "IR-9", event, "it is dated before the inspection was planned (%(at)s)",
            at=f"{state.plan.at:%Y-%m-%d %H:%M}",
        )  # fmt: skip
    handler = _HANDLERS[event.type]
    return handler(state, event).model_copy(update={"seq": state.seq + 1})


def replay(
    reference: str, events: Iterable[Any], locations: LocationsBook | None = None
) -> InspectionState:
    """Fold ``decide`` over recorded ``events`` from the empty inspection ``reference``."""
    state = initial_inspection(reference)
    for event in events:
        state = decide(state, event, locations)
    return state


def _planned(
    state: InspectionState, event: ev.InspectionPlanned, locations: LocationsBook
) -> InspectionState:
    if state.plan is not None:
        raise _refuse("IR-1", event, "the inspection is planned already")
    day = event.planned_for.isoformat()
    try:
        listed = locations.at(event.planned_for)
    except MonitoringDataError:
        raise _refuse(
            "IR-1", event, "no list of locations is in force on %(day)s", day=day
        ) from None
    if listed.location(event.location) is None:
        raise _refuse(
            "IR-1", event, "%(location)s is not a location of the list in force on %(day)s",
            location=event.location, day=day,
        )  # fmt: skip
    plan = Plan(**event.model_dump(exclude={"type", "occurred_at"}), at=event.occurred_at)
    return state.model_copy(update={"seq": 1, "status": "planned", "plan": plan})


def _visited(state: InspectionState, event: ev.VisitCarriedOut) -> InspectionState:
    if state.visit is not None:
        raise _refuse("IR-2", event, "the visit is recorded already")
    visit = Visit(**event.model_dump(exclude={"type", "occurred_at"}), at=event.occurred_at)
    return state.model_copy(update={"visit": visit, "status": "visited"})


def _finding(state: InspectionState, event: ev.FindingRecorded) -> InspectionState:
    if state.visit is None:
        raise _refuse("IR-3", event, "the visit is not carried out yet")
    finding = Finding(
        number=len(state.findings) + 1,
        **event.model_dump(exclude={"type", "occurred_at"}),
        at=event.occurred_at,
    )
    return state.model_copy(update={"findings": (*state.findings, finding)})


def _recommendation(state: InspectionState, event: ev.RecommendationMade) -> InspectionState:
    if state.visit is None:
        raise _refuse("IR-4", event, "the visit is not carried out yet")
    unknown = [n for n in event.findings if n > len(state.findings)]
    if unknown:
        raise _refuse(
            "IR-4", event, "the inspection has no finding %(numbers)s",
            numbers=", ".join(str(n) for n in unknown),
        )  # fmt: skip
    if event.made_on < state.visit.visited_on:
        raise _refuse("IR-4", event, "the recommendation is dated before the visit")
    made = Recommendation(
        number=len(state.recommendations) + 1,
        **event.model_dump(exclude={"type", "occurred_at"}),
        at=event.occurred_at,
    )
    return state.model_copy(update={"recommendations": (*state.recommendations, made)})


def _response(state: InspectionState, event: ev.ResponseRecorded) -> InspectionState:
    found = state.recommendation(event.recommendation)
    number = str(event.recommendation)
    if found is None:
        raise _refuse(
            "IR-5", event, "the inspection has no recommendation %(number)s", number=number
        )
    if found.response is not None:
        raise _refuse("IR-5", event, "recommendation %(number)s has its response", number=number)
    if event.received_on < found.made_on:
        raise _refuse("IR-5", event, "the response is dated before the recommendation")
    response = Response(
        **event.model_dump(exclude={"type", "occurred_at", "recommendation"}),
        at=event.occurred_at,
    )
    answered = found.model_copy(update={"response": response})
    recommendations = tuple(answered if r is found else r for r in state.recommendations)
    return state.model_copy(update={"recommendations": recommendations})


def _closed(state: InspectionState, event: ev.InspectionClosed) -> InspectionState:
    if event.reason == "cancelled" and state.visit is not None:
        raise _refuse("IR-6", event, "the visit is carried out; it cannot be cancelled")
    if event.reason == "completed" and state.visit is None:
        raise _refuse("IR-6", event, "the visit is not carried out yet")
    if state.waiting:
        raise _refuse(
            "IR-6", event, "recommendations wait for their response: %(numbers)s",
            numbers=", ".join(str(r.number) for r in state.waiting),
        )  # fmt: skip
    return state.model_copy(
        update={
            "status": "closed",
            "closed_at": event.occurred_at,
            "close_reason": event.reason,
            "close_note": event.note,
        }
    )


def _shared(state: InspectionState, event: ev.InspectionShared) -> InspectionState:
    if event.with_body == state.body:
        raise _refuse("IR-8", event, "%(body)s keeps the inspection", body=event.with_body)
    if event.with_body in state.shared_with:
        raise _refuse(
            "IR-8", event, "the inspection is shared with %(body)s already", body=event.with_body
        )
    return state.model_copy(update={"shared_with": (*state.shared_with, event.with_body)})


_HANDLERS: Mapping[str, Callable[[InspectionState, Any], InspectionState]] = {
    "visit_carried_out": _visited,
    "finding_recorded": _finding,
    "recommendation_made": _recommendation,
    "response_recorded": _response,
    "inspection_closed": _closed,
    "inspection_shared": _shared,
}

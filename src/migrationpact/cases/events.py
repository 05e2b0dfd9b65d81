"""Events: the facts of a case, one act at a time, as the people who did them record them.

A case is nothing but its events, in order. Each event says *what* happened (``type``) and
*when* (``occurred_at``: local Dutch time, without a zone, the moment the act happened — time
limits count from it, not from the moment somebody typed it in). Everything else a caseworker,
a court or the monitoring mechanism sees about a case (its stage, its open deadlines, who is
responsible) is computed from the events by ``machine.decide``.

Events are frozen pydantic models that refuse unknown fields, so a misspelt field is an error
rather than a silently lost fact (``eventbase``). Each kind is declared in the module of its track,
beside the handler that applies it (``application``, ``decision``, ``dublin``, ``clocks``,
``lapses``); this module puts the tracks together into ``CATALOGUE`` (``cases.catalogue``) and
offers the events to the rest of the system: ``AnyEvent`` (the union the store and the API
read), ``parse_event``, which reads one from JSON data and explains a problem in one line
naming the field, and ``event_to_json``, the canonical JSON form that ``parse_event`` reads back
to an equal event. The event classes can still be imported from here.

>>> e = parse_event({"type": "application_made", "occurred_at": "2026-07-02T09:30"})
>>> e.occurred_at, event_to_json(e)["occurred_at"]
(datetime.datetime(2026, 7, 2, 9, 30), '2026-07-02T09:30:00')
>>> parse_event(event_to_json(e)) == e
True
>>> parse_event({"type": "application_registered", "occurred_at": "2 July"})
Traceback (most recent call last):
...
migrationpact.cases.events.EventError: application_registered: occurred_at: a date-time \
YYYY-MM-DDTHH:MM is needed (got "2 July")
>>> parse_event({"type": "take_back_notification_sent", "occurred_at": "2026-07-02T09:30",
...              "member_state": "Duitsland"})
Traceback (most recent call last):
...
migrationpact.cases.events.EventError: take_back_notification_sent: member_state: an ISO 3166-1 \
alpha-3 code of a member state applying the AMMR is needed, e.g. "DEU" (got "Duitsland")
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

from pydantic import ValidationError

from migrationpact.cases import (
    application,
    clocks,
    crisis_transfers,
    decision,
    dublin,
    dublin_arrivals,
    guarantees,
    humanitarian,
    ind_office,
    lapses,
    reception,
    returns,
)

# The event classes of the shipped tracks, re-exported for code that reads ``events.X``; a new
# event need not be added here: its model is imported from its track module.
from migrationpact.cases.application import (
    ApplicationLodged,
    ApplicationMade,
    ApplicationRegistered,
    BiometricsTaken,
    EntryKind,
    FactsRecorded,
    InterviewHeld,
    LegalCounsellingProvided,
    LegalCounsellingRequested,
    ReceptionInformationGiven,
    RepresentativeAppointed,
    ScreeningCompleted,
    ScreeningStarted,
    VulnerabilityAssessed,
)
from migrationpact.cases.catalogue import Catalogue
from migrationpact.cases.clocks import (
    Absconded,
    CaseClosed,
    ClockResumed,
    ClockSuspended,
    Detained,
    Reappeared,
    Released,
)
from migrationpact.cases.decision import (
    NEGATIVE_OUTCOMES,
    AppealDecided,
    AppealLodged,
    DecisionNotified,
    DecisionOutcome,
    DecisionTaken,
    EntryAuthorised,
    ExaminationExtended,
    RequestToRemainDecided,
    RequestToRemainLodged,
    ReturnBorderProcedureStarted,
)
from migrationpact.cases.dublin import (
    EurodacHitReceived,
    ReplyReceived,
    ReplySent,
    ResponsibilityDetermined,
    TakeBackNotificationConfirmed,
    TakeBackNotificationSent,
    TakeChargeRequestReceived,
    TakeChargeRequestSent,
    TransferCarriedOut,
    TransferDecisionNotified,
    TransferDecisionTaken,
)
from migrationpact.cases.eventbase import Event, FactsUpdate, InadmissibilityGround, LocalMoment
from migrationpact.cases.lapses import ConsequenceCode, DeadlineLapsed
from migrationpact.law.codes import STORED

#: The tracks of the procedure, each declaring its own events; a new track module goes here.
TRACKS = (
    application.TRACK,
    reception.TRACK,
    decision.TRACK,
    dublin.TRACK,
    dublin_arrivals.TRACK,
    crisis_transfers.TRACK,
    clocks.TRACK,
    lapses.TRACK,
    returns.TRACK,
    humanitarian.TRACK,
    guarantees.TRACK,
    ind_office.TRACK,
)
#: Every kind of event a case knows, track by track.
CATALOGUE = Catalogue.of(*TRACKS)

if TYPE_CHECKING:
    # For the type checker any event is an ``Event``: a union spelled out here would be a second
    # list of the event types to keep in step with the tracks.
    AnyEvent: TypeAlias = Event
else:
    # At run time the discriminated union of every kind, which pydantic and FastAPI read (the
    # API's request bodies and their OpenAPI schema come from it).
    AnyEvent = CATALOGUE.union

EVENT_TYPES: tuple[str, ...] = CATALOGUE.types


class EventError(ValueError):
    """An event cannot be read: unknown type, missing or malformed field (one line)."""


def _message(kind: str, exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = [str(p) for p in err["loc"]]
    if loc and loc[0] == kind:
        loc = loc[1:]
    where = ".".join(loc)
    if err["type"] == "extra_forbidden":
        return f"{kind}: unknown field {where!r}"
    if err["type"] == "missing":
        return f"{kind}: {where}: this field is required"
    text = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] != "value_error" and "input" in err:
        text += f" (got {json.dumps(err['input'], default=str)})"
    return f"{kind}: {where}: {text}" if where else f"{kind}: {text}"


def parse_event(
    data: Mapping[str, Any], *, catalogue: Catalogue = CATALOGUE, stored: bool = False
) -> AnyEvent:
    """One event from JSON data; ``EventError`` with a one-line message naming the field.

    ``catalogue``: the kinds of event to read (the shipped ones unless another is given);
    ``stored``: the event is read back from a store, where a country, member state or language
    recorded before codes were checked stands as it was (``law.codes``): it is not checked
    again. A new event is read with ``stored`` False, and an unknown code is refused.
    """
    if not isinstance(data, Mapping):
        raise EventError("an event must be one JSON object")
    kind = data.get("type")
    if kind not in catalogue:
        raise EventError(
            f"unknown event type {json.dumps(kind, default=str)}; "
            f"known: {', '.join(catalogue.types)}"
        )
    try:
        # A dict is read as it is (pydantic does not change its input; a rebuild reads a
        # million); another mapping is copied into one first.
        event: Event = catalogue.adapter.validate_python(
            data if type(data) is dict else dict(data), context=STORED if stored else None
        )
    except ValidationError as exc:
        raise EventError(_message(str(kind), exc).replace("\n", " ")) from None
    return event


def event_to_json(event: AnyEvent) -> dict[str, Any]:
    """The canonical JSON form: every field, dates as ISO text; ``parse_event`` reads it back."""
    data: dict[str, Any] = event.model_dump(mode="json")
    return data


__all__ = [
    "CATALOGUE",
    "EVENT_TYPES",
    "NEGATIVE_OUTCOMES",
    "TRACKS",
    "Absconded",
    "AnyEvent",
    "AppealDecided",
    "AppealLodged",
    "ApplicationLodged",
    "ApplicationMade",
    "ApplicationRegistered",
    "BiometricsTaken",
    "CaseClosed",
    "ClockResumed",
    "ClockSuspended",
    "ConsequenceCode",
    "DeadlineLapsed",
    "DecisionNotified",
    "DecisionOutcome",
    "DecisionTaken",
    "Detained",
    "EntryAuthorised",
    "EntryKind",
    "EurodacHitReceived",
    "Event",
    "EventError",
    "ExaminationExtended",
    "FactsRecorded",
    "FactsUpdate",
    "InadmissibilityGround",
    "InterviewHeld",
    "LegalCounsellingProvided",
    "LegalCounsellingRequested",
    "LocalMoment",
    "Reappeared",
    "ReceptionInformationGiven",
    "Released",
    "ReplyReceived",
    "ReplySent",
    "RepresentativeAppointed",
    "RequestToRemainDecided",
    "RequestToRemainLodged",
    "ResponsibilityDetermined",
    "ReturnBorderProcedureStarted",
    "ScreeningCompleted",
    "ScreeningStarted",
    "TakeBackNotificationConfirmed",
    "TakeBackNotificationSent",
    "TakeChargeRequestReceived",
    "TakeChargeRequestSent",
    "TransferCarriedOut",
    "TransferDecisionNotified",
    "TransferDecisionTaken",
    "VulnerabilityAssessed",
    "event_to_json",
    "parse_event",
]

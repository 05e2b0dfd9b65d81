"""Events: the facts of a case, one act at a time, as the people who did them record them.

A case is nothing but its events, in order. Each event says *what* happened (``type``) and
*when* (``occurred_at``: local Dutch time, without a zone, the moment the act happened — time
limits count from it, not from the moment somebody typed it in). Everything else a caseworker,
a court or the monitoring mechanism sees about a case (its stage, its open deadlines, who is
responsible) is computed from the events by ``machine.decide``.

Events are frozen pydantic models that refuse unknown fields, so a misspelt field is an error
rather than a silently lost fact. ``parse_event`` reads one from JSON data and explains a problem
in one line naming the field; ``event_to_json`` gives the canonical JSON form that
``parse_event`` reads back to an equal event.

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
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
)

from migrationpact.cases.models import FamilyGroup, Moment, Person, Referral, ScreeningForm
from migrationpact.law.rulebook.schema import Citation

EntryKind = Literal[
    "border-crossing", "sar-disembarkation", "border-crossing-point", "in-territory", "relocation"
]
DecisionOutcome = Literal[
    "refugee-status",
    "subsidiary-protection",
    "inadmissible",
    "unfounded",
    "manifestly-unfounded",
    "implicitly-withdrawn",
    "explicitly-withdrawn",
]
NEGATIVE_OUTCOMES: frozenset[str] = frozenset(
    {"inadmissible", "unfounded", "manifestly-unfounded", "implicitly-withdrawn"}
)
InadmissibilityGround = Literal["38(1)(a)", "38(1)(b)", "38(1)(c)", "38(1)(d)", "38(1)(e)", "38(2)"]


class EventError(ValueError):
    """An event cannot be read: unknown type, missing or malformed field (one line)."""


def _moment(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise ValueError("local Dutch time without a zone is needed (got a time zone)")
        return value
    if isinstance(value, str) and "T" in value:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if parsed.tzinfo is None:
                return parsed
            raise ValueError(f"local Dutch time without a zone is needed (got {value!r})")
    raise ValueError(
        f"a date-time YYYY-MM-DDTHH:MM is needed (got {json.dumps(value, default=str)})"
    )


LocalMoment = Annotated[
    datetime,
    BeforeValidator(_moment),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$",
            "description": "Local Dutch time without a zone, YYYY-MM-DDTHH:MM",
            "examples": ["2026-07-06T10:00"],
        }
    ),
]


class FactsUpdate(BaseModel):
    """Routing facts (``law.routing.Facts``) recorded or corrected by an event; None = unchanged."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    nationality: str | None = None
    age: int | None = Field(default=None, ge=0, le=130)
    unaccompanied: bool | None = None
    security_risk: bool | None = None
    misled_authorities: bool | None = None
    special_needs_unsupported: bool | None = None
    medical_grounds: bool | None = None
    detention_guarantees_unmet: bool | None = None
    border_capacity_reached: bool | None = None
    annual_maximum_reached: bool | None = None
    crisis: str | None = None


def _type_is_required(schema: dict[str, Any]) -> None:
    """In JSON Schema the ``type`` tag is required: it selects the kind of event."""
    required = schema.setdefault("required", [])
    if "type" not in required:
        required.insert(0, "type")


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_type_is_required)

    occurred_at: LocalMoment
    note: str | None = None


# --- screening and application ------------------------------------------------------------


class ScreeningStarted(_Event):
    type: Literal["screening_started"] = "screening_started"
    entry: Literal["border-crossing", "sar-disembarkation", "border-crossing-point", "in-territory"]
    location: str | None = None
    person: Person | None = None


class ScreeningCompleted(_Event):
    type: Literal["screening_completed"] = "screening_completed"
    form: ScreeningForm
    referral: Referral


class ApplicationMade(_Event):
    type: Literal["application_made"] = "application_made"
    entry: EntryKind | None = None
    person: Person | None = None
    family: FamilyGroup | None = None
    facts: FactsUpdate | None = None


class ApplicationRegistered(_Event):
    type: Literal["application_registered"] = "application_registered"
    facts: FactsUpdate | None = None
    v_number: str | None = Field(default=None, pattern=r"^\d{10}$")


class ApplicationLodged(_Event):
    type: Literal["application_lodged"] = "application_lodged"
    inadmissibility_ground: InadmissibilityGround | None = None


class FactsRecorded(_Event):
    type: Literal["facts_recorded"] = "facts_recorded"
    facts: FactsUpdate


class BiometricsTaken(_Event):
    type: Literal["biometrics_taken"] = "biometrics_taken"
    transmitted_to_eurodac: bool = True


class EurodacHitReceived(_Event):
    type: Literal["eurodac_hit_received"] = "eurodac_hit_received"
    purpose: Literal["take-charge", "take-back"]
    member_state: str


class LegalCounsellingRequested(_Event):
    type: Literal["legal_counselling_requested"] = "legal_counselling_requested"


class LegalCounsellingProvided(_Event):
    type: Literal["legal_counselling_provided"] = "legal_counselling_provided"
    provider: str | None = None


class VulnerabilityAssessed(_Event):
    type: Literal["vulnerability_assessed"] = "vulnerability_assessed"
    assessment: Literal["special-reception-needs", "special-procedural-guarantees", "both"]
    needs: list[str] = Field(default_factory=list)
    facts: FactsUpdate | None = None


class ReceptionInformationGiven(_Event):
    """The applicant was told of their reception rights and duties (RCD Art. 5(1))."""

    type: Literal["reception_information_given"] = "reception_information_given"
    language: str | None = Field(default=None, description="language the information was given in")


class RepresentativeAppointed(_Event):
    type: Literal["representative_appointed"] = "representative_appointed"
    provisional: bool = False


class InterviewHeld(_Event):
    type: Literal["interview_held"] = "interview_held"
    kind: Literal["admissibility", "substantive", "responsibility"] = "substantive"


class ExaminationExtended(_Event):
    type: Literal["examination_extended"] = "examination_extended"
    extension: Literal["APR-11", "APR-14"]
    ground: Literal["disproportionate-numbers", "complex-issues", "applicant-breach"]


# --- decision and remedies ----------------------------------------------------------------


class DecisionTaken(_Event):
    type: Literal["decision_taken"] = "decision_taken"
    outcome: DecisionOutcome
    inadmissibility_ground: InadmissibilityGround | None = None


class DecisionNotified(_Event):
    type: Literal["decision_notified"] = "decision_notified"
    to: Literal["applicant", "representative", "legal-adviser"] = "applicant"


class AppealLodged(_Event):
    type: Literal["appeal_lodged"] = "appeal_lodged"
    against: Literal["decision", "transfer-decision"] = "decision"
    suspension_requested: bool = False
    court: str | None = None


class AppealDecided(_Event):
    type: Literal["appeal_decided"] = "appeal_decided"
    against: Literal["decision", "transfer-decision"] = "decision"
    outcome: Literal["dismissed", "upheld", "annulled-remitted", "withdrawn"]


class RequestToRemainLodged(_Event):
    type: Literal["request_to_remain_lodged"] = "request_to_remain_lodged"


class RequestToRemainDecided(_Event):
    type: Literal["request_to_remain_decided"] = "request_to_remain_decided"
    granted: bool


# --- responsibility (AMMR / Dublin III) ---------------------------------------------------


class TakeChargeRequestSent(_Event):
    type: Literal["take_charge_request_sent"] = "take_charge_request_sent"
    member_state: str
    hit_based: bool = False
    urgent: bool = False


class TakeChargeRequestReceived(_Event):
    """Another state asks the Netherlands to take charge; this opens a case of its own."""

    type: Literal["take_charge_request_received"] = "take_charge_request_received"
    member_state: str
    hit_based: bool = False
    urgent: bool = False
    registered_on: date | None = Field(
        default=None, description="registration in the requesting state (AMMR Art. 84(2))"
    )
    person: Person | None = None


class ResponsibilityDetermined(_Event):
    """The Dublin check found the state responsible without a request (usually the Netherlands)."""

    type: Literal["responsibility_determined"] = "responsibility_determined"
    member_state: str = "NLD"
    basis: str = Field(min_length=1, description="criterion, e.g. 'AMMR Art. 16(2) first state'")


class ReplyReceived(_Event):
    type: Literal["reply_received"] = "reply_received"
    outcome: Literal["accepted", "refused", "accepted-by-silence"]


class ReplySent(_Event):
    type: Literal["reply_sent"] = "reply_sent"
    outcome: Literal["accepted", "refused"]


class TakeBackNotificationSent(_Event):
    type: Literal["take_back_notification_sent"] = "take_back_notification_sent"
    member_state: str


class TakeBackNotificationConfirmed(_Event):
    type: Literal["take_back_notification_confirmed"] = "take_back_notification_confirmed"
    by_silence: bool = False


class TransferDecisionTaken(_Event):
    type: Literal["transfer_decision_taken"] = "transfer_decision_taken"


class TransferDecisionNotified(_Event):
    type: Literal["transfer_decision_notified"] = "transfer_decision_notified"


class TransferCarriedOut(_Event):
    type: Literal["transfer_carried_out"] = "transfer_carried_out"


# --- liberty, whereabouts, clocks ---------------------------------------------------------


class Absconded(_Event):
    type: Literal["absconded"] = "absconded"


class Reappeared(_Event):
    type: Literal["reappeared"] = "reappeared"


class Detained(_Event):
    type: Literal["detained"] = "detained"
    ground: Literal["border-procedure", "dublin-transfer", "return", "imprisonment", "other"]


class Released(_Event):
    type: Literal["released"] = "released"


class ClockSuspended(_Event):
    type: Literal["clock_suspended"] = "clock_suspended"
    deadlines: list[str] = Field(min_length=1, description="deadline keys or rule ids")
    legal_basis: list[Citation] = Field(min_length=1)
    reason: str = Field(min_length=1)


class ClockResumed(_Event):
    type: Literal["clock_resumed"] = "clock_resumed"
    deadlines: list[str] = Field(default_factory=list, description="empty: every suspended one")


class EntryAuthorised(_Event):
    type: Literal["entry_authorised"] = "entry_authorised"
    reason: Literal[
        "maximum-reached", "apr-53-2-exclusion", "capacity", "positive-decision", "other"
    ] = "other"


class ReturnBorderProcedureStarted(_Event):
    type: Literal["return_border_procedure_started"] = "return_border_procedure_started"


ConsequenceCode = Literal[
    "registering-state-responsible",
    "accepted-by-silence",
    "confirmed-by-silence",
    "responsibility-shifted",
    "detention-must-end",
    "entry-authorised",
    "return-border-procedure-applies",
    "screening-ends",
    "implicit-withdrawal-may-follow",
    "decision-final",
    "no-request-to-remain",
    "return-border-maximum-reached",
    "none",
]


class DeadlineLapsed(_Event):
    """System event: an open deadline ran out; ``consequence`` is what the law attaches to it."""

    type: Literal["deadline_lapsed"] = "deadline_lapsed"
    key: str
    rule_id: str
    due: Moment
    consequence: ConsequenceCode = "none"
    consequence_text: str | None = None


class CaseClosed(_Event):
    type: Literal["case_closed"] = "case_closed"
    reason: Literal[
        "protection-granted", "transferred", "returned", "withdrawn", "departed", "merged", "other"
    ]


AnyEvent = Annotated[
    ScreeningStarted
    | ScreeningCompleted
    | ApplicationMade
    | ApplicationRegistered
    | ApplicationLodged
    | FactsRecorded
    | BiometricsTaken
    | EurodacHitReceived
    | LegalCounsellingRequested
    | LegalCounsellingProvided
    | VulnerabilityAssessed
    | ReceptionInformationGiven
    | RepresentativeAppointed
    | InterviewHeld
    | ExaminationExtended
    | DecisionTaken
    | DecisionNotified
    | AppealLodged
    | AppealDecided
    | RequestToRemainLodged
    | RequestToRemainDecided
    | TakeChargeRequestSent
    | TakeChargeRequestReceived
    | ResponsibilityDetermined
    | ReplyReceived
    | ReplySent
    | TakeBackNotificationSent
    | TakeBackNotificationConfirmed
    | TransferDecisionTaken
    | TransferDecisionNotified
    | TransferCarriedOut
    | Absconded
    | Reappeared
    | Detained
    | Released
    | ClockSuspended
    | ClockResumed
    | EntryAuthorised
    | ReturnBorderProcedureStarted
    | DeadlineLapsed
    | CaseClosed,
    Field(discriminator="type"),
]

_ADAPTER: TypeAdapter[AnyEvent] = TypeAdapter(AnyEvent)
EVENT_TYPES: tuple[str, ...] = tuple(
    get_args(cls.model_fields["type"].annotation)[0] for cls in get_args(get_args(AnyEvent)[0])
)


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


def parse_event(data: Mapping[str, Any]) -> AnyEvent:
    """One event from JSON data; ``EventError`` with a one-line message naming the field."""
    if not isinstance(data, Mapping):
        raise EventError("an event must be one JSON object")
    kind = data.get("type")
    if kind not in EVENT_TYPES:
        raise EventError(
            f"unknown event type {json.dumps(kind, default=str)}; known: {', '.join(EVENT_TYPES)}"
        )
    try:
        return _ADAPTER.validate_python(dict(data))
    except ValidationError as exc:
        raise EventError(_message(str(kind), exc).replace("\n", " ")) from None


def event_to_json(event: AnyEvent) -> dict[str, Any]:
    """The canonical JSON form: every field, dates as ISO text; ``parse_event`` reads it back."""
    data: dict[str, Any] = event.model_dump(mode="json")
    return data

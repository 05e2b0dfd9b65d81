"""Event forms: which fields a form has, and how what was typed becomes an event.

A form is a list of ``Field``s. The form of a simple event is read off the event's own model
(``cases.events``): a choice of values becomes a select, a yes/no a checkbox, a date-time a
``datetime-local`` input (local Dutch time, ``YYYY-MM-DDTHH:MM``), a list a comma-separated
text. The screening form (SR Art. 17(1)) is nested and spelled out by hand here; the other
forms with nested data (a person, routing facts, a legal basis) are in ``nested_forms``.

``read_form`` turns the submitted text into the event's JSON data and validates it with the
event's model; every problem is reported against the field it belongs to (a dotted name such
as ``form.nationality``), and the typed text is kept so the form can be shown again unchanged.

>>> spec = form_for("decision_taken")
>>> [f.name for f in spec.fields][:3]
['occurred_at', 'outcome', 'inadmissibility_ground']
>>> data, errors = read_form(spec, {"occurred_at": "2026-11-30T10:00", "outcome": "unfounded"})
>>> data["outcome"], errors
('unfounded', {})
>>> read_form(spec, {"occurred_at": "30-11-2026"})[1]["occurred_at"]
'Enter a date and time as YYYY-MM-DDTHH:MM.'
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from migrationpact.cases import events as ev
from migrationpact.cases.models import Referral
from migrationpact.web.labels import CHOICE_LABELS, FIELD_LABELS, GROUP_LABELS, N_

Kind = Literal[
    "datetime", "date", "text", "textarea", "select", "checkbox", "tristate", "list", "integer"
]
#: Fills in what the form does not ask (a generated pseudonym, …) before validation.
Completion = Callable[[dict[str, Any], Mapping[str, str]], None]
_ADAPTER: TypeAdapter[ev.AnyEvent] = TypeAdapter(ev.AnyEvent)


@dataclass(frozen=True)
class Field:
    """One input of a form; ``name`` is the dotted path into the event's JSON."""

    name: str
    kind: Kind
    required: bool = False
    choices: tuple[str, ...] = ()
    hint: str = ""
    default: str = ""

    @property
    def id(self) -> str:
        return "f-" + self.name.replace(".", "-").replace("_", "-")

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.name.rsplit(".", 1)[-1], self.name.rsplit(".", 1)[-1])

    def choice_label(self, value: str) -> str:
        return CHOICE_LABELS.get(value, value)


@dataclass(frozen=True)
class EventForm:
    event_type: str
    fields: tuple[Field, ...]
    complete: Completion | None = None

    def groups(self) -> list[tuple[str, list[Field]]]:
        """The fields in runs that share a nested group (``person``, ``facts``, …), in order;
        the group is "" for top-level fields and those of the screening form."""
        runs: list[tuple[str, list[Field]]] = []
        for field in self.fields:
            head = field.name.split(".", 1)[0] if "." in field.name else ""
            group = head if head in GROUP_LABELS else ""
            if runs and runs[-1][0] == group:
                runs[-1][1].append(field)
            else:
                runs.append((group, [field]))
        return runs


OCCURRED = Field("occurred_at", "datetime", required=True, hint=N_("Local time, YYYY-MM-DDTHH:MM"))
NOTE = Field("note", "textarea")

SCREENING_FORM = EventForm(
    "screening_completed",
    (
        OCCURRED,
        Field("referral", "select", True, get_args(Referral)),
        Field("form.names", "list", hint=N_("Separate names with commas")),
        Field("form.date_of_birth", "date"),
        Field("form.place_of_birth", "text"),
        Field("form.sex", "select", choices=("unknown", "F", "M", "X")),
        Field("form.nationality", "text", hint=N_("ISO 3166-1 alpha-3 code, e.g. SYR")),
        Field("form.stateless", "checkbox"),
        Field("form.countries_of_residence", "list", hint=N_("ISO alpha-3 codes, commas")),
        Field("form.languages", "list", hint=N_("ISO 639-3 codes, commas")),
        Field(
            "form.reason_for_screening",
            "select",
            choices=(
                "border-crossing",
                "sar-disembarkation",
                "border-crossing-point",
                "in-territory",
            ),
        ),
        Field("form.health_check", "textarea", hint=N_("Preliminary health check, SR Art. 12")),
        Field(
            "form.vulnerability", "textarea", hint=N_("Preliminary vulnerability check, SR Art. 12")
        ),
        Field("form.special_reception_needs", "tristate"),
        Field("form.special_procedural_needs", "tristate"),
        Field("form.applied_for_asylum", "tristate"),
        Field("form.database_hit", "tristate", hint=N_("Hit in the SR Art. 15 checks")),
        Field("form.cooperated", "tristate", hint=N_("Duty to cooperate, SR Art. 9")),
        NOTE,
    ),
)

#: Events with a form, in the order the case page offers them (the main steps first).
FORM_TYPES: tuple[str, ...] = (
    "screening_completed",
    "application_made",
    "application_registered",
    "application_lodged",
    "decision_taken",
    "decision_notified",
    "appeal_lodged",
    "take_charge_request_sent",
    "reply_received",
    "transfer_decision_taken",
    "transfer_decision_notified",
    "transfer_carried_out",
    "biometrics_taken",
    "eurodac_hit_received",
    "legal_counselling_requested",
    "legal_counselling_provided",
    "vulnerability_assessed",
    "representative_appointed",
    "interview_held",
    "examination_extended",
    "appeal_decided",
    "request_to_remain_lodged",
    "request_to_remain_decided",
    "responsibility_determined",
    "reply_sent",
    "take_back_notification_sent",
    "take_back_notification_confirmed",
    "absconded",
    "reappeared",
    "detained",
    "released",
    "entry_authorised",
    "return_border_procedure_started",
    "facts_recorded",
    "clock_suspended",
    "clock_resumed",
    "case_closed",
)
MAIN_TYPES: frozenset[str] = frozenset(FORM_TYPES[:12])


def _event_classes() -> dict[str, type[BaseModel]]:
    classes: dict[str, type[BaseModel]] = {}
    for cls in get_args(get_args(ev.AnyEvent)[0]):
        kind = get_args(cls.model_fields["type"].annotation)[0]
        classes[kind] = cls
    return classes


EVENT_CLASSES = _event_classes()


def _simple_field(name: str, annotation: Any, required: bool, default: Any) -> Field | None:
    """A ``Field`` for a model field of a simple type; None for nested data."""
    args = get_args(annotation)
    if get_origin(annotation) in (Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _simple_field(name, inner[0], False, default) if len(inner) == 1 else None
    if get_origin(annotation) is Literal:
        shown = default if isinstance(default, str) else ""
        return Field(name, "select", required, tuple(str(a) for a in args), default=shown)
    if annotation is bool:
        return Field(name, "checkbox", default="on" if default is True else "")
    if annotation is str:
        return Field(name, "text", required, default=default if isinstance(default, str) else "")
    if annotation is date:
        return Field(name, "date", required)
    if get_origin(annotation) is list and args and args[0] is str:
        return Field(name, "list", required)
    return None


def form_for(event_type: str) -> EventForm:
    """The form of ``event_type`` on an existing case (``KeyError`` if it has none)."""
    from migrationpact.web.nested_forms import NESTED_FORMS  # they build on this module

    if event_type == "screening_completed":
        return SCREENING_FORM
    if event_type in NESTED_FORMS and event_type in FORM_TYPES:
        return NESTED_FORMS[event_type]
    if event_type not in FORM_TYPES:
        raise KeyError(event_type)
    fields: list[Field] = [OCCURRED]
    for name, info in EVENT_CLASSES[event_type].model_fields.items():
        if name in ("type", "occurred_at", "note", "facts"):
            continue
        field = _simple_field(name, info.annotation, info.is_required(), info.default)
        if field is None:
            raise KeyError(f"{event_type}.{name}")
        fields.append(field)
    fields.append(NOTE)
    return EventForm(event_type, tuple(fields))


def _put(data: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


def _convert(field: Field, text: str) -> tuple[Any, str | None]:
    """(value, error message id); value ``...`` means: leave the field out."""
    text = text.strip()
    if field.kind == "checkbox":
        return bool(text), None
    if not text:
        return ..., (N_("This field is required.") if field.required else None)
    if field.kind == "datetime":
        try:
            moment = datetime.strptime(text[:16], "%Y-%m-%dT%H:%M")
        except ValueError:
            return ..., N_("Enter a date and time as YYYY-MM-DDTHH:MM.")
        return moment.isoformat(timespec="minutes"), None
    if field.kind == "date":
        try:
            return date.fromisoformat(text).isoformat(), None
        except ValueError:
            return ..., N_("Enter a date as YYYY-MM-DD.")
    if field.kind == "tristate":
        return {"yes": True, "no": False}.get(text, ...), None
    if field.kind == "integer":
        return (int(text), None) if text.isdigit() else (..., N_("Enter a whole number."))
    if field.kind == "select" and text not in field.choices:
        return ..., N_("Choose one of the options.")
    if field.kind == "list":
        return [part.strip() for part in text.split(",") if part.strip()], None
    return text, None


_PYDANTIC_MESSAGES = {
    "missing": N_("This field is required."),
    "literal_error": N_("Choose one of the options."),
    "string_pattern_mismatch": N_("The value does not have the required format."),
    "string_too_short": N_("This field is required."),
    "too_short": N_("This field is required."),
    "greater_than_equal": N_("The number is out of range."),
    "less_than_equal": N_("The number is out of range."),
}


def read_form(
    spec: EventForm, submitted: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """(the event's JSON data, errors by field name); errors are message ids or model text."""
    data: dict[str, Any] = {"type": spec.event_type}
    errors: dict[str, str] = {}
    for field in spec.fields:
        value, error = _convert(field, submitted.get(field.name, ""))
        if error:
            errors[field.name] = error
        elif value is not ...:
            _put(data, field.name, value)
    if errors:
        return data, errors
    if spec.complete is not None:
        spec.complete(data, submitted)
    try:
        _ADAPTER.validate_python(data)
    except ValidationError as exc:
        known = {f.name for f in spec.fields}
        for err in exc.errors():
            loc = [str(p) for p in err["loc"][1:] if not isinstance(p, int)]
            name = ".".join(loc)
            while name and name not in known:
                name = name.rpartition(".")[0]
            message = _PYDANTIC_MESSAGES.get(err["type"]) or str(err["msg"]).removeprefix(
                "Value error, "
            )
            errors.setdefault(name or "", message)
    return data, errors

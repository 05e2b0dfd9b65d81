"""Event forms: the machinery of a form, and how what was typed becomes an event.

A form is a list of ``Field``s. The form of a simple event is read off the event's own model
(``cases.events``, ``simple_form``): a choice of values becomes a select, a yes/no a checkbox, a
date-time a ``datetime-local`` input (local Dutch time, ``YYYY-MM-DDTHH:MM``), a list a
comma-separated text. The forms with nested data (the screening form, a person, routing facts, a
legal basis, a family group) are spelled out by hand in ``event_forms``, which also holds the
catalogue of every form (``event_forms.form_for``). A list of family members is a fixed number
of rows (``member_rows``; how rows are read is in ``rows``): a row left empty is no member.

``read_form`` turns the submitted text into the event's JSON data and validates it with the
event's model; every problem is reported against the field it belongs to (a dotted name such
as ``form.nationality``), and the typed text is kept so the form can be shown again unchanged.

>>> spec = simple_form("decision_taken")
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
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import groupby
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from migrationpact.cases import events as ev
from migrationpact.cases import ind_offices
from migrationpact.cases.ind_offices import OfficeMark
from migrationpact.cases.models import FamilyMember
from migrationpact.law import municipalities
from migrationpact.law.codes import EU_PLUS, CodeKind, code_kind
from migrationpact.law.needs import FromVocabulary
from migrationpact.web.labels import CHOICE_LABELS, FIELD_LABELS, GROUP_LABELS, N_, ROW_LABELS
from migrationpact.web.rows import form_name, list_names, row_of, to_lists

#: The named lists a select may offer (``web.places``).
PlaceKind = Literal["ind_office", "municipality"]
Kind = Literal[
    "datetime",
    "date",
    "text",
    "textarea",
    "select",
    "checkbox",
    "tristate",
    "list",
    "integer",
    "choices",
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
    #: The field holds a code (a country, member state, language): a picker offers them.
    codes: CodeKind | None = None
    #: A ``choices`` field: the vocabulary its codes come from (``law.needs``); one checkbox
    #: each, named ``<name>:<code>``.
    vocabulary: FromVocabulary | None = None
    #: A ``select`` of IND offices (``cases.ind_offices``) or municipalities (``law.
    #: municipalities``), offered by their names (``web.places``).
    named: PlaceKind | None = None

    @property
    def id(self) -> str:
        return "f-" + self.name.replace(".", "-").replace("_", "-")

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.name.rsplit(".", 1)[-1], self.name.rsplit(".", 1)[-1])

    def choice_label(self, value: str) -> str:
        return CHOICE_LABELS.get(value, value)

    @property
    def group(self) -> str:
        """The nested group the input is shown in (``person``, ``family``, …), or ""."""
        parts = self.name.split(".")[:-1]
        prefixes = (".".join(parts[: i + 1]) for i in range(len(parts)))
        return next((p for p in prefixes if p in GROUP_LABELS), "")


@dataclass(frozen=True)
class FieldRow:
    """The inputs of one row of a list, shown in a fieldset of their own with ``legend`` (a
    message id whose ``%(n)d`` is ``number``, from 1); or, with no legend, a run of inputs
    outside any row."""

    legend: str
    number: int
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class FieldGroup:
    """A run of inputs in one nested group: a fieldset with ``legend``, none when empty."""

    legend: str
    rows: tuple[FieldRow, ...]


@dataclass(frozen=True)
class EventForm:
    event_type: str
    fields: tuple[Field, ...]
    complete: Completion | None = None

    def groups(self) -> list[FieldGroup]:
        """The fields in runs that share a nested group (``person``, ``facts``, …), in order,
        and within a group in runs that share a row; top-level fields and those of the
        screening form outside its list of family members are in no group."""
        return [
            FieldGroup(
                GROUP_LABELS.get(group, ""),
                tuple(
                    FieldRow(ROW_LABELS[path] if number else "", number, tuple(row))
                    for (path, number), row in groupby(members, key=lambda f: row_of(f.name))
                ),
            )
            for group, members in groupby(self.fields, key=lambda f: f.group)
        ]


#: The hint of a field with a list to pick a code from.
PICK_HINT = N_("Type a name or a code and choose from the list")


def code_field(name: str, kind: CodeKind, required: bool = False, hint: str = "") -> Field:
    """The input of one code: a member state is chosen from the AMMR's states, a country or a
    language typed with suggestions of the codes and their names (``web.codes``)."""
    if kind == "member_state":
        return Field(name, "select", required, tuple(sorted(EU_PLUS)), hint, codes=kind)
    return Field(name, "text", required, hint=hint or PICK_HINT, codes=kind)


OCCURRED = Field("occurred_at", "datetime", required=True, hint=N_("Local time, YYYY-MM-DDTHH:MM"))
NOTE = Field("note", "textarea")
#: Rows of family members on a form; more are recorded through the API.
MEMBER_ROWS = 3
_RELATIONS = tuple(get_args(FamilyMember.model_fields["relation"].annotation))


def member_rows(name: str, *, municipality: bool = False) -> tuple[Field, ...]:
    """The rows of the list of family members ``name``: relation (empty: no member in the
    row), member state, legally resident or not, and their case here, if any; with
    ``municipality``, also the Dutch municipality a relative lives in."""
    lives = tuple(municipalities.codes()) if municipality else ()
    return tuple(
        field
        for i in range(MEMBER_ROWS)
        for field in (
            Field(f"{name}.{i}.relation", "select", choices=_RELATIONS),
            code_field(f"{name}.{i}.member_state", "member_state"),
            Field(f"{name}.{i}.legally_resident", "tristate"),
            *([Field(f"{name}.{i}.municipality", "select", choices=lives, named="municipality")]
              if municipality else []),
            Field(f"{name}.{i}.case_id", "text"),
        )
    )  # fmt: skip


#: Events with a form, in the order the case page offers them (the main steps first); each
#: track declares where its events' forms go (``cases.catalogue``).
FORM_TYPES: tuple[str, ...] = ev.CATALOGUE.form_types
MAIN_TYPES: frozenset[str] = ev.CATALOGUE.main_types


def _event_classes() -> dict[str, type[BaseModel]]:
    classes: dict[str, type[BaseModel]] = {}
    for cls in get_args(get_args(ev.AnyEvent)[0]):
        kind = get_args(cls.model_fields["type"].annotation)[0]
        classes[kind] = cls
    return classes


EVENT_CLASSES = _event_classes()


def _simple_field(
    name: str, annotation: Any, required: bool, default: Any, codes: CodeKind | None = None
) -> Field | None:
    """A ``Field`` for a model field of a simple type; None for nested data. ``codes``: the
    kind of code the field holds, if it holds one."""
    args = get_args(annotation)
    if get_origin(annotation) is Annotated:
        return _simple_field(name, args[0], required, default, code_kind(args[1:]) or codes)
    if get_origin(annotation) in (Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _simple_field(name, inner[0], False, default, codes) if len(inner) == 1 else None
    if annotation is str and codes is not None:
        field = code_field(name, codes, required)
        return replace(field, default=default) if isinstance(default, str) else field
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
    if get_origin(annotation) is list and args and get_origin(args[0]) is Annotated:
        marks = [m for m in get_args(args[0])[1:] if isinstance(m, FromVocabulary)]
        if marks:
            return Field(name, "choices", choices=marks[0].codes(), vocabulary=marks[0])
    return None


def simple_form(event_type: str) -> EventForm:
    """The form of ``event_type`` read off its model (``KeyError`` if a field of the model
    cannot be typed into a simple input)."""
    fields: list[Field] = [OCCURRED]
    for name, info in EVENT_CLASSES[event_type].model_fields.items():
        if name in ("type", "occurred_at", "note", "facts"):
            continue
        if any(isinstance(mark, OfficeMark) for mark in info.metadata):
            codes = tuple(o.code for item in ind_offices.lists() for o in item.offices)
            choices = tuple(sorted(set(codes)))
            fields.append(Field(name, "select", info.is_required(), choices, named="ind_office"))
            continue
        field = _simple_field(
            name, info.annotation, info.is_required(), info.default, code_kind(info.metadata)
        )
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


PYDANTIC_MESSAGES = {
    "missing": N_("This field is required."),
    "literal_error": N_("Choose one of the options."),
    "string_pattern_mismatch": N_("The value does not have the required format."),
    "string_too_short": N_("This field is required."),
    "too_short": N_("This field is required."),
    "greater_than_equal": N_("The number is out of range."),
    "less_than_equal": N_("The number is out of range."),
    # ``law.codes`` names the kind of code in the error's type.
    "country_code": N_(
        "Choose a country from the list, or type its ISO 3166-1 alpha-3 code (e.g. SYR)."
    ),
    "nationality_code": N_(
        "Choose a nationality from the list, or type its ISO 3166-1 alpha-3 code (e.g. SYR; "
        "XXA: stateless)."
    ),
    "member_state_code": N_("Choose a member state from the list."),
    "language_code": N_("Choose a language from the list, or type its ISO 639-3 code (e.g. ara)."),
}


def message_of(error: ErrorDetails) -> str:
    """The message id of a model's complaint about a field, or the model's own text."""
    return PYDANTIC_MESSAGES.get(error["type"]) or str(error["msg"]).removeprefix("Value error, ")


def read_form(
    spec: EventForm, submitted: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """(the event's JSON data, errors by field name); errors are message ids or model text."""
    data: dict[str, Any] = {"type": spec.event_type}
    errors: dict[str, str] = {}
    for field in spec.fields:
        if field.kind == "choices":
            picked = [c for c in field.choices if submitted.get(f"{field.name}:{c}")]
            if picked:
                _put(data, field.name, picked)
            continue
        value, error = _convert(field, submitted.get(field.name, ""))
        if error:
            errors[field.name] = error
        elif value is not ...:
            _put(data, field.name, value)
    if errors:
        return data, errors
    rows = to_lists(data, list_names(f.name for f in spec.fields))
    if spec.complete is not None:
        spec.complete(data, submitted)
    try:
        _ADAPTER.validate_python(data)
    except ValidationError as exc:
        known = {f.name for f in spec.fields}
        for err in exc.errors():
            name = form_name(err["loc"][1:], rows)
            while name and name not in known:
                name = name.rpartition(".")[0]
            message = message_of(err)
            if err["type"] == "missing" and row_of(name)[1]:
                message = N_("Fill this in, or leave the whole row empty.")
            errors.setdefault(name or "", message)
    return data, errors

"""Every event form: the catalogue (``form_for``), and the forms with nested data spelled out.

``form_for`` hands out the form of an event on an existing case: the screening form, one of the
nested forms below, or the simple form read off the event's model (``forms.simple_form``). The
machinery (fields, groups, reading what was typed) is in ``forms``, which knows none of these.

The forms with nested data (a person, routing facts, a family group, a legal basis, the
screening form of SR Art. 17(1)) are spelled out, one input per nested field, with a dotted
name (``person.nationality``, ``facts.security_risk``, ``legal_basis.article``) that
``forms.read_form`` turns into the nested JSON. The inputs of one nested part are shown together
in a ``fieldset`` with a legend (``EventForm.groups``).

- The **first events** of a case (``FIRST_FORMS``): ``screening_started`` (KMar: how and where
  the person arrived, the person), ``application_made`` (the person, the routing facts and the
  family group) and ``take_charge_request_received`` (the requesting member state, the
  person). They are used by the new-case page only.
- Forms on an existing case (``NESTED_FORMS``): ``application_made`` after a screening (entry
  then comes from the screening), ``facts_recorded``, ``clock_suspended`` (one legal basis) and
  ``clock_resumed``.

Routing facts the model allows to be unknown are yes / no / not recorded. Nobody types a
pseudonym: it is made from the form's idempotency key, so a double submit makes the same one.

The family group of ``application_made`` is "includes minors" (yes / no / not recorded) and
three rows of family members (``forms.member_rows``: relation, member state, legally resident,
the Dutch municipality a relative lives in, their case id); an index in the name
(``family.members.0.relation``) makes a row an element of the list, and a row left empty is no
member. The group is sent only when something of it was filled in; its id, like the pseudonym,
is made from the idempotency key. The screening form has the same rows, without the
municipality, for the family members in member states (SR Art. 17(1)).

>>> from migrationpact.web.forms import read_form
>>> spec = FIRST_FORMS["application_made"]
>>> data, errors = read_form(spec, {"occurred_at": "2026-07-06T10:00", "entry": "in-territory",
...     "person.names": "Amal, Haddad", "person.nationality": "SYR", "facts.security_risk": "no",
...     "idempotency_key": "0123456789abcdef"})
>>> errors, data["person"]["pseudonym"], data["facts"], "family" in data
({}, 'P-9F9F5111', {'security_risk': False, 'nationality': 'SYR'}, False)
>>> data, errors = read_form(spec, {"occurred_at": "2026-07-06T10:00", "entry": "in-territory",
...     "family.members.1.relation": "spouse", "family.members.1.member_state": "DEU",
...     "family.members.1.legally_resident": "yes", "idempotency_key": "0123456789abcdef"})
>>> errors, data["family"]["group_id"]
({}, 'G-F530985C')
>>> data["family"]["members"]
[{'relation': 'spouse', 'member_state': 'DEU', 'legally_resident': True}]
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any, get_args

from migrationpact.cases import events as ev
from migrationpact.cases.models import Referral
from migrationpact.cases.state import CaseState
from migrationpact.law.legal_basis import INSTRUMENTS
from migrationpact.law.routing import FINDINGS
from migrationpact.web.forms import (
    FORM_TYPES,
    NOTE,
    OCCURRED,
    EventForm,
    Field,
    code_field,
    member_rows,
    simple_form,
)
from migrationpact.web.labels import N_

__all__ = [
    "FIRST_FORMS",
    "FIRST_TYPES",
    "NESTED_FORMS",
    "SCREENING_FORM",
    "form_for",
    "prefill",
]

_COUNTRIES = N_("ISO 3166-1 alpha-3 codes, commas, e.g. SYR, TUR")
_LANGUAGES = N_("ISO 639-3 codes, commas, e.g. ara, fra")

PERSON_FIELDS: tuple[Field, ...] = (
    Field("person.names", "list", hint=N_("Separate names with commas")),
    Field("person.date_of_birth", "date"),
    Field("person.date_of_birth_estimated", "checkbox"),
    code_field("person.nationality", "nationality"),
    Field("person.sex", "select", choices=("unknown", "F", "M", "X")),
    Field("person.languages", "list", hint=_LANGUAGES),
)
FACT_FIELDS: tuple[Field, ...] = (
    code_field("facts.nationality", "nationality", hint=N_("Empty: the person's nationality")),
    Field("facts.age", "integer", hint=N_("Whole years")),
    *(Field(f"facts.{name}", "tristate") for name in FINDINGS),
)
FAMILY_FIELDS: tuple[Field, ...] = (
    Field("family.includes_minors", "tristate"),
    *member_rows("family.members", municipality=True),
)


def key_id(prefix: str, submitted: Mapping[str, str], kind: str = "", *, digits: int = 8) -> str:
    """An id fixed by the form's idempotency key, so a double submit makes the same one;
    ``kind`` keeps apart the ids of different things made from one key."""
    key = kind + submitted.get("idempotency_key", "")
    return prefix + hashlib.sha256(key.encode()).hexdigest()[:digits].upper()


def pseudonym(submitted: Mapping[str, str]) -> str:
    """The pseudonym of a new person."""
    return key_id("P-", submitted)


def _person(data: dict[str, Any], submitted: Mapping[str, str]) -> None:
    person = data.get("person")
    if person is None:
        return
    if not any(person.values()):
        del data["person"]  # nothing typed: the case keeps the person it has
    else:
        person.setdefault("pseudonym", pseudonym(submitted))


def _facts(data: dict[str, Any], submitted: Mapping[str, str]) -> None:
    nationality = (data.get("person") or {}).get("nationality")
    if nationality:
        data.setdefault("facts", {}).setdefault("nationality", nationality)


def _family(data: dict[str, Any], submitted: Mapping[str, str]) -> None:
    family = data.get("family")
    if family is not None:  # only there when something of the group was filled in
        family.setdefault("group_id", key_id("G-", submitted, "family group:"))


def _application(data: dict[str, Any], submitted: Mapping[str, str]) -> None:
    _person(data, submitted)
    _facts(data, submitted)
    _family(data, submitted)


def _citation(data: dict[str, Any], submitted: Mapping[str, str]) -> None:
    basis = data.get("legal_basis")
    if isinstance(basis, dict):
        data["legal_basis"] = [basis]


def _entry(required: bool, choices: tuple[str, ...]) -> Field:
    return Field("entry", "select", required, choices)


_ENTRY_KINDS = tuple(get_args(ev.EntryKind))
_SCREENING_ENTRY = tuple(get_args(ev.ScreeningStarted.model_fields["entry"].annotation))

#: The events that open a case, with their forms (the new-case page).
FIRST_FORMS: dict[str, EventForm] = {
    "screening_started": EventForm(
        "screening_started",
        (
            OCCURRED,
            _entry(True, _SCREENING_ENTRY),
            Field("location", "text"),
            *PERSON_FIELDS,
            NOTE,
        ),
        complete=_person,
    ),
    "application_made": EventForm(
        "application_made",
        (OCCURRED, _entry(True, _ENTRY_KINDS), *PERSON_FIELDS, *FACT_FIELDS, *FAMILY_FIELDS, NOTE),
        complete=_application,
    ),
    "take_charge_request_received": EventForm(
        "take_charge_request_received",
        (
            OCCURRED,
            code_field("member_state", "member_state", required=True),
            Field("hit_based", "checkbox"),
            Field("urgent", "checkbox"),
            Field("registered_on", "date", hint=N_("AMMR Art. 84(2)")),
            *PERSON_FIELDS,
            NOTE,
        ),
        complete=_person,
    ),
}
FIRST_TYPES: tuple[str, ...] = tuple(FIRST_FORMS)

#: Forms with nested data on an existing case (``form_for`` hands them out).
NESTED_FORMS: dict[str, EventForm] = {
    "application_made": EventForm(
        "application_made",
        (
            OCCURRED,
            Field(
                "entry", "select", choices=_ENTRY_KINDS, hint=N_("Empty: as the screening found")
            ),
            *PERSON_FIELDS,
            *FACT_FIELDS,
            *FAMILY_FIELDS,
            NOTE,
        ),
        complete=_application,
    ),
    "facts_recorded": EventForm(
        "facts_recorded",
        (OCCURRED, *FACT_FIELDS, NOTE),
        complete=_facts,
    ),
    "clock_suspended": EventForm(
        "clock_suspended",
        (
            OCCURRED,
            Field(
                "deadlines", "list", True, hint=N_("Deadline keys or rule ids, commas, e.g. APR-13")
            ),
            Field("legal_basis.instrument", "select", True, tuple(INSTRUMENTS)),
            Field("legal_basis.article", "text", True, hint=N_("e.g. 46")),
            Field("legal_basis.paragraph", "text"),
            Field("legal_basis.point", "text"),
            Field("reason", "textarea", True),
            NOTE,
        ),
        complete=_citation,
    ),
    "clock_resumed": EventForm(
        "clock_resumed",
        (
            OCCURRED,
            Field("deadlines", "list", hint=N_("Empty: every suspended deadline")),
            NOTE,
        ),
    ),
}

SCREENING_FORM = EventForm(
    "screening_completed",
    (
        OCCURRED,
        Field("referral", "select", True, get_args(Referral)),
        Field("form.names", "list", hint=N_("Separate names with commas")),
        Field("form.date_of_birth", "date"),
        Field("form.place_of_birth", "text"),
        Field("form.sex", "select", choices=("unknown", "F", "M", "X")),
        code_field("form.nationality", "nationality"),
        Field("form.stateless", "checkbox"),
        Field("form.countries_of_residence", "list", hint=_COUNTRIES),
        Field("form.languages", "list", hint=_LANGUAGES),
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
        *member_rows("form.family_members_in_member_states"),
        NOTE,
    ),
)


def form_for(event_type: str) -> EventForm:
    """The form of ``event_type`` on an existing case (``KeyError`` if it has none)."""
    if event_type == "screening_completed":
        return SCREENING_FORM
    if event_type not in FORM_TYPES:
        raise KeyError(event_type)
    if event_type in NESTED_FORMS:
        return NESTED_FORMS[event_type]
    return simple_form(event_type)


def prefill(spec: EventForm, state: CaseState, now: datetime) -> dict[str, str]:
    """The values a form on the case starts with: each field's default, the moment ``now``
    (minute precision, as the ``datetime-local`` input wants it) and, on the screening form,
    what the case already knows (``known_to_screening``)."""
    values = {f.name: f.default for f in spec.fields}
    values["occurred_at"] = now.strftime("%Y-%m-%dT%H:%M")
    if spec is SCREENING_FORM:
        values.update(known_to_screening(state))
    return values


def known_to_screening(state: CaseState) -> dict[str, str]:
    """The screening form's fields (SR Art. 17(1)) the case already knows: the person as
    ``screening_started`` (or the application) recorded them, the reason for screening from
    how they came, and that they applied for protection once an application was made."""
    known: dict[str, str] = {}
    person = state.person
    if person is not None:
        known.update({
            "form.names": ", ".join(person.names),
            "form.date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else "",
            "form.place_of_birth": person.place_of_birth or "",
            "form.sex": person.sex,
            "form.nationality": person.nationality or "",
            "form.languages": ", ".join(person.languages),
        })  # fmt: skip
    reason = next(f for f in SCREENING_FORM.fields if f.name == "form.reason_for_screening")
    if state.facts.entry in reason.choices:
        known["form.reason_for_screening"] = state.facts.entry
    if state.made_at is not None:
        known["form.applied_for_asylum"] = "yes"
    return {name: value for name, value in known.items() if value}

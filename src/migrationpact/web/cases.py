"""The case page, and the parts of a case only some organisations may open.

A case page shows the sections of the file the policy lets the person's organisation see
(``access.policy.sections`` and ``case_view``), never more: the header (case id, stage,
procedure, responsibility regime, and the person's name when the identity section is
visible), the family group (identity section too), the deadlines with due day, days left,
status (when a closed one was met, ran out or was cancelled, and how many days a late one came
late: "nagekomen — 2 dagen te laat"), legal basis, the derivation and an UNVERIFIED warning
where the rule's source was not checked, the timeline (with a one-line summary of each event's
contents in the page's language, ``summaries.event_summary``, where the asylum account is
visible), and the event forms the organisation may use. Where a section is withheld the page
says so in words. A family member's case id is a link when the viewer could open that case (it
exists and the policy lets them read it); otherwise it is plain text.

The event forms come in the order the case needs them: the next step first, the events the
state machine would accept now after it, the rest folded away (``recording.record_menu``);
after an event is recorded, the page lists the deadlines it changed
(``recording.deadline_changes``).

Every read writes an access-log row first (``services.reading``: the case page reads through
the use case ``read_case``, the other pages log with ``log_read``), naming the fields that
left the service; a refused read is logged by ``authorise_read``. The asylum account
(``/cases/{id}/account``: screening form, routing explanation, decision) and the contents of
single events (``/cases/{id}/events/{seq}``) are separate URLs that answer 403 to an
organisation without that section. The asylum account shows the screening form with its
family members in member states.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from migrationpact.access.policy import Action, Section, decide
from migrationpact.access.views import case_view
from migrationpact.cases.codec import to_document
from migrationpact.cases.explain import explain, summary
from migrationpact.cases.lateness import entry_lateness
from migrationpact.cases.state import DeadlineEntry, due_day
from migrationpact.law.law import Law
from migrationpact.services.container import services
from migrationpact.services.errors import Forbidden
from migrationpact.services.paths import CASE_ID
from migrationpact.services.reading import (
    assigned,
    authorise_read,
    log_read,
    read_case,
    reading,
    require_section,
    shown_records,
)
from migrationpact.services.recording import dutch_now
from migrationpact.services.security import asking
from migrationpact.store import service
from migrationpact.store.errors import CaseNotFoundError
from migrationpact.store.records import EventRecord
from migrationpact.web.codes import shown_codes
from migrationpact.web.errors import WebError, refusals
from migrationpact.web.i18n import translations
from migrationpact.web.labels import (
    ACTOR_LABELS,
    EVENT_LABELS,
    FIELD_LABELS,
    STATUS_LABELS,
)
from migrationpact.web.places import municipality_name, office_name
from migrationpact.web.recording import deadline_changes, record_menu
from migrationpact.web.session import Visitor, require_visitor
from migrationpact.web.summaries import event_summary
from migrationpact.web.templating import render
from migrationpact.web.titles import rule_title

router = APIRouter(include_in_schema=False)
CaseId = Annotated[str, Path(pattern=CASE_ID)]


def read_allowed(request: Request, who: Visitor, case_id: str, action: str) -> None:
    """The policy's answer to reading the case (403 page, logged, when refused)."""
    with refusals():
        authorise_read(
            store=services(request).store, principal=who.principal, case_id=case_id,
            action=action, asking=asking(request),
        )  # fmt: skip


def need_section(
    request: Request, who: Visitor, case_id: str, section: Section, action: str
) -> None:
    """Refuse (403, logged) a part of the case outside the organisation's sections."""
    try:
        require_section(
            store=services(request).store, principal=who.principal, case_id=case_id,
            section=section, action=action, asking=asking(request),
        )  # fmt: skip
    except Forbidden as exc:
        raise WebError(403, "Not available to your organisation.", detail=exc.message) from exc


def deadline_row(entry: DeadlineEntry, today: date, language: str, law: Law) -> dict[str, Any]:
    about = summary(entry, law)
    computed = explain(entry, law)
    days_left = (due_day(entry.due) - today).days
    late = entry_lateness(entry)
    return {
        "key": entry.key,
        "rule_id": entry.rule_id,
        "title": rule_title(entry.rule_id, about.title, language, computed.rule.title.model_dump()),
        "due": entry.due,
        "days_left": days_left,
        "overdue": entry.status == "open" and days_left < 0,
        "status": entry.status,
        "status_label": STATUS_LABELS.get(entry.status, entry.status),
        "closed_at": entry.closed_at,
        "late": late.late,
        "days_late": late.days_late,
        "hours_late": late.hours_late,
        "organisation": entry.organisation,
        "organisation_label": ACTOR_LABELS.get(entry.organisation, entry.organisation),
        "maximum": entry.maximum,
        "verified": about.verified,
        "unverified_reasons": computed.unverified_reasons(),
        "legal_basis": about.legal_basis,
        "steps": computed.result.steps,
        "rule_set_version": entry.rule_set_version,
    }


def may_read(request: Request, who: Visitor, case_id: str) -> bool:
    """Whether ``who`` could open the case ``case_id``: the policy lets them read it and it
    exists (asked in that order, so nobody learns which cases exist that they may not read)."""
    found = services(request)
    if not re.match(CASE_ID, case_id):
        return False
    if not decide(
        who.principal, Action.CASE_READ, assigned=assigned(found.store, who.principal, case_id)
    ):
        return False
    try:
        service.require_case(store=found.store, case_id=case_id)
    except CaseNotFoundError:
        return False
    return True


def linked_members(
    request: Request, who: Visitor, members: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The family members of a case (as JSON), each marked whether its case id is a link."""
    return [
        {
            **member,
            "case_link": bool(member.get("case_id")) and may_read(request, who, member["case_id"]),
            "municipality_name": municipality_name(member.get("municipality"), who.language),
        }
        for member in members
    ]


@router.get("/cases/{case_id}")
def case_page(case_id: CaseId, request: Request, recorded: int | None = None) -> Response:
    who = require_visitor(request)
    with refusals():
        read = read_case(
            store=services(request).store, principal=who.principal, case_id=case_id,
            timeline=True, asking=asking(request),
        )  # fmt: skip
    state, view, visible = read.state, read.view, read.sections
    records: list[EventRecord] = read.records or []

    person = view.get("person") or {}
    family = view.get("family")
    if family:
        family = {**family, "members": linked_members(request, who, family["members"])}
    today = dutch_now(services(request).store).date()
    deadlines = None
    if "deadlines" in view:
        law = services(request).store.law
        deadlines = [deadline_row(e, today, who.language, law) for e in state.deadlines]
    account = None
    if Section.ASYLUM_ACCOUNT in visible:
        account = {"decision": view.get("decision")}
    timeline = None
    if Section.TIMELINE in visible:
        with_payload = Section.ASYLUM_ACCOUNT in visible
        identity = Section.IDENTITY in visible
        timeline = [
            {
                "seq": r.seq,
                "occurred_at": r.occurred_at,
                "type": r.type,
                "label": EVENT_LABELS.get(r.type, r.type),
                "organisation": r.organisation,
                "summary": (
                    event_summary(r.type, r.payload, who.language, identity=identity)
                    if with_payload
                    else None
                ),
            }
            for r in records
        ]
    flash, changes = None, None
    if recorded is not None:
        flash = translations(who.language).gettext("Event %(seq)d recorded.") % {"seq": recorded}
        if deadlines is not None and 0 < recorded <= state.seq:
            store = services(request).store
            history = records or service.case_history(store=store, case_id=case_id)
            events = [r.event() for r in history]
            changes = deadline_changes(case_id, events, recorded, store.law, who.language)
    case = {
        "guarantees_signal": view.get("procedural_guarantees_signal"),
        "id": case_id,
        "seq": view.get("seq", state.seq),
        "stage": view.get("stage", ""),
        "procedure": view.get("procedure", ""),
        "examination": view.get("examination", ""),
        "regime": view.get("responsibility_regime", ""),
        "name": " ".join(person.get("names") or []),
        "pseudonym": person.get("pseudonym"),
        "v_number": person.get("v_number"),
        "nationality": person.get("nationality"),
        "ind_office": office_name(view.get("ind_office"), who.language),
        "erased": read.erased,
    }
    return render(
        request,
        "case.html",
        {
            "case": case,
            "family": family,
            "needs": view.get("reception_needs"),
            "place": _place(view.get("place"), who.language),
            "deadlines": deadlines,
            "account": account,
            "timeline": timeline,
            "record": record_menu(
                request, who.principal, state, deadlines_visible=deadlines is not None
            ),
            "flash": flash,
            "changes": changes,
        },
        language=who.language,
        who=who,
    )


def _place(place: dict[str, Any] | None, language: str) -> dict[str, Any] | None:
    """The case's place as the page shows it (a part the reader may not see: None), the
    location type by its name in ``language``."""
    if not place:
        return None
    from migrationpact.reception.regimes import default_book

    shown = dict.fromkeys(("site_id", "site_name", "municipality", "municipality_name",
                           "unit_id", "since", "location_type_label"))  # fmt: skip
    code = place.get("location_type")
    if code is not None:
        label = default_book().regime(code).label
        shown["location_type_label"] = label.nl if language == "nl" else label.en
    return {**shown, **{k: v for k, v in place.items() if k in shown}}


def _pairs(
    data: dict[str, Any] | None, language: str, skip: tuple[str, ...] = ()
) -> list[tuple[str, Any]]:
    """(label, value) of each recorded field: a code by its name in ``language`` (an invalid
    one marked), any other value as recorded, for the page to say (``|fact_value``)."""
    if not data:
        return []
    out: list[tuple[str, Any]] = []
    for key, value in data.items():
        if key in skip or value in (None, [], {}):
            continue
        named = shown_codes(key, value, language)
        out.append((FIELD_LABELS.get(key, key), value if named is None else named))
    return out


@router.get("/cases/{case_id}/account")
def account_page(case_id: CaseId, request: Request) -> Response:
    who = require_visitor(request)
    read_allowed(request, who, case_id, "case.account")
    need_section(request, who, case_id, Section.ASYLUM_ACCOUNT, "case.account")
    found = services(request)
    with refusals(), reading(found.store, who.principal, case_id, "case.account", asking(request)):
        state = service.get_case(store=found.store, case_id=case_id)
    view = case_view(who.principal, to_document(state))
    log_read(
        store=found.store, principal=who.principal, case_id=case_id, action="case.account",
        fields=["decision", "facts", "routing", "screening_form"], asking=asking(request),
    )  # fmt: skip
    routing = None
    if state.made_at is not None or state.facts.given():
        law = found.store.law
        crisis = law.crisis(state.facts.crisis) if state.facts.crisis else None
        result = law.route(state.facts, crisis=crisis)
        routing = {
            "procedure": state.procedure,
            "examination": result.examination,
            "responsibility_regime": result.responsibility_regime,
            "missing_facts": result.missing_facts,
            "explanation": result.explanation,
        }
    decision = view.get("decision")
    form = view.get("screening_form") or {}
    return render(
        request,
        "account.html",
        {
            "case_id": case_id,
            "screening": _pairs(form, who.language, skip=("family_members_in_member_states",)),
            "screening_family": linked_members(
                request, who, form.get("family_members_in_member_states") or []
            ),
            "decision": _pairs(decision, who.language, skip=("taken_seq",)) if decision else [],
            "routing": routing,
        },
        language=who.language,
        who=who,
    )


@router.get("/cases/{case_id}/events/{seq}")
def event_page(case_id: CaseId, seq: int, request: Request) -> Response:
    who = require_visitor(request)
    read_allowed(request, who, case_id, "case.event")
    need_section(request, who, case_id, Section.TIMELINE, "case.event")
    need_section(request, who, case_id, Section.ASYLUM_ACCOUNT, "case.event")
    found = services(request)
    with refusals(), reading(found.store, who.principal, case_id, "case.event", asking(request)):
        history = service.case_history(store=found.store, case_id=case_id)
    records = shown_records(who.principal, history)
    record = next((r for r in records if r.seq == seq), None)
    if record is None:
        raise WebError(404, "There is no such event.")
    log_read(
        store=found.store, principal=who.principal, case_id=case_id, action="case.event",
        fields=["timeline", "payload"], asking=asking(request),
    )  # fmt: skip
    return render(
        request,
        "event_detail.html",
        {
            "case_id": case_id,
            "record": record,
            "label": EVENT_LABELS.get(record.type, record.type),
            "summary": event_summary(record.type, record.payload, who.language, identity=True),
            "payload": json.dumps(record.payload, indent=2, ensure_ascii=False, default=str),
        },
        language=who.language,
        who=who,
    )

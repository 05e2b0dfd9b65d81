"""The inspections' use cases: plan a visit, record it, its findings, recommendations and the
authorities' responses, close or share it; list, show, the responses due, and a year's counts.

The same guard as the monitoring files (``services.monitoring``): only the monitors of the two
bodies, each in its own body's inspections and those the other body shared with it; every other
principal is refused by the policy before any inspection is looked up, and a reference the body
cannot read gets the same ``NotFound`` as one nobody has. Only the keeper records. Reads are
logged in the register's own log. Dates of what happened (a visit, a recommendation, a
response) cannot lie ahead of the register's clock; a planned day may. Bad input is
``Invalid``, a step the rules refuse a ``MonitoringRefused`` naming its ``IR-`` rule; nothing is
written then.

``inspection_summary(register, body, year)`` gives the counts of a year for the annual report;
it reads with the body's key and does not authorise: its caller (the report's use case) does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from migrationpact.access.model import Principal
from migrationpact.monitoring.events import MonitoringEventError
from migrationpact.monitoring.inspections.data import default_locations
from migrationpact.monitoring.inspections.events import parse_inspection_event
from migrationpact.monitoring.inspections.limits import ResponseDue, responses_due
from migrationpact.monitoring.inspections.state import InspectionState
from migrationpact.monitoring.inspections.summary import InspectionSummary, summarise
from migrationpact.monitoring_store.inspections import (
    append_inspection,
    create_inspection,
    inspection_history,
    inspection_references,
    inspection_state,
    is_inspection,
)
from migrationpact.monitoring_store.register import FileRow, Register
from migrationpact.services.errors import Forbidden, Invalid, NotFound
from migrationpact.services.monitoring import (
    FUTURE_SKEW,
    _authorise,
    _bad_input,
    _log,
    local_now,
)


def locations(day: date) -> list[dict[str, Any]]:
    """The locations a visit planned for ``day`` may go to (the list in force then)."""
    with _bad_input():
        listed = default_locations().at(day)
    return [
        {"code": found.code, "name": found.name.en, "name_nl": found.name.nl,
         "phases": list(found.phases), "run_by": found.run_by, "verified": listed.verified}
        for found in listed.locations
    ]  # fmt: skip


def _readable(register: Register, principal: Principal, body: str, reference: str) -> FileRow:
    row = register.file_row(reference) if is_inspection(reference) else None
    if row is None or not row.readable_by(body):
        _log(register, principal, "inspection.read", reference, "not-found")
        raise NotFound(f"no inspection {reference} for {body}", kind="inspection-not-found")
    return row


def _event(register: Register, data: Mapping[str, Any], at: datetime | None) -> Any:
    now = local_now(register)
    event = parse_inspection_event({"occurred_at": at or now, **data})
    if event.occurred_at > now + FUTURE_SKEW:
        raise MonitoringEventError(f"{event.type}: occurred_at: it lies in the future")
    for name in ("visited_on", "made_on", "received_on"):
        day = getattr(event, name, None)
        if day is not None and day > now.date():
            raise MonitoringEventError(
                f"{event.type}: {name}: it lies in the future", where=name, error_type="future"
            )
    return event


def plan_inspection(
    *,
    register: Register,
    principal: Principal,
    body: str,
    location: str,
    planned_for: date,
    announced: bool,
    phases: Sequence[str] = (),
    purpose: str | None = None,
    at: datetime | None = None,
) -> str:
    """Plan a visit by ``body`` at ``location``; the new inspection's reference."""
    body = _authorise(register, principal, body, "inspection.write")
    data = {
        "type": "inspection_planned", "body": body, "location": location,
        "planned_for": planned_for, "announced": announced, "phases": list(phases),
        "purpose": purpose,
    }  # fmt: skip
    with _bad_input():
        reference, _ = create_inspection(
            register, [_event(register, data, at)], actor=principal.actor
        )
    return reference


def _record(
    register: Register,
    principal: Principal,
    body: str,
    reference: str,
    data: Mapping[str, Any],
    at: datetime | None,
) -> InspectionState:
    body = _authorise(register, principal, body, "inspection.write")
    row = _readable(register, principal, body, reference)
    if row.body != body:
        raise Forbidden(f"{reference} is shared with {body}; only {row.body} records on it")
    with _bad_input():
        return append_inspection(
            register, reference, [_event(register, data, at)], actor=principal.actor
        )


def record_visit(
    *,
    register: Register,
    principal: Principal,
    body: str,
    reference: str,
    visited_on: date,
    announced: bool,
    inspectors: Sequence[str],
    note: str | None = None,
    at: datetime | None = None,
) -> InspectionState:
    """Record that the visit took place: the day, announced or not, the inspectors."""
    data = {
        "type": "visit_carried_out",
        "visited_on": visited_on,
        "announced": announced,
        "inspectors": [name.strip() for name in inspectors if name.strip()],
        "note": note,
    }
    return _record(register, principal, body, reference, data, at)


def record_finding(
    *,
    register: Register,
    principal: Principal,
    body: str,
    reference: str,
    text: str,
    rights: Sequence[str],
    phase: str | None = None,
    at: datetime | None = None,
) -> InspectionState:
    """Record one finding of the visit, with the Charter rights at stake."""
    data = {"type": "finding_recorded", "text": text, "rights": list(rights), "phase": phase}
    return _record(register, principal, body, reference, data, at)


def make_recommendation(
    *,
    register: Register,
    principal: Principal,
    body: str,
    reference: str,
    authority: str,
    text: str,
    findings: Sequence[int],
    made_on: date | None = None,
    at: datetime | None = None,
) -> InspectionState:
    """Recommend ``authority`` to act on findings; its response is due by the limit."""
    data = {
        "type": "recommendation_made",
        "authority": authority,
        "text": text,
        "findings": list(findings),
        "made_on": made_on or local_now(register).date(),
    }
    return _record(register, principal, body, reference, data, at)


def record_response(
    *,
    register: Register,
    principal: Principal,
    body: str,
    reference: str,
    recommendation: int,
    verdict: str,
    text: str,
    received_on: date,
    at: datetime | None = None,
) -> InspectionState:
    """Record the authority's response to recommendation number ``recommendation``."""
    data = {
        "type": "response_recorded",
        "recommendation": recommendation,
        "verdict": verdict,
        "text": text,
        "received_on": received_on,
    }
    return _record(register, principal, body, reference, data, at)


def close_inspection(
    *,
    register: Register,
    principal: Principal,
    body: str,
    reference: str,
    reason: str,
    note: str | None = None,
    at: datetime | None = None,
) -> InspectionState:
    """Close the inspection: completed (after the visit, every response in) or cancelled."""
    data = {"type": "inspection_closed", "reason": reason, "note": note}
    return _record(register, principal, body, reference, data, at)


def share_inspection(
    *,
    register: Register,
    principal: Principal,
    body: str,
    reference: str,
    with_body: str,
    note: str | None = None,
    at: datetime | None = None,
) -> InspectionState:
    """Share the inspection with the other body, which may then read all of it."""
    data = {"type": "inspection_shared", "with_body": with_body, "note": note}
    return _record(register, principal, body, reference, data, at)


def _due_item(item: ResponseDue, row: FileRow | None, body: str) -> dict[str, Any]:
    return {
        "reference": item.reference,
        "keeper": row.body if row else body,
        "shared": bool(row and row.body != body),
        "recommendation": item.recommendation,
        "authority": item.authority,
        "limit": item.limit,
        "title": item.title.en,
        "title_nl": item.title.nl,
        "made_on": item.made_on.isoformat(),
        "due": item.due.isoformat(),
        "received_on": item.received_on.isoformat() if item.received_on else None,
        "overdue": item.overdue,
        "verified": item.verified,
        "note": item.note,
    }


def _summary(state: InspectionState, row: FileRow, body: str) -> dict[str, Any]:
    plan = state.plan
    return {
        "reference": state.reference,
        "keeper": row.body,
        "shared": row.body != body,
        "status": state.status,
        "location": plan.location if plan else "",
        "planned_for": plan.planned_for.isoformat() if plan else "",
        "announced": state.visit.announced if state.visit else bool(plan and plan.announced),
        "visited_on": state.visit.visited_on.isoformat() if state.visit else None,
        "findings": len(state.findings),
        "recommendations": len(state.recommendations),
        "waiting": len(state.waiting),
        "close_reason": state.close_reason,
    }


def list_inspections(
    *, register: Register, principal: Principal, body: str
) -> list[dict[str, Any]]:
    """The inspections ``body`` keeps or that were shared with it, latest planned day first."""
    body = _authorise(register, principal, body, "inspections")
    found = []
    with _bad_input():
        for reference in inspection_references(register, body):
            row = register.file_row(reference)
            if row is not None:
                found.append(_summary(inspection_state(register, reference, body), row, body))
    _log(register, principal, "inspections", None, "granted")
    return sorted(found, key=lambda i: (i["planned_for"], i["reference"]), reverse=True)


def responses_worklist(
    *, register: Register, principal: Principal, body: str, today: date | None = None
) -> list[dict[str, Any]]:
    """The responses still awaited on the open inspections of ``body`` (and shared with it),
    soonest due first; what the body's worklist adds to its files' time limits."""
    body = _authorise(register, principal, body, "worklist")
    day = today or local_now(register).date()
    items = []
    with _bad_input():
        for reference in inspection_references(register, body, include_closed=False):
            row = register.file_row(reference)
            state = inspection_state(register, reference, body)
            waiting = [d for d in responses_due(state, day) if d.received_on is None]
            items += [_due_item(d, row, body) for d in waiting]
    _log(register, principal, "inspections.due", None, "granted")
    return sorted(items, key=lambda i: (i["due"], i["reference"], i["recommendation"]))


def show_inspection(
    *,
    register: Register,
    principal: Principal,
    body: str,
    reference: str,
    today: date | None = None,
) -> dict[str, Any]:
    """The inspection as ``body`` may read it: its events opened, its state, the responses."""
    body = _authorise(register, principal, body, "inspection.read")
    row = _readable(register, principal, body, reference)
    with _bad_input():
        history = inspection_history(register, reference, body)
        state = inspection_state(register, reference, body)
    day = today or local_now(register).date()
    _log(register, principal, "inspection.read", reference, "granted")
    return {
        **_summary(state, row, body),
        "shared_with": list(row.shared_with),
        "state": state.model_dump(mode="json"),
        "events": [
            {
                "seq": r.seq,
                "type": r.type,
                "actor": r.actor,
                "recorded_at": r.recorded_at.isoformat(timespec="seconds") + "Z",
                "data": r.event.model_dump(mode="json"),
            }
            for r in history
        ],
        "responses": [_due_item(d, row, body) for d in responses_due(state, day)],
    }


def inspection_summary(
    register: Register, body: str, year: int, *, as_of: date | None = None
) -> InspectionSummary:
    """The counts of ``year`` over the inspections ``body`` keeps, as of ``as_of`` (default:
    the register's today): visits planned, unannounced, carried out; recommendations by
    authority; responses on time, late, open. For the annual report; no authorisation here."""
    day = as_of or local_now(register).date()
    with _bad_input():
        states = [
            inspection_state(register, reference, body)
            for reference in inspection_references(register, body)
        ]
    return summarise(body, year, states, day)


__all__ = [
    "InspectionSummary",
    "Invalid",
    "close_inspection",
    "inspection_summary",
    "list_inspections",
    "locations",
    "make_recommendation",
    "plan_inspection",
    "record_finding",
    "record_response",
    "record_visit",
    "responses_worklist",
    "share_inspection",
    "show_inspection",
]

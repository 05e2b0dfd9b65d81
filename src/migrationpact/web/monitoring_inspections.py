"""The inspections' pages: a body's visits to screening and border locations.

The register's guard (``web.monitoring._monitor``): only the monitors of the two bodies, each in
its own body's inspections (and those shared with it); everyone else gets the same "not found"
page on every address here, before anything is looked up, and so does a monitor asking for an
inspection their body cannot read.

- ``GET /monitoring/inspections``: the body's inspections, latest planned first, and the form to
  plan one; ``POST`` plans it and goes to its page.
- ``GET /monitoring/inspections/{reference}``: the plan, the visit, the findings, the
  recommendations with their responses and due days, what happened when, and (for the keeper of
  an open inspection) the forms of the next steps.
- ``POST /monitoring/inspections/{reference}/{step}``: one step; bad input or a step the rules
  refuse comes back on the page with the reason (HTTP 422), nothing written.

The body's worklist (``/monitoring``) lists the responses still awaited
(``web.monitoring_inspections_due``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from migrationpact.auth.sessions import CSRF_FIELD
from migrationpact.monitoring.decide import MonitoringRefused
from migrationpact.monitoring.events import MonitoringEventError
from migrationpact.monitoring.inspections.data import default_locations
from migrationpact.monitoring.vocabulary import RIGHTS
from migrationpact.services import monitoring_inspections as inspections
from migrationpact.services.container import services
from migrationpact.services.errors import Forbidden, Invalid, NotFound
from migrationpact.services.monitoring import local_now
from migrationpact.web import monitoring_inspections_words as words
from migrationpact.web import monitoring_words as file_words
from migrationpact.web.errors import WebError, refusals
from migrationpact.web.i18n import translations
from migrationpact.web.labels import N_
from migrationpact.web.monitoring import (
    NOT_HERE,
    _form,
    _monitor,
    _other,
    problem_words,
    unseen,
)
from migrationpact.web.recording import to_case_page
from migrationpact.web.session import Visitor, check_csrf
from migrationpact.web.templating import render

router = APIRouter(include_in_schema=False)
REFERENCE = re.compile(r"^INS-[A-Z0-9]{4}-[A-Z0-9]{4}$")
FUTURE = N_("The day lies in the future.")


def _vocabulary(language: str, today: date) -> dict[str, Any]:
    return {
        "locations": words.location_choices(today, language),
        "locations_verified": default_locations().at(today).verified,
        "authorities": words.choices("authority", language),
        "verdicts": words.choices("verdict", language),
        "reasons": words.choices("reason", language),
        "phases": [(c, translations(language).gettext(label))
                   for c, label in file_words.PHASES.items()],
        "rights": [(code, file_words.right_title(code, language)) for code in RIGHTS],
    }  # fmt: skip


@router.get("/monitoring/inspections")
def inspections_page(request: Request) -> Response:
    who, body = _monitor(request)
    return _list_page(request, who, body, {})


def _list_page(
    request: Request, who: Visitor, body: str, values: Mapping[str, str], error: str = "",
    status: int = 200,
) -> Response:  # fmt: skip
    register = services(request).register()
    with refusals():
        found = inspections.list_inspections(register=register, principal=who.principal, body=body)
    language = who.language
    for item in found:
        planned = date.fromisoformat(item["planned_for"])
        item["planned_day"] = planned
        item["location_name"] = words.location_name(item["location"], planned, language)
        item["status_label"] = words.word("status", item["status"] or "", language)
    return render(
        request,
        "monitoring_inspections.html",
        {
            "inspections": found,
            "body": file_words.code_word("to", body, language),
            "values": values,
            "error": error,
            **_vocabulary(language, local_now(register).date()),
        },
        language=language,
        who=who,
        status=status,
    )


@router.post("/monitoring/inspections")
async def plan_submit(request: Request) -> Response:
    values = await _form_with_lists(request)
    return await run_in_threadpool(_plan, request, values)


def _plan(request: Request, values: dict[str, str]) -> Response:
    who, body = _monitor(request)
    check_csrf(request, who, values.get(CSRF_FIELD))
    try:
        reference = inspections.plan_inspection(
            register=services(request).register(), principal=who.principal, body=body,
            location=values.get("location", ""), planned_for=_needed_day(values, "planned_for"),
            announced=not values.get("unannounced"), phases=_phases(values),
            purpose=_optional(values.get("purpose", "")),
        )  # fmt: skip
    except MonitoringRefused as exc:
        said = words.refusal_words(exc.template, exc.params, who.language, exc.rule)
        return _list_page(request, who, body, values, said, 422)
    except (Invalid, Forbidden) as exc:
        return _list_page(request, who, body, values, _problem(exc, who.language), 422)
    return to_case_page(request, f"/monitoring/inspections/{reference}")


def _problem(exc: Invalid | Forbidden, language: str) -> str:
    """As the files' forms say it, with the inspections' own field labels."""
    cause = exc.__cause__
    where = getattr(cause, "where", "")
    field = where.split(".")[0] if where else ""
    said = problem_words(exc, language)
    if field in words.FIELDS and ":" in said:
        t = translations(language)
        label = t.gettext(words.FIELDS[field])
        if getattr(cause, "error_type", "") == "future":
            return f"{label}: {t.gettext(FUTURE)}"
        return f"{label}:{said.split(':', 1)[1]}"
    return said


def _optional(text: str) -> str | None:
    return text.strip() or None


def _bad(name: str, problem: str, error_type: str) -> Invalid:
    """A form field the page itself refuses, said as the model's complaints are (``_problem``)."""
    refused = Invalid(f"{name}: {problem}", kind="invalid-monitoring-event")
    refused.__cause__ = MonitoringEventError(problem, where=name, error_type=error_type)
    return refused


def _day(values: Mapping[str, str], name: str) -> date | None:
    text = values.get(name, "")
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise _bad(name, f"not a date: {text!r}", "date_from_datetime_parsing") from None


def _needed_day(values: Mapping[str, str], name: str) -> date:
    found = _day(values, name)
    if found is None:
        raise _bad(name, "a day is needed", "missing")
    return found


def _number(values: Mapping[str, str], name: str) -> int:
    try:
        return int(values.get(name, ""))
    except ValueError:
        raise _bad(name, "not a number", "missing") from None


def _phases(values: Mapping[str, str]) -> list[str]:
    return [code for code in file_words.PHASES if values.get(f"phase:{code}")]


def _rights(values: Mapping[str, str]) -> list[str]:
    return [code for code in RIGHTS if values.get(f"right:{code}")]


def _findings(values: Mapping[str, str]) -> list[int]:
    return sorted(int(k.split(":")[1]) for k in values if re.fullmatch(r"finding:\d{1,4}", k))


_STEPS: dict[str, Callable[..., Any]] = {
    "visit": lambda v, **k: inspections.record_visit(
        visited_on=_needed_day(v, "visited_on"), announced=not v.get("unannounced"),
        inspectors=v.get("inspectors", "").splitlines(), note=_optional(v.get("note", "")), **k,
    ),
    "finding": lambda v, **k: inspections.record_finding(
        text=v.get("text", ""), rights=_rights(v), phase=_optional(v.get("phase", "")), **k
    ),
    "recommend": lambda v, **k: inspections.make_recommendation(
        authority=v.get("authority", ""), text=v.get("text", ""), findings=_findings(v),
        made_on=_day(v, "made_on"), **k,
    ),
    "response": lambda v, **k: inspections.record_response(
        recommendation=_number(v, "recommendation"), verdict=v.get("verdict", ""),
        text=v.get("text", ""), received_on=_needed_day(v, "received_on"), **k,
    ),
    "share": lambda v, **k: inspections.share_inspection(
        with_body=_other(k["body"]), note=_optional(v.get("note", "")), **k
    ),
    "close": lambda v, **k: inspections.close_inspection(
        reason=v.get("reason", ""), note=_optional(v.get("note", "")), **k
    ),
}  # fmt: skip


async def _form_with_lists(request: Request) -> dict[str, str]:
    """The form's fields; checked boxes of a list as ``name:value`` (phases, findings)."""
    values = await _form(request)
    form = await request.form()
    for name, key in (("phases", "phase"), ("findings", "finding")):
        for value in form.getlist(name):
            if isinstance(value, str):
                values[f"{key}:{value}"] = "on"
    return values


@router.get("/monitoring/inspections/{reference}")
def inspection_page(reference: str, request: Request) -> Response:
    who, body = _monitor(request)
    if not REFERENCE.match(reference):
        raise WebError(404, NOT_HERE)
    return _inspection_page(request, who, body, reference)


@router.post("/monitoring/inspections/{reference}/{step}")
async def record_step(reference: str, step: str, request: Request) -> Response:
    values = await _form_with_lists(request)
    return await run_in_threadpool(_step, request, reference, step, values)


def _step(request: Request, reference: str, step: str, values: dict[str, str]) -> Response:
    who, body = _monitor(request)
    if not REFERENCE.match(reference) or step not in _STEPS:
        raise WebError(404, NOT_HERE)
    check_csrf(request, who, values.get(CSRF_FIELD))
    try:
        _STEPS[step](
            values, register=services(request).register(), principal=who.principal, body=body,
            reference=reference,
        )  # fmt: skip
    except NotFound:
        raise WebError(404, NOT_HERE) from None
    except MonitoringRefused as exc:
        said = words.refusal_words(exc.template, exc.params, who.language, exc.rule)
        return _inspection_page(
            request, who, body, reference, values=values, errors={step: said}, status=422
        )
    except (Invalid, Forbidden) as exc:
        errors = {step: _problem(exc, who.language)}
        return _inspection_page(
            request, who, body, reference, values=values, errors=errors, status=422
        )
    return to_case_page(request, f"/monitoring/inspections/{reference}#recommendations")


def _findings_shown(findings: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    shown = []
    for found in findings:
        rights = "; ".join(file_words.right_title(r, language) for r in found["rights"])
        phase = file_words.code_word("phase", found["phase"], language) if found["phase"] else ""
        shown.append({**found, "rights_label": rights, "phase_label": phase})
    return shown


def _recommendations_shown(shown: Mapping[str, Any], language: str) -> list[dict[str, Any]]:
    """Each recommendation with its response limit and its response, in words."""
    responses = {r["recommendation"]: r for r in shown["responses"]}
    found = []
    for made in shown["state"]["recommendations"]:
        due, response = responses[made["number"]], made["response"]
        found.append(
            {
                **made,
                "authority_label": words.word("authority", made["authority"], language),
                "made_day": date.fromisoformat(made["made_on"]),
                "due_day": date.fromisoformat(due["due"]),
                "overdue": due["overdue"],
                "verified": due["verified"],
                "limit": due["limit"],
                "limit_title": due["title_nl"] if language == "nl" else due["title"],
                "response_day": date.fromisoformat(response["received_on"]) if response else None,
                "verdict_label": words.word("verdict", response["verdict"], language)
                if response
                else "",
            }
        )
    return found


def _inspection_page(
    request: Request,
    who: Visitor,
    body: str,
    reference: str,
    *,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    status: int = 200,
) -> Response:
    register = services(request).register()
    with unseen():
        shown = inspections.show_inspection(
            register=register, principal=who.principal, body=body, reference=reference
        )
    language = who.language
    state = shown["state"]
    planned = date.fromisoformat(state["plan"]["planned_for"])
    recommendations = _recommendations_shown(shown, language)
    keeper = shown["keeper"] == body
    today = local_now(register).date()
    return render(
        request,
        "monitoring_inspection.html",
        {
            "reference": reference,
            "keeper": keeper,
            "keeper_name": file_words.code_word("to", shown["keeper"], language),
            "status": shown["status"],
            "status_label": words.word("status", shown["status"], language),
            "open": shown["status"] != "closed",
            "shared": bool(shown["shared_with"]),
            "other_body": file_words.code_word("to", _other(body), language),
            "plan": state["plan"],
            "planned_day": planned,
            "location_name": words.location_name(state["plan"]["location"], planned, language),
            "plan_phases": ", ".join(
                file_words.code_word("phase", p, language) for p in state["plan"]["phases"]
            ),
            "visit": state["visit"],
            "visit_day": date.fromisoformat(state["visit"]["visited_on"])
            if state["visit"]
            else None,
            "findings": _findings_shown(state["findings"], language),
            "recommendations": recommendations,
            "waiting": [r for r in recommendations if not r["response"]],
            "close_label": words.word("reason", state["close_reason"] or "", language),
            "events": [
                {
                    "seq": e["seq"],
                    "heading": words.word("event", e["type"], language),
                    "at": datetime.fromisoformat(e["data"]["occurred_at"]),
                    "actor": e["actor"],
                }
                for e in shown["events"]
            ],
            "values": values or {},
            "errors": errors or {},
            "today": today.isoformat(),
            **_vocabulary(language, today),
        },
        language=language,
        who=who,
        status=status,
    )

"""The monitoring register's pages: a body's worklist, a file, the intake form and the steps.

Only the monitors of the two bodies open them (``Action.MONITORING_FILES``), each in its own
body's files (and files the other body shared with it). Every other signed-in person gets the
same "not found" page on every register address, whether a file exists there or not, before
any file is looked up: the executing organisations do not learn what the bodies look at. A
monitor asking for a file their body cannot read gets that same page. The register is the one
the services container opens (``Services.register``); every read is logged there.

- ``GET /monitoring``: the open time limits of the body's files, soonest due first, overdue
  ones marked (``services.monitoring.worklist``).
- ``GET /monitoring/files/{reference}``: the file's events in words and its time limits; the
  signal's content is shown to the keeping body only; the keeper gets the forms of the next
  steps (triage, referral, outcome, sharing with the other body, closing).
- ``GET``/``POST /monitoring/intake``: a monitor enters a signal for the intake (a letter, a
  call, an own observation) with its files (``multipart/form-data``, ``web.monitoring_uploads``);
  the intake rules route it, possibly to the other body, and the page shows the reference and
  nothing else. The download of a file's attachments is ``web.monitoring_attachments``.
- ``POST /monitoring/files/{reference}/{step}``: one step; bad input or a step the register's
  rules refuse comes back on the file page with the reason (HTTP 422), nothing written.

Forms work without JavaScript and carry the session's CSRF token (``check_csrf``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from migrationpact.access.policy import Action, decide
from migrationpact.auth.sessions import CSRF_FIELD
from migrationpact.monitoring.attachments import Upload
from migrationpact.monitoring.decide import MonitoringRefused
from migrationpact.monitoring.events import MonitoringEventError
from migrationpact.monitoring.vocabulary import BODIES, RIGHTS
from migrationpact.services import monitoring
from migrationpact.services.container import services
from migrationpact.services.errors import Forbidden, Invalid, NotFound
from migrationpact.web import monitoring_uploads as attachments
from migrationpact.web import monitoring_words as words
from migrationpact.web.errors import WebError, refusals
from migrationpact.web.forms import PYDANTIC_MESSAGES
from migrationpact.web.i18n import say, translations
from migrationpact.web.labels import N_
from migrationpact.web.monitoring_inspections_due import due_items
from migrationpact.web.recording import to_case_page
from migrationpact.web.session import Visitor, check_csrf, require_visitor
from migrationpact.web.templating import render

router = APIRouter(include_in_schema=False)
REFERENCE = re.compile(r"^MON-[A-Z0-9]{4}-[A-Z0-9]{4}$")
MAX_FIELD = 20_000
#: The one answer for an address of the register that is not the visitor's to open.
NOT_HERE = N_("There is no such page.")


@contextmanager
def unseen() -> Iterator[None]:
    """A register read's refusals as pages: "no such" and "not yours" alike as the one "not
    found" (``NOT_HERE``), so nobody learns whether it exists; bad input as 400."""
    try:
        yield
    except (NotFound, Forbidden):
        raise WebError(404, NOT_HERE) from None
    except Invalid as exc:
        raise WebError(400, "The request cannot be carried out.", detail=exc.message) from exc


def _monitor(request: Request) -> tuple[Visitor, str]:
    """The signed-in monitor and their body; anyone else: the same 404 as for no file."""
    who = require_visitor(request)
    if not decide(who.principal, Action.MONITORING_FILES):
        raise WebError(404, NOT_HERE)
    return who, who.principal.organisation.value


#: The register's guard, for its pages in other modules (the attachments' download).
monitor_of = _monitor


def _choices(mapping: Mapping[str, str], language: str) -> list[tuple[str, str]]:
    t = translations(language)
    return [(code, t.gettext(label)) for code, label in mapping.items()]


def _vocabulary(language: str) -> dict[str, Any]:
    """The choices every register form offers, labelled in ``language``."""
    return {
        "sources": _choices(words.SOURCES, language),
        "channels": _choices(words.CHANNELS, language),
        "phases": _choices(words.PHASES, language),
        "kinds": _choices(words.KINDS, language),
        "authorities": _choices(words.AUTHORITIES, language),
        "reasons": _choices(words.CLOSE_REASONS, language),
        "rights": [(code, words.right_title(code, language)) for code in RIGHTS],
    }


@router.get("/monitoring")
def worklist_page(request: Request, submitted: str = "") -> Response:
    who, body = _monitor(request)
    register = services(request).register()
    with refusals():  # a register without the body's key: an error page that says so
        items = monitoring.worklist(register=register, principal=who.principal, body=body)
        # The responses the body awaits on its inspections.
        awaited = due_items(register, who.principal, body, who.language)
    for item in items:
        item["due_day"] = date.fromisoformat(item["due"])
        item["limit_title"] = item["title_nl"] if who.language == "nl" else item["title"]
        item["status_label"] = words.code_word("status", item["status"], who.language)
    return render(
        request,
        "monitoring_worklist.html",
        {
            "items": items,
            "responses_awaited": awaited,
            "body": words.code_word("to", body, who.language),
            "submitted": submitted if REFERENCE.match(submitted) else "",
        },
        language=who.language,
        who=who,
    )


@router.get("/monitoring/closed")
def closed_page(request: Request) -> Response:
    who, body = _monitor(request)
    with refusals():
        found = monitoring.closed_files(
            register=services(request).register(), principal=who.principal, body=body
        )
    for f in found:
        f["closed_day"] = date.fromisoformat(f["closed_at"][:10]) if f["closed_at"] else None
        f["reason_label"] = words.code_word("reason", f["reason"] or "", who.language)
    return render(
        request,
        "monitoring_closed.html",
        {"files": found, "body": words.code_word("to", body, who.language)},
        language=who.language,
        who=who,
    )


def _file_page(
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
        shown = monitoring.show_file(
            register=register, principal=who.principal, body=body, reference=reference
        )
    keeper = shown["keeper"] == body
    limits = shown["limits"]
    for item in limits:
        item["limit_title"] = item["title_nl"] if who.language == "nl" else item["title"]
        item["due_day"] = date.fromisoformat(item["due"])
    return render(
        request,
        "monitoring_file.html",
        {
            "reference": reference,
            "keeper": keeper,
            "keeper_name": words.code_word("to", shown["keeper"], who.language),
            "status_label": words.code_word("status", shown["status"], who.language),
            "open": shown["status"] != "closed",
            "shared": bool(shown["shared_with"]),
            "other_body": words.code_word("to", _other(body), who.language),
            "events": words.event_rows(shown["events"], keeper=keeper, language=who.language),
            "attachments": attachments.attachment_links(
                reference, shown["events"], keeper=keeper, language=who.language
            ),
            "limits": limits,
            "values": values if values is not None else _as_indicated(shown["events"]),
            "errors": errors or {},
            **_vocabulary(who.language),
        },
        language=who.language,
        who=who,
        status=status,
    )


def _as_indicated(events: list[dict[str, Any]]) -> dict[str, str]:
    """The triage form starts as the submitter indicated it (phase, kind, rights)."""
    signal = events[0]["data"] if events else {}
    values = {name: str(signal[name]) for name in ("phase", "kind") if signal.get(name)}
    return values | {f"right:{code}": "on" for code in signal.get("rights", ())}


@router.get("/monitoring/files/{reference}")
def file_page(reference: str, request: Request) -> Response:
    who, body = _monitor(request)
    if not REFERENCE.match(reference):
        raise WebError(404, NOT_HERE)
    return _file_page(request, who, body, reference)


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: str(v)[:MAX_FIELD] for k, v in form.multi_items() if isinstance(v, str)} | {
        f"right:{v}": "on" for k, v in form.multi_items() if k == "rights" and isinstance(v, str)
    }


def _rights(values: Mapping[str, str]) -> list[str]:
    return [code for code in RIGHTS if values.get(f"right:{code}")]


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        raise Invalid(f"not a date: {text!r}", kind="invalid-monitoring-event") from None


def _needed_day(text: str) -> date:
    found = _day(text)
    if found is None:
        raise Invalid(
            "outcome_recorded: decided_on: a day is needed", kind="invalid-monitoring-event"
        )
    return found


def _other(body: str) -> str:
    """The other body of the mechanism (a file is shared with it)."""
    return next(other for other in BODIES if other != body)


def _optional(text: str) -> str | None:
    return text.strip() or None


_STEPS: dict[str, Callable[..., Any]] = {
    "triage": lambda v, **k: monitoring.triage_file(
        kind=v.get("kind", ""), phase=v.get("phase", ""), rights=_rights(v),
        note=_optional(v.get("note", "")), **k,
    ),
    "refer": lambda v, **k: monitoring.refer_file(
        authority=v.get("authority", ""), follow_up_due=_day(v.get("follow_up_due", "")),
        note=_optional(v.get("note", "")), **k,
    ),
    "outcome": lambda v, **k: monitoring.record_outcome(
        authority=_optional(v.get("authority", "")), outcome=v.get("outcome", ""),
        decided_on=_needed_day(v.get("decided_on", "")), **k,
    ),
    "share": lambda v, **k: monitoring.share_file(
        with_body=_other(k["body"]), note=_optional(v.get("note", "")), **k
    ),
    "close": lambda v, **k: monitoring.close_file(
        reason=v.get("reason", ""), note=_optional(v.get("note", "")), **k
    ),
}  # fmt: skip


@router.post("/monitoring/files/{reference}/{step}")
async def record_step(reference: str, step: str, request: Request) -> Response:
    values = await _form(request)
    return await run_in_threadpool(_step, request, reference, step, values)


def _step(request: Request, reference: str, step: str, values: dict[str, str]) -> Response:
    who, body = _monitor(request)
    if not REFERENCE.match(reference) or step not in _STEPS:
        raise WebError(404, NOT_HERE)
    check_csrf(request, who, values.get(CSRF_FIELD))
    try:
        _STEPS[step](
            values,
            register=services(request).register(),
            principal=who.principal,
            body=body,
            reference=reference,
        )
    except NotFound:
        raise WebError(404, NOT_HERE) from None
    except MonitoringRefused as exc:
        said = words.refusal_words(exc.rule, exc.template, exc.params, who.language)
        return _file_page(
            request, who, body, reference, values=values, errors={step: said}, status=422
        )
    except (Invalid, Forbidden) as exc:
        errors = {step: problem_words(exc, who.language)}
        return _file_page(request, who, body, reference, values=values, errors=errors, status=422)
    return to_case_page(request, f"/monitoring/files/{reference}#events")


#: The register's form fields by the name the events give them, as the forms label them.
FIELD_WORDS = {
    "source": N_("From"), "channel": N_("Channel"), "content": N_("Content"),
    "case_reference": N_("Case reference (pseudonymous)"), "phase": N_("Phase"),
    "kind": N_("Kind"), "rights": N_("Charter rights"), "note": N_("Note"),
    "authority": N_("Authority"), "follow_up_due": N_("Answer due"), "outcome": N_("Outcome"),
    "decided_on": N_("Decided on"), "reason": N_("Reason"),
}  # fmt: skip
#: The model's complaints the forms' own messages do not cover.
_MORE_MESSAGES = {
    "string_too_long": N_("The text is too long."),
    "too_long": N_("Fewer items, please: the list is too long."),
}


def problem_words(exc: Invalid | Forbidden, language: str) -> str:
    """A refused step or intake in ``language``: the field and what is wrong with it when the
    event's model complained, else the use case's sentence as the catalog says it."""
    t = translations(language)
    cause = exc.__cause__
    if isinstance(cause, MonitoringEventError) and cause.where:
        field = cause.where.split(".")[0]
        label = t.gettext(FIELD_WORDS.get(field, N_("A field")))
        known = _MORE_MESSAGES.get(cause.error_type) or PYDANTIC_MESSAGES.get(cause.error_type)
        problem = t.gettext(known or N_("The value is not accepted."))
        return f"{label}: {problem}"
    return say(exc.text if exc.text is not None else exc.message, language)


def _intake_page(
    request: Request, who: Visitor, values: Mapping[str, str], error: str = "", status: int = 200
) -> Response:
    return render(
        request,
        "monitoring_intake.html",
        {"values": values, "error": error, **_vocabulary(who.language), **attachments.LIMITS},
        language=who.language,
        who=who,
        status=status,
    )


@router.get("/monitoring/intake")
def intake_form(request: Request) -> Response:
    who, _ = _monitor(request)
    return _intake_page(request, who, {})


@router.post("/monitoring/intake")
async def intake_submit(request: Request) -> Response:
    values = await _form(request)
    uploads = await attachments.uploads_of(request)
    return await run_in_threadpool(_intake, request, values, uploads)


def _intake(request: Request, values: dict[str, str], uploads: list[Upload]) -> Response:
    who, body = _monitor(request)
    check_csrf(request, who, values.get(CSRF_FIELD))
    signal: dict[str, Any] = {
        "source": values.get("source", ""),
        "channel": values.get("channel", ""),
        "content": values.get("content", ""),
        "case_reference": _optional(values.get("case_reference", "")),
        "phase": _optional(values.get("phase", "")),
        "kind": _optional(values.get("kind", "")),
        "rights": _rights(values),
        "concerns_child": bool(values.get("concerns_child")),
        "about_conduct": bool(values.get("about_conduct")),
    }
    if signal["source"] == "own-observation":
        signal["observed_by"] = body  # an own observation is the monitor's own body's
    try:
        reference = monitoring.submit_signal(
            register=services(request).register(),
            signal=signal,
            submitted_by=who.principal.actor,
            attachments=uploads,
        )
    except Invalid as exc:
        return _intake_page(request, who, values, problem_words(exc, who.language), 422)
    return to_case_page(request, f"/monitoring?submitted={reference}")

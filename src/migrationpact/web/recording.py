"""What the two pages that record an event share: the new-case page (a case's first event) and
the record page (an event on an existing case).

Both show a form only when the use case that records would let the person's organisation record
that event (``may_record``); show an ``EventForm`` in field groups with the values typed and the
errors found; carry an idempotency key so that a double submit records one event; show the form
again with its errors when the event is refused (or dated in the future or before 2000:
``misdated``); and send the browser to the case page once it
is recorded: a 303 redirect, or for htmx (which follows no redirect of a form it swaps) an
``HX-Redirect`` header.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from migrationpact.access.model import Principal
from migrationpact.services.container import services
from migrationpact.services.errors import Forbidden, Misdated
from migrationpact.services.recording import authorise_append
from migrationpact.web.errors import WebError
from migrationpact.web.forms import EventForm, Field
from migrationpact.web.i18n import translations
from migrationpact.web.labels import EVENT_LABELS, N_

NOT_YOURS = N_("Your organisation may not record this event.")
DATED_AHEAD = N_("This moment lies in the future. Record the event once it has happened.")
DATED_TOO_EARLY = N_("Events before 1 January 2000 are not recorded. Check the date.")


def misdated(exc: Misdated) -> dict[str, str]:
    """The form error of an event dated in the future or before 2000: at its moment field."""
    return {"occurred_at": DATED_AHEAD if exc.ahead else DATED_TOO_EARLY}


def may_record(
    request: Request, principal: Principal, case_id: str | None, event_type: str
) -> None:
    """Refuse (403 page) a form whose event the principal's organisation may not record on the
    case (``case_id`` None: a case still to be opened); the same check guards the write."""
    try:
        authorise_append(
            store=services(request).store,
            principal=principal,
            case_id=case_id,
            event_type=event_type,
        )
    except Forbidden as exc:
        raise WebError(403, NOT_YOURS, detail=exc.message) from exc


def form_context(
    spec: EventForm,
    *,
    key: str,
    values: Mapping[str, str],
    errors: Mapping[str, str],
    language: str,
    extra_fields: tuple[Field, ...] = (),
) -> dict[str, Any]:
    """The template values of a recording form; ``errors`` (field name → message id, or a
    text already in the page's language) are shown translated."""
    t = translations(language)
    return {
        "event_type": spec.event_type,
        "label": EVENT_LABELS[spec.event_type],
        "groups": spec.groups(),
        "fields_by_name": {f.name: f for f in (*extra_fields, *spec.fields)},
        "values": values,
        "errors": {name: t.gettext(message) for name, message in errors.items()},
        "idempotency_key": key,
    }


def to_case_page(request: Request, target: str) -> Response:
    """After an event is recorded: the browser goes to ``target`` on the case page.

    >>> from starlette.requests import Request
    >>> htmx = Request({"type": "http", "headers": [(b"hx-request", b"true")]})
    >>> to_case_page(htmx, "/cases/C-1").headers["HX-Redirect"]
    '/cases/C-1'
    >>> to_case_page(Request({"type": "http", "headers": []}), "/cases/C-1").status_code
    303
    """
    if request.headers.get("HX-Request") == "true":
        return Response(status_code=200, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)

"""Recording an event from a form: show the form, check what was typed, append, or explain.

``GET /cases/{id}/record/{type}`` shows the form of one event type, if the policy lets the
person's organisation record it on this case. The form starts filled in where the case knows the
answer (``event_forms.prefill``): the moment is now (Dutch time, to the minute), and the
screening form holds what the case knows of the person. The form remembers two things in hidden
fields: the case's sequence number when it was shown (``expected_seq``) and a fresh idempotency
key. ``POST`` to the same URL then records through the use case
``services.recording.record_event`` (the same as the API's, which asks the policy) with both:

- the same form sent twice (a double click, a reload) records the event once: the second
  append finds its idempotency key and answers with the first result;
- if somebody else recorded an event in the meantime, the append is refused
  (``StaleCase``) and the form says so — nothing is overwritten (HTTP 409);
- a field that is missing or malformed, and an event the case's state machine refuses
  (``TransitionError``, naming the rule it breaks; ``errors.refused`` says why in the page's
  language), come back as the same form with the messages next to the fields and in a summary
  at the top, with everything typed kept (HTTP 422). With htmx only the form is swapped;
  without JavaScript the page is reloaded.

On success the browser goes to the case page (303; for htmx an ``HX-Redirect`` header), with
the number of the event recorded in the address (``?recorded=12``): the page confirms it and
shows each deadline that event changed, before → after (``recording.deadline_changes``).
"""

from __future__ import annotations

import re
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from migrationpact.auth.sessions import CSRF_FIELD
from migrationpact.cases.errors import TransitionError
from migrationpact.cases.events import EventError, parse_event
from migrationpact.services import recording
from migrationpact.services.container import services
from migrationpact.services.errors import KeyReused, Misdated, StaleCase
from migrationpact.store import service
from migrationpact.web.cases import CaseId, read_allowed
from migrationpact.web.errors import WebError, refusals, refused
from migrationpact.web.event_forms import form_for, prefill
from migrationpact.web.forms import EventForm, read_form
from migrationpact.web.i18n import translations
from migrationpact.web.recording import form_context, may_record, misdated, to_case_page
from migrationpact.web.session import Visitor, check_csrf, require_visitor
from migrationpact.web.templating import render

router = APIRouter(include_in_schema=False)
_KEY = re.compile(r"^[A-Za-z0-9-]{8,64}$")
MAX_FIELD = 2000


def _form_allowed(request: Request, who: Visitor, case_id: str, event_type: str) -> EventForm:
    """The form, if it exists and the policy lets the organisation record this event here."""
    try:
        spec = form_for(event_type)
    except KeyError:
        raise WebError(404, "There is no form for this event.") from None
    read_allowed(request, who, case_id, "case.form")
    may_record(request, who.principal, case_id, event_type)
    return spec


def _page(
    request: Request,
    who: Visitor,
    case_id: str,
    spec: EventForm,
    *,
    seq: int,
    key: str,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    context = form_context(spec, key=key, values=values, errors=errors, language=who.language)
    context.update(case_id=case_id, seq=seq)
    return render(
        request, "event_form.html", context, language=who.language, who=who, status=status
    )


@router.get("/cases/{case_id}/record/{event_type}")
def event_form(case_id: CaseId, event_type: str, request: Request) -> Response:
    who = require_visitor(request)
    spec = _form_allowed(request, who, case_id, event_type)
    with refusals():
        state = service.get_case(store=services(request).store, case_id=case_id)
    if state.closed:
        raise WebError(409, "The case is closed; no event can be recorded.")
    values = prefill(spec, state, recording.dutch_now(services(request).store))
    return _page(
        request, who, case_id, spec,
        seq=state.seq, key=str(uuid.uuid4()), values=values, errors={},
    )  # fmt: skip


@router.post("/cases/{case_id}/record/{event_type}")
async def record_event(case_id: CaseId, event_type: str, request: Request) -> Response:
    form = await request.form()
    values = {k: str(v)[:MAX_FIELD] for k, v in form.items() if isinstance(v, str)}
    return await run_in_threadpool(_record, request, case_id, event_type, values)


def _record(request: Request, case_id: str, event_type: str, values: dict[str, str]) -> Response:
    who = require_visitor(request)
    check_csrf(request, who, values.get(CSRF_FIELD))
    spec = _form_allowed(request, who, case_id, event_type)
    t = translations(who.language)
    key = values.get("idempotency_key", "")
    seq_text = values.get("expected_seq", "")
    if not _KEY.match(key) or not seq_text.isdigit():
        raise WebError(400, "The form is incomplete. Reload it and try again.")
    seq = int(seq_text)

    def again(errors: dict[str, str], status: int) -> Response:
        return _page(
            request, who, case_id, spec,
            seq=seq, key=key, values=values, errors=errors, status=status,
        )  # fmt: skip

    data, errors = read_form(spec, values)
    if errors:
        return again(errors, 422)
    with refusals():  # any other refusal (the case is gone, …) is an error page
        try:
            result = recording.record_event(
                store=services(request).store,
                principal=who.principal,
                case_id=case_id,
                event=parse_event(data),
                expected_seq=seq,
                idempotency_key=key,
                future_skew=services(request).settings.future_skew,
            )
        except (TransitionError, EventError) as exc:
            return again({"": refused(exc, who.language)}, 422)
        except Misdated as exc:
            return again(misdated(exc), 422)
        except StaleCase as exc:
            lead = t.gettext(
                "The case changed while you were filling in this form. Open the case again to "
                "see the new events, then record yours."
            )
            return again({"": f"{lead} ({exc})"}, 409)
        except KeyReused as exc:
            return again({"": str(exc)}, 409)
    return _done(request, case_id, result.seq)


def _done(request: Request, case_id: str, seq: int) -> Response:
    return to_case_page(request, f"/cases/{case_id}?recorded={seq}#deadlines")

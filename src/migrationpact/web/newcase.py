"""Opening a case from a page: choose its first event, fill in the form, and the case exists.

A case comes into existence with its first event (the use case
``services.recording.open_case``, the same as the API's ``POST /v1/cases``): a screening
started at the border (KMar), an application made (IND, KMar), or a take-charge request
received from another member state (IND). ``/cases/new`` lists the first events the person's
organisation may record (``Action.CASE_CREATE`` and ``decide(EVENT_APPEND, event_type=…)``);
``/cases/new/{type}`` shows the form of one (``event_forms.FIRST_FORMS``: the person, the
routing facts as yes / no / not recorded, …) and ``POST`` creates the case.

The case id is filled in when the form is shown (``service.new_case_id``); it may be replaced
by an existing file number. When it is left empty the store makes one from the person and the
form's idempotency key (``service.case_id_for_key``, as for the API and the command line).
The key, made when the form is shown and kept in a hidden field, makes a double submit create
one case: the store answers the repeated key with the first result. Errors come back with the
form as typed (422): a summary at the top, the message at each field; an id that is taken is
an error at the case id. On success the browser goes to the new case's page.
"""

from __future__ import annotations

import re
import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from migrationpact.access.policy import Action, decide
from migrationpact.auth.sessions import CSRF_FIELD
from migrationpact.cases.errors import TransitionError
from migrationpact.cases.events import EventError, parse_event
from migrationpact.services.container import services
from migrationpact.services.errors import Forbidden, KeyReused, Misdated, StaleCase
from migrationpact.services.paths import CASE_ID
from migrationpact.services.recording import authorise_opening, open_case
from migrationpact.store import service
from migrationpact.web.errors import WebError, refusals, refused
from migrationpact.web.event_forms import FIRST_FORMS, FIRST_TYPES
from migrationpact.web.forms import EventForm, Field, read_form
from migrationpact.web.labels import EVENT_LABELS, N_
from migrationpact.web.recording import form_context, may_record, misdated, to_case_page
from migrationpact.web.session import Visitor, check_csrf, require_visitor
from migrationpact.web.templating import render

router = APIRouter(include_in_schema=False)
_KEY = re.compile(r"^[A-Za-z0-9-]{8,64}$")
MAX_FIELD = 2000
#: Path words under /cases/ that are pages, not cases.
RESERVED = frozenset({"new", "list"})
CASE_ID_FIELD = Field(
    "case_id", "text", hint=N_("Given by the system; replace it only with an existing file number")
)
FirstType = Annotated[str, Path(max_length=64)]
NO_OPENING = N_("Your organisation may not open cases.")


def creatable(who: Visitor) -> list[str]:
    """The first events ``who`` may open a case with (the policy decides each)."""
    if not decide(who.principal, Action.CASE_CREATE):
        return []
    return [t for t in FIRST_TYPES if decide(who.principal, Action.EVENT_APPEND, event_type=t)]


def _allowed(request: Request, who: Visitor, event_type: str) -> EventForm:
    try:
        authorise_opening(principal=who.principal)
    except Forbidden as exc:
        raise WebError(403, NO_OPENING, detail=exc.message) from exc
    if event_type not in FIRST_FORMS:
        raise WebError(404, "There is no form for this event.")
    may_record(request, who.principal, None, event_type)
    return FIRST_FORMS[event_type]


@router.get("/cases/new")
def choose(request: Request) -> Response:
    who = require_visitor(request)
    try:
        authorise_opening(principal=who.principal)
    except Forbidden as exc:
        raise WebError(403, NO_OPENING, detail=exc.message) from exc
    choices = [{"type": t, "label": EVENT_LABELS[t]} for t in creatable(who)]
    return render(
        request, "new_case_choice.html", {"choices": choices}, language=who.language, who=who
    )


def _page(
    request: Request,
    who: Visitor,
    spec: EventForm,
    *,
    key: str,
    values: dict[str, str],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    context = form_context(
        spec, key=key, values=values, errors=errors, language=who.language,
        extra_fields=(CASE_ID_FIELD,),
    )  # fmt: skip
    context["case_id_field"] = CASE_ID_FIELD
    return render(request, "new_case.html", context, language=who.language, who=who, status=status)


@router.get("/cases/new/{event_type}")
def new_case_form(event_type: FirstType, request: Request) -> Response:
    who = require_visitor(request)
    spec = _allowed(request, who, event_type)
    defaults = {f.name: f.default for f in spec.fields} | {"case_id": service.new_case_id()}
    return _page(request, who, spec, key=str(uuid.uuid4()), values=defaults, errors={})


@router.post("/cases/new/{event_type}")
async def create(event_type: FirstType, request: Request) -> Response:
    form = await request.form()
    values = {k: str(v)[:MAX_FIELD] for k, v in form.items() if isinstance(v, str)}
    return await run_in_threadpool(_create, request, event_type, values)


def _create(request: Request, event_type: str, values: dict[str, str]) -> Response:
    who = require_visitor(request)
    check_csrf(request, who, values.get(CSRF_FIELD))
    spec = _allowed(request, who, event_type)
    key = values.get("idempotency_key", "")
    if not _KEY.match(key):
        raise WebError(400, "The form is incomplete. Reload it and try again.")

    def again(errors: dict[str, str], status: int = 422) -> Response:
        return _page(request, who, spec, key=key, values=values, errors=errors, status=status)

    case_id = values.get("case_id", "").strip() or None  # None: made from the key
    data, errors = read_form(spec, values)
    if case_id is not None and (not re.match(CASE_ID, case_id) or case_id.lower() in RESERVED):
        errors = {"case_id": N_("Use letters, digits, dots, dashes; at most 64."), **errors}
    if errors:
        return again(errors)
    with refusals():  # any other refusal is an error page
        try:
            result = open_case(
                store=services(request).store,
                principal=who.principal,
                event=parse_event(data),
                case_id=case_id,
                idempotency_key=key,
                future_skew=services(request).settings.future_skew,
            )
        except (TransitionError, EventError) as exc:
            return again({"": refused(exc, who.language)})
        except Misdated as exc:
            return again(misdated(exc))
        except StaleCase:
            return again({"case_id": N_("A case with this id already exists.")}, 409)
        except KeyReused as exc:
            return again({"": str(exc)}, 409)
    return to_case_page(request, f"/cases/{result.case_id}?recorded={result.seq}")

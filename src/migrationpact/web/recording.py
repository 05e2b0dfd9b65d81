"""What the two pages that record an event share: the new-case page (a case's first event) and
the record page (an event on an existing case); and what the case page shows of recording: the
steps it offers and what the last one changed.

Both show a form only when the use case that records would let the person's organisation record
that event (``may_record``); show an ``EventForm`` in field groups with the values typed and the
errors found; carry an idempotency key so that a double submit records one event; show the form
again with its errors when the event is refused (or dated in the future or before 2000:
``misdated``); and send the browser to the case page once it
is recorded: a 303 redirect, or for htmx (which follows no redirect of a form it swaps) an
``HX-Redirect`` header.

The case page offers the forms the organisation may use in three parts (``record_menu``): the
*next step*, the event the state machine would accept now that meets the most urgent running
deadline, the organisation's own deadlines before others' (``cases.next_steps``); the other
events it would accept now; and, folded away, every other form the organisation may use. After
an event is recorded the case page lists each deadline it changed, before → after
(``deadline_changes``): "APR-13: di 18 mei 2027 → do 18 nov 2027", a new deadline "— → date", a
met or ended one "open → met".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action, decide
from migrationpact.cases.compare import DeadlineComparison, changes_of_event
from migrationpact.cases.events import AnyEvent
from migrationpact.cases.next_steps import next_steps
from migrationpact.cases.state import CaseState, DeadlineEntry
from migrationpact.law.law import Law
from migrationpact.services.container import services
from migrationpact.services.errors import Forbidden, Misdated
from migrationpact.services.reading import assigned
from migrationpact.services.recording import authorise_append, dutch_now
from migrationpact.web.errors import WebError
from migrationpact.web.forms import FORM_TYPES, EventForm, Field
from migrationpact.web.i18n import format_moment, translations
from migrationpact.web.labels import EVENT_LABELS, N_, STATUS_LABELS

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


def record_menu(
    request: Request, principal: Principal, state: CaseState, *, deadlines_visible: bool
) -> dict[str, Any]:
    """The forms the organisation may use on the case (the policy decides each), as the
    ``next`` step, the ``acceptable`` others and the ``other`` ones; each with the running
    deadlines it would meet when the organisation may see the deadlines."""
    found = services(request)
    if state.closed:
        return {"next": None, "acceptable": [], "other": []}
    mine = assigned(found.store, principal, state.case_id)
    allowed = [
        t for t in FORM_TYPES if decide(principal, Action.EVENT_APPEND, event_type=t, assigned=mine)
    ]
    steps = next_steps(
        state, at=dutch_now(found.store), law=found.store.law,
        acting=principal.organisation.value,
    )  # fmt: skip
    accepted = [step for step in steps if step.type in allowed]

    def item(event_type: str, meets: Sequence[DeadlineEntry] = ()) -> dict[str, Any]:
        return {
            "type": event_type,
            "label": EVENT_LABELS[event_type],
            "meets": [d.key for d in meets] if deadlines_visible else [],
        }

    offered = [item(step.type, step.meets) for step in accepted]
    now = {step.type for step in accepted}
    return {
        "next": offered[0] if offered else None,
        "acceptable": offered[1:],
        "other": [item(t) for t in allowed if t not in now],
    }


def deadline_changes(
    case_id: str, events: Sequence[AnyEvent], seq: int, law: Law, language: str
) -> list[dict[str, str]]:
    """Each deadline event ``seq`` of the case changed, before → after, in ``language``."""
    comparisons = changes_of_event(case_id, events, seq, law=law)
    t = translations(language)
    return [{"key": c.key, **_before_after(c, t.gettext, language)} for c in comparisons]


def _before_after(
    c: DeadlineComparison, gettext: Callable[[str], str], language: str
) -> dict[str, str]:
    before, after = c.current, c.replayed

    def due(entry: DeadlineEntry) -> str:
        return format_moment(entry.due, language)

    def status(entry: DeadlineEntry) -> str:
        return gettext(STATUS_LABELS.get(entry.status, entry.status))

    if before is None or after is None:
        return {"before": due(before) if before else "—", "after": due(after) if after else "—"}
    if before.status == after.status:
        return {"before": due(before), "after": due(after)}
    shown_after = status(after)
    if after.is_running and after.due != before.due:
        shown_after += f", {due(after)}"
    return {"before": status(before), "after": shown_after}

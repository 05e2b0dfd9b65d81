"""The worklist page: what the signed-in person's organisation must act on, soonest first.

Three groups of open deadlines of the organisation, from the store's worklist (overdue ones
and those ending within seven days): overdue, due today, and due later this week. Each row
links to its case, shows the day in the page's language, the days left, the rule and its
legal basis, and says UNVERIFIED in words where the rule's source could not be checked.
Who may see a worklist at all is the policy's answer (``Action.WORKLIST_READ``).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from migrationpact.access.policy import Action, decide
from migrationpact.api.cases.views import CASE_ID
from migrationpact.cases.worklist import WorkItem
from migrationpact.store import service
from migrationpact.web.errors import WebError
from migrationpact.web.i18n import translations
from migrationpact.web.session import require_visitor, services_of
from migrationpact.web.templating import render

router = APIRouter(include_in_schema=False)
WITHIN_DAYS = 7
LIMIT = 500


def groups(items: list[WorkItem], language: str) -> list[dict[str, Any]]:
    """The items split into overdue, due today and due this week (in that order)."""
    t = translations(language)
    overdue = [i for i in items if i.days_left < 0]
    today = [i for i in items if i.days_left == 0]
    week = [i for i in items if i.days_left > 0]
    return [
        {"key": "overdue", "title": t.gettext("Overdue"), "items": overdue},
        {"key": "today", "title": t.gettext("Due today"), "items": today},
        {"key": "week", "title": t.gettext("Due this week"), "items": week},
    ]


@router.get("/worklist")
def worklist_page(request: Request) -> Response:
    who = require_visitor(request)
    decision = decide(who.principal, Action.WORKLIST_READ)
    if not decision:
        raise WebError(403, "Your organisation has no worklist.", detail=decision.reason)
    today = date.today()
    page = service.worklist(
        store=services_of(request).store,
        organisation=who.principal.organisation.value,
        as_of=today,
        within_days=WITHIN_DAYS,
        limit=LIMIT,
    )
    items = list(page.items)
    return render(
        request,
        "worklist.html",
        {
            "organisation": who.principal.organisation.value,
            "as_of": today,
            "groups": groups(items, who.language),
            "has_unverified": any(not i.verified for i in items),
            "more": page.next_cursor is not None,
            "limit": LIMIT,
        },
        language=who.language,
        who=who,
    )


@router.get("/cases")
def open_case(request: Request, case_id: str = "") -> Response:
    """The "open a case by its id" form of the worklist: straight to the case page."""
    require_visitor(request)
    wanted = case_id.strip()
    if not re.match(CASE_ID, wanted):
        raise WebError(404, "There is no such case.", detail=f"{wanted!r} is not a case id")
    return RedirectResponse(f"/cases/{wanted}", status_code=303)

"""The worklist page: what the signed-in person's organisation must act on, soonest first.

Three groups of open deadlines of the organisation, from the store's worklist (overdue ones
and those ending within seven days): overdue, due today, and due later this week. Each row
links to its case, shows the day in the page's language, the days left, the rule and its
legal basis, and says UNVERIFIED in words where the rule's source could not be checked.
The rule titles are in the page's language (``titles.rule_title``). The items come from the
same use case as the API's (``services.worklist.worklist``), which asks the policy who may see
a worklist at all (``Action.WORKLIST_READ``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from migrationpact.cases.worklist import WorkItem
from migrationpact.services.container import services
from migrationpact.services.errors import Forbidden
from migrationpact.services.worklist import worklist
from migrationpact.web.errors import WebError
from migrationpact.web.i18n import translations
from migrationpact.web.session import require_visitor
from migrationpact.web.templating import render
from migrationpact.web.titles import rule_title

router = APIRouter(include_in_schema=False)
WITHIN_DAYS = 7
LIMIT = 500


def groups(found: list[WorkItem], language: str) -> list[dict[str, Any]]:
    """The items split into overdue, due today and due this week (in that order), each with
    its rule's title in ``language``."""
    t = translations(language)
    items = [{**i.model_dump(), "title": rule_title(i.rule_id, i.title, language)} for i in found]
    overdue = [i for i in items if i["days_left"] < 0]
    today = [i for i in items if i["days_left"] == 0]
    week = [i for i in items if i["days_left"] > 0]
    return [
        {"key": "overdue", "title": t.gettext("Overdue"), "items": overdue},
        {"key": "today", "title": t.gettext("Due today"), "items": today},
        {"key": "week", "title": t.gettext("Due this week"), "items": week},
    ]


@router.get("/worklist")
def worklist_page(request: Request) -> Response:
    who = require_visitor(request)
    today = date.today()
    try:
        page = worklist(
            store=services(request).store,
            principal=who.principal,
            as_of=today,
            within_days=WITHIN_DAYS,
            limit=LIMIT,
        )
    except Forbidden as exc:
        raise WebError(403, "Your organisation has no worklist.", detail=exc.message) from exc
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

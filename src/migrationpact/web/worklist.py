"""The worklist page: what the signed-in person's organisation must act on, soonest first.

Three groups of open deadlines of the organisation, from the store's worklist (overdue ones
and those ending within seven days): overdue, due today, and due later this week. Each row
links to its case, names its person (for who may see names, linking to their history across
cases), shows the day in the page's language, the days left, the rule and its legal basis,
and says UNVERIFIED in words where the rule's source could not be checked. The rule titles are
in the page's language (``titles.rule_title``). The items come from the same use case as the
API's (``services.worklist.worklist``), which asks the policy who may see a worklist at all
(``Action.WORKLIST_READ``), with the filters and orders of ``web.finding``; a next page is a
cursor away, and ``/worklist/export.csv`` gives the same list as a CSV file.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from migrationpact.cases.stages import PROCEDURES, STAGES
from migrationpact.cases.worklist import WorkItem
from migrationpact.services.container import services
from migrationpact.services.errors import Forbidden
from migrationpact.services.finding import Filters, sees_names
from migrationpact.services.recording import dutch_now
from migrationpact.services.worklist import worklist
from migrationpact.store.worklist import WorklistPage
from migrationpact.web.errors import WebError
from migrationpact.web.finding import (
    MAX_EXPORT,
    csv_response,
    filter_form,
    filter_refusals,
    page_filters,
    query_string,
)
from migrationpact.web.i18n import cite_text, translations
from migrationpact.web.labels import N_, PROCEDURE_LABELS, STAGE_LABELS
from migrationpact.web.session import Visitor, require_visitor
from migrationpact.web.templating import render
from migrationpact.web.titles import rule_title

router = APIRouter(include_in_schema=False)
WITHIN_DAYS = 7
LIMIT = 500
PageFilters = Annotated[Filters, Depends(page_filters)]
Sort = Annotated[str, Query(max_length=16)]

#: The orders of the worklist, as the sort menu names them.
SORT_LABELS = {"due": N_("due date"), "caseId": N_("case id"), "stage": N_("stage")}
#: The columns of the CSV export.
CSV_HEADERS = (N_("Case"), N_("Pseudonym"), N_("Names"), N_("Rule"), N_("Deadline"),
               N_("Due"), N_("Days left"), N_("Stage"), N_("Legal basis"))  # fmt: skip


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


def _page(
    request: Request, who: Visitor, filters: Filters, sort: str, cursor: str, *,
    limit: int, action: str, today: date,
) -> WorklistPage:  # fmt: skip
    try:
        with filter_refusals():
            return worklist(
                store=services(request).store, principal=who.principal, as_of=today,
                within_days=WITHIN_DAYS, cursor=cursor or None, limit=limit, filters=filters,
                sort=sort or "due", action=action,
            )  # fmt: skip
    except WebError as exc:
        if isinstance(exc.__cause__, Forbidden):
            raise WebError(403, "Your organisation has no worklist.", detail=None) from exc
        raise


@router.get("/worklist")
def worklist_page(
    request: Request,
    filters: PageFilters,
    sort: Sort = "due",
    cursor: Annotated[str, Query(max_length=400)] = "",
) -> Response:
    who = require_visitor(request)
    today = dutch_now(services(request).store).date()
    page = _page(
        request, who, filters, sort, cursor, limit=LIMIT, action="worklist.read", today=today
    )
    items = list(page.items)
    return render(
        request,
        "worklist.html",
        {
            **filter_form(filters, sort),
            "organisation": who.principal.organisation.value,
            "as_of": today,
            "groups": groups(items, who.language),
            "names": sees_names(who.principal),
            "has_unverified": any(not i.verified for i in items),
            "next_cursor": page.next_cursor,
            "first_page": not cursor,
            "query": query_string(filters, sort=None if sort == "due" else sort),
            "stages": [(s, STAGE_LABELS.get(s, s)) for s in STAGES],
            "procedures": [(p, PROCEDURE_LABELS.get(p, p)) for p in PROCEDURES],
            "sorts": list(SORT_LABELS.items()),
            "limit": LIMIT,
        },
        language=who.language,
        who=who,
    )


@router.get("/worklist/export.csv")
def worklist_csv(request: Request, filters: PageFilters, sort: Sort = "due") -> Response:
    """The worklist with the same filters and order, as a CSV file."""
    who = require_visitor(request)
    today = dutch_now(services(request).store).date()
    page = _page(
        request, who, filters, sort, "", limit=MAX_EXPORT, action="worklist.export", today=today
    )
    t = translations(who.language)
    rows = [
        [
            i.case_id, i.pseudonym or "", i.person_name or "", i.rule_id,
            rule_title(i.rule_id, i.title, who.language), i.due.isoformat(), i.days_left,
            t.gettext(STAGE_LABELS.get(i.stage, i.stage)), cite_text(i.legal_basis, who.language),
        ]
        for i in page.items
    ]  # fmt: skip
    return csv_response("worklist", CSV_HEADERS, rows, who.language)

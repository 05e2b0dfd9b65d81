"""The case list: every case a person may read, found, filtered, sorted and a page at a time.

``/cases`` (also ``/cases/list``) lists cases with their person (for who may see names), stage,
procedure, number of open deadlines and next due day (flagged when it has passed), fifty a
page, with a cursor to the next page (the API's opaque cursor, ``services.pagination``), from
the same use case as the API's (``services.case_pages.list_cases``). Who may list cases is the
policy's answer (``Action.CASE_LIST``). A legal counsellor sees only the cases assigned to them,
under the title "My clients"; anyone may ask for "mine". The search box finds a case by its id,
the person's V-number or pseudonym, and (for who may see names) their names; the filters are
those of ``web.finding``, and ``/cases/export.csv`` gives the same list as a CSV file.

``/cases?case_id=…`` is the "open a case by its id" form: it goes straight to the case page.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response

from migrationpact.access.policy import needs_assignment, referred_only
from migrationpact.cases.stages import PROCEDURES, STAGES
from migrationpact.services.case_pages import list_cases
from migrationpact.services.container import services
from migrationpact.services.finding import Filters, sees_names
from migrationpact.services.paths import CASE_ID
from migrationpact.services.recording import dutch_now
from migrationpact.web.errors import WebError
from migrationpact.web.finding import (
    MAX_EXPORT,
    csv_response,
    filter_form,
    filter_refusals,
    overdue_day,
    page_filters,
    query_string,
)
from migrationpact.web.i18n import translations
from migrationpact.web.labels import N_, PROCEDURE_LABELS, STAGE_LABELS
from migrationpact.web.navigation import case_list_label
from migrationpact.web.session import Visitor, require_visitor
from migrationpact.web.templating import render

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
PageFilters = Annotated[Filters, Depends(page_filters)]
Sort = Annotated[str, Query(max_length=16)]
Cursor = Annotated[str, Query(max_length=400)]

#: The orders of the list, as the sort menu names them.
SORT_LABELS = {"caseId": N_("case id"), "nextDue": N_("next due day"), "stage": N_("stage")}
#: The columns of the CSV export.
CSV_HEADERS = (N_("Case"), N_("Pseudonym"), N_("V-number"), N_("Names"), N_("Stage"),
               N_("Procedure"), N_("Open deadlines"), N_("Next due"))  # fmt: skip


def case_rows(
    who: Visitor, request: Request, filters: Filters, sort: str, cursor: str, *,
    limit: int | None = None, action: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """One page of the cases ``who`` may list: rows and the cursor of the next page."""
    today = dutch_now(services(request).store).date()
    with filter_refusals():
        page = list_cases(
            store=services(request).store, principal=who.principal, cursor=cursor or None,
            limit=limit or PAGE_SIZE, filters=filters, sort=sort or "caseId", as_of=today,
            action=action or ("case.search" if filters.q else "case.list"),
        )  # fmt: skip
    return {
        "rows": [
            {
                **s.to_dict(),
                "person": s.person,
                "person_id": s.person and (s.person.v_number or s.person.pseudonym),
                "next_due": s.next_due,
                "past_due": overdue_day(s.next_due, today),
                "stage_label": STAGE_LABELS.get(s.stage, s.stage),
                "procedure_label": PROCEDURE_LABELS.get(s.procedure, s.procedure),
            }
            for s in page.items
        ],
        "next_cursor": page.next_cursor,
    }


@router.get("/cases")
def cases_or_open(
    request: Request,
    filters: PageFilters,
    case_id: Annotated[str | None, Query(max_length=80)] = None,
    sort: Sort = "caseId",
    cursor: Cursor = "",
) -> Response:
    """With ``case_id``: open that case. Without: the case list."""
    if case_id is not None:
        require_visitor(request)
        wanted = case_id.strip()
        if not re.match(CASE_ID, wanted):
            raise WebError(404, "There is no such case.", detail=f"{wanted!r} is not a case id")
        return RedirectResponse(f"/cases/{wanted}", status_code=303)
    return case_list(request, filters, sort=sort, cursor=cursor)


@router.get("/cases/list")
def case_list(
    request: Request, filters: PageFilters, sort: Sort = "caseId", cursor: Cursor = ""
) -> Response:
    who = require_visitor(request)
    page = case_rows(who, request, filters, sort, cursor)
    stage = filters.stage or ""
    return render(
        request,
        "case_list.html",
        {
            **page,
            **filter_form(filters, sort),
            "title": case_list_label(who.principal),
            "mine_only": needs_assignment(who.principal),
            "referred_only": referred_only(who.principal),
            "names": sees_names(who.principal),
            "stage": stage,
            "stage_label": STAGE_LABELS.get(stage, stage),
            "stages": [(s, STAGE_LABELS.get(s, s)) for s in STAGES],
            "procedures": [(p, PROCEDURE_LABELS.get(p, p)) for p in PROCEDURES],
            "sorts": list(SORT_LABELS.items()),
            "query": query_string(filters, sort=None if sort == "caseId" else sort),
            "first_page": not cursor,
            "page_size": PAGE_SIZE,
        },
        language=who.language,
        who=who,
    )


@router.get("/cases/export.csv")
def case_list_csv(request: Request, filters: PageFilters, sort: Sort = "caseId") -> Response:
    """The case list with the same filters and order, every page of it, as a CSV file."""
    who = require_visitor(request)
    page = case_rows(who, request, filters, sort, "", limit=MAX_EXPORT, action="case.export")
    t = translations(who.language)
    rows = [
        [
            r["case_id"],
            r["person"].pseudonym if r["person"] else "",
            (r["person"].v_number or "") if r["person"] else "",
            r["person"].names if r["person"] else "",
            t.gettext(r["stage_label"]),
            t.gettext(r["procedure_label"]),
            r["open_deadlines"],
            r["next_due"].isoformat() if r["next_due"] else "",
        ]
        for r in page["rows"]
    ]
    return csv_response("cases", CSV_HEADERS, rows, who.language)

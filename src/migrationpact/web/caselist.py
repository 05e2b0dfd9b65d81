"""The case list: every case a person may read, a page at a time, filtered by stage.

``/cases`` (also ``/cases/list``) lists cases by id with their stage, procedure, number of open
deadlines and the next due day, fifty a page, with a cursor to the next page (the API's
opaque cursor, ``services.pagination``), from the same use case as the API's
(``services.case_pages.list_cases``). Who may list cases is the policy's answer
(``Action.CASE_LIST``). A legal counsellor sees only the cases assigned to them, under the
title "My clients". The list shows the
summary section only (no names), as the API's ``GET /v1/cases`` does.

``/cases?case_id=…`` is the "open a case by its id" form of the worklist and the case list: it
goes straight to the case page.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from migrationpact.access.policy import needs_assignment
from migrationpact.services.case_pages import list_cases
from migrationpact.services.container import services
from migrationpact.services.paths import CASE_ID
from migrationpact.web.errors import WebError, refusals
from migrationpact.web.labels import PROCEDURE_LABELS, STAGE_LABELS
from migrationpact.web.navigation import case_list_label
from migrationpact.web.session import Visitor, require_visitor
from migrationpact.web.templating import render

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


def case_rows(who: Visitor, request: Request, stage: str, cursor: str) -> dict[str, Any]:
    """One page of the cases ``who`` may list: rows and the cursor of the next page."""
    with refusals():  # an unreadable cursor is a 400 page
        page = list_cases(
            store=services(request).store, principal=who.principal, stage=stage or None,
            cursor=cursor or None, limit=PAGE_SIZE,
        )  # fmt: skip
    return {
        "rows": [
            {
                **s.to_dict(),
                "next_due": s.next_due,
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
    case_id: Annotated[str | None, Query(max_length=80)] = None,
    stage: Annotated[str, Query(max_length=64)] = "",
    cursor: Annotated[str, Query(max_length=400)] = "",
) -> Response:
    """With ``case_id``: open that case. Without: the case list."""
    if case_id is not None:
        require_visitor(request)
        wanted = case_id.strip()
        if not re.match(CASE_ID, wanted):
            raise WebError(404, "There is no such case.", detail=f"{wanted!r} is not a case id")
        return RedirectResponse(f"/cases/{wanted}", status_code=303)
    return case_list(request, stage=stage, cursor=cursor)


@router.get("/cases/list")
def case_list(
    request: Request,
    stage: Annotated[str, Query(max_length=64)] = "",
    cursor: Annotated[str, Query(max_length=400)] = "",
) -> Response:
    who = require_visitor(request)
    page = case_rows(who, request, stage.strip(), cursor)
    return render(
        request,
        "case_list.html",
        {
            **page,
            "title": case_list_label(who.principal),
            "mine_only": needs_assignment(who.principal),
            "stage": stage.strip(),
            "stage_label": STAGE_LABELS.get(stage.strip(), stage.strip()),
            "stages": list(STAGE_LABELS.items()),
            "first_page": not cursor,
            "page_size": PAGE_SIZE,
        },
        language=who.language,
        who=who,
    )

"""Route of the worklist: the use case ``services.worklist.worklist`` answered as JSON."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action
from migrationpact.api.cases.views import Found
from migrationpact.api.finding import ListFilters
from migrationpact.api.params import renamed_query
from migrationpact.cases.worklist import WorkItem
from migrationpact.services.problems import problem_responses
from migrationpact.services.recording import dutch_now
from migrationpact.services.security import Allowed, asking
from migrationpact.services.worklist import worklist as worklist_of

router = APIRouter(tags=["worklist"])


class Worklist(BaseModel):
    organisation: str
    as_of: date
    within_days: int
    items: list[WorkItem]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page; null: last.")


@router.get(
    "/worklist",
    response_model=Worklist,
    responses=problem_responses(400, 401, 403),
    summary="Open deadlines of your organisation: overdue, and due within the window",
    description="Filtered by the query keys (``organisation``, if given, must be your own; "
    "``q`` is not used here), sorted by ``sort``. Each item names its case's person "
    "(``pseudonym``, ``person_name``) only for who may see names, and every case so shown is "
    "written to the access log.",
)
def worklist(
    found: Found,
    principal: Annotated[Principal, Depends(Allowed(Action.WORKLIST_READ))],
    filters: ListFilters,
    request: Request,
    within_days: Annotated[
        int, renamed_query("withinDays", old="within_days", kind=int, default=7, ge=0, le=366)
    ],
    as_of: Annotated[
        date | None,
        renamed_query("asOf", old="as_of", kind=date | None, description="Default: today."),
    ],
    cursor: Annotated[str | None, Query(max_length=400)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    stage: Annotated[
        str | None, Query(max_length=64, description="Only deadlines of cases at this stage.")
    ] = None,
    sort: Annotated[
        str,
        Query(
            max_length=16,
            description="due (default), caseId or stage (in the order "
            "of the procedure); ties by due moment, case id and deadline.",
        ),
    ] = "due",
) -> Worklist:
    page = worklist_of(
        store=found.store,
        principal=principal,
        as_of=as_of or dutch_now(found.store).date(),
        within_days=within_days,
        cursor=cursor,
        limit=limit,
        filters=replace(filters, stage=stage),
        sort=sort,
        asking=asking(request),
    )
    return Worklist(
        organisation=page.organisation,
        as_of=page.as_of,
        within_days=page.within_days,
        items=page.items,
        next_cursor=page.next_cursor,
    )

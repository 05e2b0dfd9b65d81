"""Routes of the access log (read-only), the statistics (aggregates, no person; the Eurostat
tables as CSV, ``services.eurostat``) and the list of exceeded limits (``services.exceeded``:
case ids, no names)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, Field

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action, hidden_in_access_log
from migrationpact.api.cases.views import Found
from migrationpact.api.params import renamed_query
from migrationpact.api.types import Local
from migrationpact.cases.models import Moment
from migrationpact.services import pagination
from migrationpact.services.eurostat import eurostat_table
from migrationpact.services.exceeded import check_query, exceeded_limits
from migrationpact.services.paths import CASE_ID
from migrationpact.services.problems import problem_responses
from migrationpact.services.security import Allowed, CurrentPrincipal, asking
from migrationpact.store.accesslog import access_entries
from migrationpact.store.statistics import case_statistics

router = APIRouter(tags=["oversight"])


class AccessLog(BaseModel):
    entries: list[dict[str, Any]]
    next_cursor: str | None = Field(description="Pass as ?cursor= for older entries; null: none.")


@router.get(
    "/access-log",
    response_model=AccessLog,
    responses=problem_responses(400, 401, 403),
    summary="Who read which case, when and why (newest first; it cannot be changed)",
    description=(
        "The monitoring bodies' reads (InspectieJenV, CRM) are logged sealed to the reading "
        "body's key and are shown to no reader here: they open in the monitoring register only, "
        "so the monitored do not learn what the independent monitoring mechanism looks at "
        "(docs/monitoring.md, 'The firewall'). Every reader but the bodies also misses the "
        "bodies' other rows. Pages are by position among the rows the reader sees."
    ),
)
def access_log(
    found: Found,
    reader: Annotated[Principal, Depends(Allowed(Action.ACCESS_LOG_READ))],
    case_id: Annotated[
        str | None, renamed_query("caseId", old="case_id", kind=str | None, pattern=CASE_ID)
    ],
    actor: Annotated[str | None, Query(max_length=128)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
) -> AccessLog:
    hidden = hidden_in_access_log(reader)
    # Every reader misses some rows (the sealed reads at least) and pages by position in what
    # they see: a row id in the cursor (or on a row) would count, by its gaps, the hidden rows.
    skip = (pagination.row_id(cursor or None, "skip") or 0) if hidden else 0
    before = None if hidden else pagination.row_id(cursor or None, "before")
    entries = access_entries(
        found.engine, case_id=case_id, actor=actor, limit=limit + 1, before=before,
        offset=skip, hidden_organisations=hidden,
    )  # fmt: skip
    more = len(entries) > limit
    entries = entries[:limit]
    next_cursor = None
    if more:
        position = {"skip": skip + limit} if hidden else {"before": entries[-1].id}
        next_cursor = pagination.encode(position)
    shown = [e.to_dict() for e in entries]
    if hidden:
        shown = [{k: v for k, v in row.items() if k != "id"} for row in shown]
    return AccessLog(entries=shown, next_cursor=next_cursor)


class Statistics(BaseModel):
    cases: int
    by_stage: dict[str, int]
    by_procedure: dict[str, int]
    open_deadlines_by_organisation: dict[str, int]


@router.get(
    "/statistics",
    response_model=Statistics,
    responses=problem_responses(401, 403),
    summary="Counts of cases by stage and procedure, and of open deadlines; no person data",
)
def statistics(
    found: Found, _: Annotated[Principal, Depends(Allowed(Action.STATISTICS_READ))]
) -> Statistics:
    counted = case_statistics(found.engine)
    return Statistics(
        cases=counted.cases,
        by_stage=counted.by_stage,
        by_procedure=counted.by_procedure,
        open_deadlines_by_organisation=counted.open_deadlines_by_organisation,
    )


@router.get(
    "/statistics/eurostat/{table}",
    response_class=Response,
    responses={
        200: {
            "description": "The table as SDMX-CSV (exact counts) or plain CSV (exact and rounded)",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        },
        **problem_responses(400, 401, 403),
    },
    summary="One Eurostat table (Reg. 862/2007 Art. 4) for one period, as CSV; no person data",
    description="The tables and their counting rules are in docs/statistics.md. 400: an "
    "unknown table, a malformed period, one in the future or one before the data start.",
)
def eurostat(
    found: Found,
    principal: CurrentPrincipal,
    table: Annotated[
        str, Path(pattern=r"^[a-z_]{1,32}$", description="A dataset code, e.g. migr_asyappctzm.")
    ],
    period: Annotated[
        str,
        Query(
            pattern=r"^[0-9]{4}(-[0-9]{2}|-Q[1-4])?$",
            description="A month (2026-07), a quarter (2026-Q3) or a year (2026).",
        ),
    ],
    format: Annotated[
        Literal["sdmx-csv", "csv"], Query(description="SDMX-CSV (default) or plain CSV.")
    ] = "sdmx-csv",
) -> Response:
    answer = eurostat_table(store=found.store, principal=principal, table=table, period=period)
    return Response(answer.text(format), media_type="text/csv; charset=utf-8")


class ExceededLimitOut(BaseModel):
    """A deadline that ran past its end: lapsed, met late, or still open (overdue)."""

    case_id: str
    key: str
    rule_id: str
    title: str
    organisation: str = Field(description="Who had to act.")
    kind: Literal["lapsed", "met-late", "overdue"]
    maximum: bool = Field(description="A maximum duration (screening, border procedure, …).")
    due: Moment
    ended_at: Local = Field(description="The moment the period ended (24:00 of its last day).")
    closed_at: Local | None = Field(description="When it was met or ran out; null: still open.")
    closed_reason: str | None
    days_late: int | None = Field(
        description="Met late: calendar days from the due day to the day it was met; overdue: "
        "calendar days since the due day; lapsed: null."
    )
    hours_late: int | None = Field(
        description="Met late, a period counted in hours: hours after its end, rounded up."
    )
    legal_basis: str


class ExceededLimits(BaseModel):
    items: list[ExceededLimitOut]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page; null: last.")


@router.get(
    "/exceeded-limits",
    response_model=ExceededLimits,
    responses=problem_responses(400, 401, 403),
    summary="Every deadline that ran past its end: lapsed, met late, or open and overdue",
)
def exceeded(
    request: Request,
    found: Found,
    principal: Annotated[Principal, Depends(Allowed(Action.OVERSIGHT_EXCEEDED))],
    rule: Annotated[
        list[str] | None, Query(max_length=20, description="Rule ids, e.g. SCR-01; repeatable.")
    ] = None,
    organisation: Annotated[
        str | None, Query(max_length=32, description="Who had to act, e.g. KMar.")
    ] = None,
    start: Annotated[
        date | None, Query(alias="from", description="Ended on or after this day.")
    ] = None,
    end: Annotated[date | None, Query(alias="to", description="Ended on or before this day.")] = (
        None
    ),
    kind: Annotated[
        list[Literal["lapsed", "met-late", "overdue"]] | None,
        Query(max_length=3, description="Repeatable; default: all three."),
    ] = None,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ExceededLimits:
    query = check_query(
        found.store,
        rules=list(rule or ()),
        organisation=organisation,
        start=start,
        end=end,
        kinds=list(kind or ()),
    )
    page = exceeded_limits(
        store=found.store,
        principal=principal,
        query=query,
        cursor=cursor,
        limit=limit,
        asking=asking(request),
    )
    return ExceededLimits(
        items=[ExceededLimitOut(**vars(item)) for item in page.items],
        next_cursor=page.next_cursor,
    )

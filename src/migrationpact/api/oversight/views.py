"""Routes of the access log (read-only) and the statistics (aggregates, no person)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action
from migrationpact.api.cases.views import Found
from migrationpact.api.params import renamed_query
from migrationpact.services import pagination
from migrationpact.services.paths import CASE_ID
from migrationpact.services.problems import problem_responses
from migrationpact.services.security import Allowed
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
)
def access_log(
    found: Found,
    _: Annotated[Principal, Depends(Allowed(Action.ACCESS_LOG_READ))],
    case_id: Annotated[
        str | None, renamed_query("caseId", old="case_id", kind=str | None, pattern=CASE_ID)
    ],
    actor: Annotated[str | None, Query(max_length=128)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
) -> AccessLog:
    before = pagination.row_id(cursor or None, "before")
    entries = access_entries(
        found.engine, case_id=case_id, actor=actor, limit=limit + 1, before=before
    )
    more = len(entries) > limit
    entries = entries[:limit]
    next_cursor = pagination.encode({"before": entries[-1].id}) if more else None
    return AccessLog(entries=[e.to_dict() for e in entries], next_cursor=next_cursor)


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

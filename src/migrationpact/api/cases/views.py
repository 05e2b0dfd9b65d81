"""Routes of the cases resource: open a case, list cases, read one, assign a counsellor.

Each route reads the request and calls one use case of ``migrationpact.services`` with the
signed-in principal; the use case decides what the principal may do and see, and its refusals
become problem documents (``services.problems``). ``Allowed`` dependencies answer 403 before a
request body is read, to people who may not use the route at all.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response

from migrationpact.access.model import Organisation, Principal
from migrationpact.access.policy import Action
from migrationpact.api.cases.models import (
    Appended,
    Assignment,
    CaseCreate,
    CasePage,
    CaseView,
    summary_out,
)
from migrationpact.api.finding import ListFilters
from migrationpact.services.case_pages import list_cases as list_cases_of
from migrationpact.services.container import Services, services
from migrationpact.services.paths import CASE_ID
from migrationpact.services.problems import ProblemError, problem_responses
from migrationpact.services.reading import read_case as read_case_of
from migrationpact.services.recording import open_case
from migrationpact.services.security import Allowed, CurrentPrincipal, asking
from migrationpact.store import service
from migrationpact.store.assignments import assign

router = APIRouter(prefix="/cases", tags=["cases"])
Found = Annotated[Services, Depends(services)]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=200,
        description="Repeat a request with the same key to get the original answer, unwritten.",
    ),
]


def etag(seq: int) -> str:
    return f'"{seq}"'


@router.post(
    "",
    status_code=201,
    response_model=Appended,
    responses=problem_responses(400, 401, 403, 409, 412, 422),
    summary="Open a case with its first event",
)
def create_case(
    body: CaseCreate,
    request: Request,
    response: Response,
    found: Found,
    principal: Annotated[Principal, Depends(Allowed(Action.CASE_CREATE))],
    idempotency_key: IdempotencyKey = None,
) -> Appended:
    result = open_case(
        store=found.store,
        principal=principal,
        event=body.event,
        case_id=body.case_id,
        idempotency_key=idempotency_key,
        future_skew=found.settings.future_skew,
    )
    response.headers["Location"] = f"/v1/cases/{result.case_id}"
    response.headers["ETag"] = etag(result.seq)
    return Appended.of(result)


@router.get(
    "",
    response_model=CasePage,
    responses=problem_responses(400, 401, 403),
    summary="List and search cases, with their stage, open deadlines and person",
    description="Filtered by the query keys, sorted by ``sort``, a page at a time. The "
    "person (pseudonym, V-number, names) is shown only to who may see names, and every case "
    "whose person is shown is written to the access log.",
)
def list_cases(
    found: Found,
    principal: Annotated[Principal, Depends(Allowed(Action.CASE_LIST))],
    filters: ListFilters,
    request: Request,
    stage: Annotated[str | None, Query(max_length=64)] = None,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    sort: Annotated[
        str,
        Query(
            max_length=16,
            description="caseId (default), nextDue or stage (in the "
            "order of the procedure); ties by case id.",
        ),
    ] = "caseId",
) -> CasePage:
    page = list_cases_of(
        store=found.store, principal=principal, stage=stage, cursor=cursor, limit=limit,
        filters=filters, sort=sort, asking=asking(request),
        action="case.search" if filters.q else "case.list",
    )  # fmt: skip
    return CasePage(items=[summary_out(s) for s in page.items], next_cursor=page.next_cursor)


@router.get(
    "/{case_id}",
    response_model=CaseView,
    response_model_exclude_unset=True,  # no place (or no part of it): left out, not null
    responses=problem_responses(400, 401, 403, 404),
    summary="Read a case: only the sections of the file your organisation may see",
)
def read_case(
    case_id: Annotated[str, Path(pattern=CASE_ID)],
    request: Request,
    response: Response,
    found: Found,
    principal: CurrentPrincipal,
) -> dict[str, Any]:
    read = read_case_of(
        store=found.store, principal=principal, case_id=case_id, asking=asking(request)
    )
    view = {**read.view, "sections": sorted(s.value for s in read.sections)}
    response.headers["ETag"] = etag(int(view["seq"]))
    return view


@router.put(
    "/{case_id}/assignments/{assignee}",
    response_model=Assignment,
    responses=problem_responses(400, 401, 403, 404),
    summary="Assign a legal counsellor to a case",
)
def assign_case(
    case_id: Annotated[str, Path(pattern=CASE_ID)],
    assignee: Annotated[str, Path(max_length=128)],
    found: Found,
    principal: Annotated[Principal, Depends(Allowed(Action.ASSIGN))],
) -> Assignment:
    service.require_case(store=found.store, case_id=case_id)
    user = found.users.get(assignee)
    if user is None or user.organisation is not Organisation.LEGAL_COUNSELLING:
        raise ProblemError(404, f"no legal counsellor {assignee!r}", kind="assignee-not-found")
    created = assign(
        found.engine,
        case_id=case_id,
        assignee=assignee,
        organisation=user.organisation.value,
        assigned_by=principal.actor,
    )
    return Assignment(
        case_id=case_id, assignee=assignee, organisation=user.organisation.value, created=created
    )

"""Route of a person's history: the use case ``services.person_history`` answered as JSON."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, Field

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action
from migrationpact.api.cases.views import Found
from migrationpact.services.person_history import MAX_PERSON_ID, person_history
from migrationpact.services.problems import problem_responses
from migrationpact.services.security import Allowed, asking

router = APIRouter(prefix="/people", tags=["cases"])


class PersonCaseOut(BaseModel):
    case_id: str
    stage: str
    procedure: str
    first_event_at: datetime | None
    registered_at: datetime | None
    lodged_at: datetime | None
    last_event_at: datetime | None
    closed: bool
    next_due: date | None


class PersonHistoryOut(BaseModel):
    person_id: str = Field(description="The V-number or pseudonym asked for.")
    pseudonym: str | None
    v_number: str | None
    person_name: str | None
    cases: list[PersonCaseOut] = Field(description="Oldest case first.")


@router.get(
    "/{personId}/cases",
    response_model=PersonHistoryOut,
    responses=problem_responses(400, 401, 403, 404),
    summary="A person's history: every case about them (by V-number or pseudonym)",
    description="Only for who may list cases and see names; a counsellor sees their own "
    "clients' cases only. Every case listed is written to the access log.",
)
def person_cases(
    person_id: Annotated[
        str, Path(alias="personId", max_length=MAX_PERSON_ID, description="V-number or pseudonym.")
    ],
    request: Request,
    found: Found,
    principal: Annotated[Principal, Depends(Allowed(Action.CASE_LIST))],
) -> PersonHistoryOut:
    history = person_history(
        store=found.store, principal=principal, person_id=person_id, asking=asking(request)
    )
    person = history.person
    return PersonHistoryOut(
        person_id=history.person_id,
        pseudonym=person.pseudonym if person else None,
        v_number=person.v_number if person else None,
        person_name=(person.names or None) if person else None,
        cases=[PersonCaseOut(**c.__dict__) for c in history.cases],
    )

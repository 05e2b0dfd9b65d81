"""Routes that record placements and departures (``services.reception_recording``), which
check the access policy (``reception.place``) and write the access log."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action
from migrationpact.api.cases.views import Found
from migrationpact.api.placements.models import (
    DepartureIn,
    DepartureOut,
    PlacementsIn,
    PlacementsOut,
    RecordedOut,
    SkippedOut,
    UnplacedOut,
)
from migrationpact.reception.placement import Override
from migrationpact.services.problems import problem_responses
from migrationpact.services.reception_recording import record_departure, record_placements
from migrationpact.services.security import Allowed, asking

router = APIRouter(prefix="/reception", tags=["reception"])
Placer = Annotated[Principal, Depends(Allowed(Action.RECEPTION_PLACE))]


@router.post(
    "/placements",
    status_code=201,
    response_model=PlacementsOut,
    responses=problem_responses(400, 401, 403, 409, 422),
    summary="Place the households waiting for a place, and record it",
    description="Runs the placement proposal over the open sites and the waiting cases and "
    "records one household_placed per household placed (a household that moves leaves its old "
    "site in the same transaction). Overrides fix a household's unit; one that breaks a hard "
    "constraint is refused (400, naming it) and nothing is written. A site changed by another "
    "writer meanwhile: 409, nothing written.",
)
def place(body: PlacementsIn, request: Request, found: Found, principal: Placer) -> PlacementsOut:
    overrides = [Override(**o.model_dump()) for o in body.overrides]
    recording = record_placements(
        store=found.store, principal=principal, limit=body.limit, overrides=overrides,
        asking=asking(request),
    )  # fmt: skip
    proposal = recording.proposal
    return PlacementsOut(
        recorded=[RecordedOut(**asdict(r)) for r in recording.recorded],
        unplaced=[
            UnplacedOut(household=u.household, persons=u.persons, blocked_by=u.blocked_by)
            for u in proposal.result.unplaced
        ],
        skipped=[SkippedOut(case_id=s.case_id, reason=s.reason) for s in proposal.skipped],
        events=recording.events,
    )


@router.post(
    "/departures",
    status_code=201,
    response_model=DepartureOut,
    responses=problem_responses(400, 401, 403, 404, 409, 422),
    summary="Record that a case's household left its reception site",
    description="The whole household of the case leaves its unit (household_left). A case "
    "without a place: 404; a day in the future or before it was placed: 400.",
)
def depart(body: DepartureIn, request: Request, found: Found, principal: Placer) -> DepartureOut:
    gone = record_departure(
        store=found.store, principal=principal, case_id=body.case_id, reason=body.reason,
        on=body.on, asking=asking(request),
    )  # fmt: skip
    return DepartureOut(**asdict(gone))

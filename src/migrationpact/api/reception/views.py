"""Routes of reception: the sites with their units, one site with its history, the placement
proposal (a dry run) and the reception worklist, each answered from its use case
(``services.reception_sites``, ``services.reception_placement``, ``services.reception_worklist``),
which asks the access policy: sites for COA's planners, supervisors and caseworkers and the
monitoring bodies (``reception.sites.read``); the proposal and the worklist, which name people,
for COA's planners and supervisors (``reception.place``, ``reception.worklist``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field

from migrationpact.api.cases.views import Found
from migrationpact.reception.placement import PlacementResult
from migrationpact.reception.regimes import RegimeError
from migrationpact.reception.sites.events import ID
from migrationpact.services.errors import Invalid
from migrationpact.services.problems import problem_responses
from migrationpact.services.reception_placement import propose_placements
from migrationpact.services.reception_sites import list_sites, site_detail
from migrationpact.services.reception_worklist import reception_worklist
from migrationpact.services.recording import dutch_now
from migrationpact.services.security import CurrentPrincipal, asking

router = APIRouter(prefix="/reception", tags=["reception"])


class Sites(BaseModel):
    sites: list[dict[str, Any]] = Field(
        description="Each site: id, name, municipality (code and name), location type (code and "
        "labels), status, capacity, occupied, free, consent status, and its units."
    )


@router.get(
    "/sites",
    response_model=Sites,
    responses=problem_responses(400, 401, 403),
    summary="Reception sites with their units, places taken and free",
)
def sites(
    found: Found,
    principal: CurrentPrincipal,
    location_type: Annotated[
        str | None,
        Query(alias="locationType", max_length=32, description="Only this type, e.g. AZC."),
    ] = None,
    municipality: Annotated[
        str | None,
        Query(max_length=6, pattern=r"^GM[0-9]{4}$", description="A CBS code, e.g. GM0014."),
    ] = None,
) -> Sites:
    try:
        listed = list_sites(
            store=found.store, principal=principal, location_type=location_type,
            municipality=municipality,
        )  # fmt: skip
    except RegimeError as exc:
        raise Invalid(str(exc), kind="unknown-location-type") from exc
    return Sites(sites=listed)


@router.get(
    "/sites/{site_id}",
    response_model=dict[str, Any],
    responses=problem_responses(400, 401, 403, 404),
    summary="One reception site: units, consent, admission rules and its events",
)
def site(
    found: Found,
    principal: CurrentPrincipal,
    site_id: Annotated[str, Path(pattern=ID, max_length=64)],
) -> dict[str, Any]:
    return site_detail(store=found.store, principal=principal, site_id=site_id)


class Skipped(BaseModel):
    case_id: str
    reason: str


class Proposal(BaseModel):
    dry_run: bool = Field(description="Always true: nothing was recorded.")
    result: PlacementResult
    cases: dict[str, list[str]] = Field(description="The case ids of each household.")
    skipped: list[Skipped] = Field(description="Waiting cases left out, and why.")


@router.get(
    "/placement-proposal",
    response_model=Proposal,
    responses=problem_responses(400, 401, 403),
    summary="A proposed unit for each household waiting for a place (dry run, with reasons)",
    description="Reads the waiting cases (one access-log row each) and the open sites, and "
    "proposes through the placement solver; records nothing. The explanation codes are those "
    "of docs/reception-placement.md.",
)
def placement_proposal(
    request: Request,
    found: Found,
    principal: CurrentPrincipal,
    limit: Annotated[
        int | None,
        Query(ge=1, le=10_000, description="Only the households that waited longest."),
    ] = None,
) -> Proposal:
    proposal = propose_placements(
        store=found.store, principal=principal, limit=limit, asking=asking(request)
    )
    return Proposal(
        dry_run=proposal.dry_run,
        result=proposal.result,
        cases=proposal.cases,
        skipped=[Skipped(case_id=s.case_id, reason=s.reason) for s in proposal.skipped],
    )


class ReceptionItemOut(BaseModel):
    need: Literal["information", "assessment", "place", "move"] = Field(
        description="move: the case lives in a location type its phase does not allow."
    )
    case_id: str
    stage: str
    day: date = Field(description="The due day, or (a place) the day the application was made.")
    days_left: int | None
    rule_id: str | None
    legal_basis: str | None
    pseudonym: str | None
    person_name: str | None


class ReceptionWorklist(BaseModel):
    as_of: date
    items: list[ReceptionItemOut]
    total: int = Field(description="How many items there are in all (``limit`` shows the first).")


@router.get(
    "/worklist",
    response_model=ReceptionWorklist,
    responses=problem_responses(400, 401, 403),
    summary="Who waits for reception information, a needs assessment, a place or a move",
    description="Sorted by day (the due day; a place or a move: the day of application), the first "
    "``limit`` items; ``total`` counts them all. Each case shown is written to the access log.",
)
def worklist(
    request: Request,
    found: Found,
    principal: CurrentPrincipal,
    need: Annotated[
        Literal["information", "assessment", "place", "move"] | None,
        Query(description="Only this need."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> ReceptionWorklist:
    today = dutch_now(found.store).date()
    found_items = reception_worklist(
        store=found.store, principal=principal, as_of=today, need=need, limit=limit,
        asking=asking(request),
    )  # fmt: skip
    return ReceptionWorklist(
        as_of=today,
        items=[ReceptionItemOut.model_validate(i, from_attributes=True) for i in found_items.items],
        total=found_items.total,
    )

"""Routes of reception planning: the Dublin shelter phase-in plan, occupancy over time and the
expected need for places, each the JSON form of its use case (``services.reception_plan``,
``services.reception_occupancy``; docs/reception.md). Counts only, no person: the plan and the
need for COA's planners and supervisors, the ministry's analysts and the monitoring bodies
(``reception.plan``, ``reception.need.read``); occupancy, like the sites, for COA's planners,
supervisors and caseworkers and the monitoring bodies (``reception.sites.read``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from migrationpact.api.cases.views import Found
from migrationpact.reception.plan import PhaseInPlan
from migrationpact.services.errors import Invalid
from migrationpact.services.problems import problem_responses
from migrationpact.services.reception_occupancy import (
    MAX_MONTHS,
    expected_need,
    occupancy_history,
)
from migrationpact.services.reception_plan import plan_dublin_shelter
from migrationpact.services.security import CurrentPrincipal

router = APIRouter(prefix="/reception", tags=["reception"])


@router.get(
    "/plan",
    response_model=PhaseInPlan,
    responses=problem_responses(400, 401, 403, 404),
    summary="The Dublin shelter phase-in plan: places needed against consented places",
    description="Per month: the transfer decisions forecast from the open cases (or taken from "
    "a finished run of the chain twin, twinRun), the residents, the places needed, the places "
    "the consented sites offer (with their build-up) and the gap (needed less capacity); the "
    "sites in the order they are filled and those held back for want of municipal consent or "
    "an opening day (docs/reception.md).",
)
def plan(
    found: Found,
    principal: CurrentPrincipal,
    start: Annotated[
        str | None,
        Query(
            alias="from",
            pattern=r"^[0-9]{4}-[0-9]{2}$",
            description="The first month, YYYY-MM (default: this month).",
        ),
    ] = None,
    months: Annotated[int, Query(ge=1, le=MAX_MONTHS, description="How many months.")] = 12,
    twin_run: Annotated[
        int | None,
        Query(
            alias="twinRun",
            ge=1,
            le=2**63 - 1,
            description="Take the forecast of transfer decisions from this finished run of the "
            "chain twin (GET /v1/twin-runs); the plan then starts by default at its first month.",
        ),
    ] = None,
) -> PhaseInPlan:
    first = None
    if start is not None:
        try:
            first = date.fromisoformat(f"{start}-01")
        except ValueError:
            raise Invalid(f"{start} is not a month", kind="invalid-month") from None
    return plan_dublin_shelter(
        store=found.store, principal=principal, start=first, months=months, twin_run=twin_run
    )


class _Out(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


class TotalOut(_Out):
    day: date
    group: str = Field(description="A site id, a location type code or a regime "
                       "(``emergency/sober``), as ``by`` asked.")  # fmt: skip
    sites: int
    capacity: int
    occupied: int


class ShareOut(_Out):
    day: date
    emergency_capacity: int
    emergency_occupied: int
    capacity: int
    occupied: int
    capacity_share: float | None = Field(description="Emergency places of all; None: no places.")
    occupied_share: float | None


class Occupancy(_Out):
    start: date = Field(alias="from")
    end: date = Field(alias="to")
    every: str
    by: str
    days: list[date]
    totals: list[TotalOut]
    emergency_share: list[ShareOut]


@router.get(
    "/occupancy",
    response_model=Occupancy,
    responses=problem_responses(400, 401, 403),
    summary="Places and residents over time, by site, location type or regime",
    description="The totals of each group on each day of the range (every day, each Sunday, or "
    "each month's last day and the last day itself) and each day's emergency share.",
)
def occupancy(
    found: Found,
    principal: CurrentPrincipal,
    start: Annotated[
        date | None, Query(alias="from", description="First day (default: six months back).")
    ] = None,
    end: Annotated[date | None, Query(alias="to", description="Last day (default: today).")] = None,
    every: Annotated[Literal["day", "week", "month"], Query()] = "month",
    by: Annotated[Literal["site", "type", "regime"], Query()] = "type",
) -> Occupancy:
    history = occupancy_history(
        store=found.store, principal=principal, start=start, end=end, every=every, by=by
    )
    return Occupancy.model_validate(history.to_json())


class MonthNeedOut(_Out):
    day: date
    people: int
    by_basis: dict[str, int] = Field(description="People per basis (rule + what follows).")


class BasisOut(_Out):
    key: str
    rule: str | None
    citation: str
    then: str | None
    then_length: str | None
    then_source: str | None
    verified: bool


class Need(_Out):
    today: date
    cases: int = Field(description="Open cases counted as needing a place today.")
    months: list[MonthNeedOut]
    bases: list[BasisOut]


@router.get(
    "/need",
    response_model=Need,
    responses=problem_responses(400, 401, 403),
    summary="People of the open cases expected to need a place in the coming months",
    description="Today and the first day of each next month, assuming no new arrivals; each "
    "figure by the rule (or assumption) it rests on. Counts only: nothing is access-logged.",
)
def need(
    found: Found,
    principal: CurrentPrincipal,
    months: Annotated[int, Query(ge=1, le=MAX_MONTHS, description="How many months.")] = 12,
) -> Need:
    found_need = expected_need(store=found.store, principal=principal, months=months)
    return Need.model_validate(found_need.to_json())

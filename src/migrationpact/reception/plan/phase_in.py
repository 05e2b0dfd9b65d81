"""The phase-in plan: month by month, the Dublin shelter places needed against those there are.

For each month of the plan: the transfer decisions the forecast expects, the residents the
cohort model gives (``cohort``), the places needed, the places the consented sites offer with
their build-up (``supply``), how those are filled (sites in order of opening day, then id, each
up to its places, until the need is met), the **gap** (needed less capacity: above 0 the plan
is short, below 0 there are places to spare) and the places held back by sites without
municipal consent (or without an opening day).

``PhaseInPlan`` is a frozen value; ``as_json`` is its published JSON form (docs/reception.md,
"Dublin shelter phase-in plan"), which the command line prints and a web page can chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

from migrationpact.law.periods import add_months
from migrationpact.reception.plan.cohort import places_needed, residents, stay_from
from migrationpact.reception.plan.forecast import Forecast
from migrationpact.reception.plan.months import month_text
from migrationpact.reception.plan.parameters import ParameterFile, TransferLimit
from migrationpact.reception.plan.supply import HeldBack, ShelterSite


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PlanMonth(_Model):
    month: str
    transfer_decisions: float
    residents: float
    needed: int
    capacity: int
    gap: int
    site_capacity: dict[str, int]
    allocation: dict[str, int]
    held_back: dict[str, int]


class HeldBackSite(_Model):
    """A site that offers no places in some month of the plan, why, and what it would add."""

    site_id: str
    reason: HeldBack
    consent_status: str | None
    would_add: int
    months: tuple[str, ...]


class PhaseInPlan(_Model):
    start: str
    months: int
    forecast: dict[str, Any]
    transfer_limit: dict[str, Any]
    parameters: dict[str, Any]
    sites: tuple[ShelterSite, ...]
    held_back: tuple[HeldBackSite, ...]
    rows: tuple[PlanMonth, ...]

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def make_plan(
    *,
    forecast: Forecast,
    sites: Sequence[ShelterSite],
    parameters: ParameterFile,
    limit: TransferLimit,
    start: date,
    months: int,
) -> PhaseInPlan:
    """The plan for ``months`` months from the month ``start`` (see the module text).

    ``sites`` are filled in the order given (``supply.shelter_sites`` sorts them).
    """
    if months < 1:
        raise ValueError(f"a plan covers 1 month or more, not {months}")
    p = parameters.parameters
    stay = stay_from(p, limit)
    build_up = int(p.build_up_per_month.value)
    rows = []
    held: dict[str, tuple[HeldBack, list[str]]] = {}
    for k in range(months):
        month = add_months(start, k)
        people = residents(forecast.at, month, stay)
        needed = places_needed(people, p.planned_occupancy.value)
        offered = {s.site_id: s.capacity(month, start=start, build_up=build_up) for s in sites}
        back = {}
        for site in sites:
            reason = site.held_back(month)
            if reason is not None:
                back[site.site_id] = site.places
                held.setdefault(site.site_id, (reason, []))[1].append(month_text(month))
        capacity = sum(offered.values())
        rows.append(
            PlanMonth(
                month=month_text(month),
                transfer_decisions=round(forecast.at(month), 2),
                residents=round(people, 1),
                needed=needed,
                capacity=capacity,
                gap=needed - capacity,
                site_capacity=offered,
                allocation=_fill(needed, offered),
                held_back=back,
            )
        )
    by_id = {s.site_id: s for s in sites}
    return PhaseInPlan(
        start=month_text(start),
        months=months,
        forecast=forecast.as_json(),
        transfer_limit={
            "rule": limit.rule_id,
            "length": limit.length,
            "months": limit.months,
            "verified": limit.verified,
        },
        parameters=parameters.as_json(),
        sites=tuple(sites),
        held_back=tuple(
            HeldBackSite(
                site_id=site_id,
                reason=reason,
                consent_status=by_id[site_id].consent_status,
                would_add=by_id[site_id].places,
                months=tuple(ms),
            )
            for site_id, (reason, ms) in held.items()
        ),
        rows=tuple(rows),
    )


def _fill(needed: int, offered: dict[str, int]) -> dict[str, int]:
    """Residents per site: each site in turn up to its places, until the need is met.

    >>> _fill(300, {"A": 250, "B": 100, "C": 0})
    {'A': 250, 'B': 50, 'C': 0}
    """
    left = needed
    placed = {}
    for site_id, places in offered.items():
        placed[site_id] = min(left, places)
        left -= placed[site_id]
    return placed

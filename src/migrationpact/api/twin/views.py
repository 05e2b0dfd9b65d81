"""Routes of the chain twin's runs: start one, list them, read one (``services.twin_runs``).

``POST /v1/twin-runs`` queues a run of a shipped scenario (202 Accepted, ``Location`` the run);
the server's runner runs it in the background (``services.twin_runner``), and
``GET /v1/twin-runs/{id}`` shows its status and progress and, once done, its summary with the
95 % bands (``twin.summary``). ``GET /v1/twin-runs`` lists runs newest first, a page at a time
(``next_cursor``). The ministry's analysts only (``twin.run``); docs/twin.md.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action
from migrationpact.api.cases.views import Found
from migrationpact.services.problems import problem_responses
from migrationpact.services.security import Allowed
from migrationpact.services.twin_runs import (
    MAX_REPLICATIONS,
    MAX_SEED,
    start_twin_run,
    summary,
    twin_run,
    twin_runs_page,
)
from migrationpact.store.twin_runs import TwinRunRow

router = APIRouter(prefix="/twin-runs", tags=["twin"])
Analyst = Annotated[Principal, Depends(Allowed(Action.TWIN_RUN))]


class TwinRunStart(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scenario: str = Field(
        max_length=64,
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="The name of a shipped scenario (base, amendment-example, small).",
    )
    replications: int = Field(default=10, ge=1, le=MAX_REPLICATIONS)
    seed: int = Field(default=1, ge=0, le=MAX_SEED)


class TwinRunOut(BaseModel):
    id: int
    scenario: str
    title: str
    scenario_hash: str = Field(description="SHA-256 of the scenario's text the run computes.")
    seed: int
    replications: int
    status: Literal["queued", "running", "done", "failed"]
    progress: int = Field(description="Replications done.")
    reason: str | None = Field(
        description="Why a run failed: abandoned (its server process stopped), error (see "
        "the server's log) or bad-scenario; null otherwise."
    )
    queued_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    summary: dict[str, Any] | None = Field(
        description="Once done: each headline output's mean and 95 % band over the horizon, "
        "the value of each replication, and a few outputs month by month (docs/twin.md)."
    )


class TwinRunPage(BaseModel):
    items: list[TwinRunOut] = Field(description="Runs newest first, without their summaries.")
    next_cursor: str | None = Field(description="Pass as ?cursor= for older runs; null: none.")


def run_out(row: TwinRunRow, *, with_summary: bool = True) -> TwinRunOut:
    return TwinRunOut(
        id=row.run_id,
        scenario=row.scenario,
        title=row.title,
        scenario_hash=row.scenario_hash,
        seed=row.seed,
        replications=row.replications,
        status=row.status,  # type: ignore[arg-type]
        progress=row.progress,
        reason=row.reason,
        queued_at=row.queued_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        summary=summary(row) if with_summary else None,
    )


@router.post(
    "",
    status_code=202,
    response_model=TwinRunOut,
    responses=problem_responses(400, 401, 403, 422),
    summary="Start a run of a shipped scenario (queued; runs in the background)",
)
def start_run(
    body: TwinRunStart, response: Response, found: Found, principal: Analyst
) -> TwinRunOut:
    row = start_twin_run(
        store=found.store,
        principal=principal,
        scenario=body.scenario,
        replications=body.replications,
        seed=body.seed,
    )
    response.headers["Location"] = f"/v1/twin-runs/{row.run_id}"
    return run_out(row)


@router.get(
    "",
    response_model=TwinRunPage,
    responses=problem_responses(400, 401, 403),
    summary="The runs, newest first",
)
def list_twin_runs(
    found: Found,
    principal: Analyst,
    status: Annotated[Literal["queued", "running", "done", "failed"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=400)] = None,
) -> TwinRunPage:
    rows, following = twin_runs_page(
        store=found.store, principal=principal, cursor=cursor or None, limit=limit, status=status
    )
    return TwinRunPage(items=[run_out(r, with_summary=False) for r in rows], next_cursor=following)


@router.get(
    "/{run_id}",
    response_model=TwinRunOut,
    responses=problem_responses(400, 401, 403, 404),
    summary="One run: status, progress and, once done, the summary with bands",
)
def read_twin_run(
    found: Found,
    principal: Analyst,
    run_id: Annotated[int, Path(ge=1, le=2**63 - 1, description="The run's id.")],
) -> TwinRunOut:
    return run_out(twin_run(store=found.store, principal=principal, run_id=run_id))

"""Runs of the chain twin as jobs, for every front end: start, list, read, compare, forecast.

An analyst starts a run of a **shipped scenario** (``twin/scenarios/*.yaml``, chosen by name)
with a number of replications and a seed; ``start_twin_run`` checks the scenario reads, and
queues the run with the scenario's text and that text's SHA-256, so the run computes what was
asked even if the file changes later (``store.twin_runs``). The server's runner
(``services.twin_runner``) runs queued runs one at a time; the pages and the API read the row.

Only the ministry's analysts (``Action.TWIN_RUN``) start or read runs: a run holds simulated
people and counts, no case, so nothing is access-logged. ``run_forecast`` gives a finished
run's transfer decisions per month as the forecast of the Dublin shelter phase-in plan (which
asks its own policy, ``reception.plan``: the plan shows counts only).

Refusals: ``Forbidden`` (the policy's reason); ``Invalid`` (an unknown scenario, replications
or a seed out of range, a bad cursor, comparing or planning with a run that is not done);
``NotFound`` (no such run). Nothing is written on a refusal.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action
from migrationpact.reception.plan import Forecast
from migrationpact.services import pagination
from migrationpact.services.errors import Invalid, NotFound, refuse_unless
from migrationpact.store.eventstore import EventStore
from migrationpact.store.twin_runs import TwinRunRow, add_run, list_runs, read_run
from migrationpact.twin.located import ScenarioError
from migrationpact.twin.scenario import SCENARIOS, parse_scenario

#: The most replications a run on the server may ask for.
MAX_REPLICATIONS = 50
#: Seeds are whole numbers from 0 to 2**63 - 1 (what the database keeps).
MAX_SEED = 2**63 - 1


@dataclass(frozen=True)
class ShippedScenario:
    """A scenario shipped with the package: its name (the file's), title, text and its hash."""

    name: str
    title: str
    months: int
    text: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@cache
def shipped_scenarios() -> tuple[ShippedScenario, ...]:
    """The shipped scenarios that read, by name (read once per process)."""
    found = []
    for path in sorted(SCENARIOS.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        scenario = parse_scenario(text, path.name, path)
        found.append(ShippedScenario(path.stem, scenario.title, scenario.months, text))
    return tuple(found)


def shipped(name: str) -> ShippedScenario:
    """The shipped scenario ``name``; ``Invalid`` for another name."""
    for scenario in shipped_scenarios():
        if scenario.name == name:
            return scenario
    names = ", ".join(s.name for s in shipped_scenarios())
    raise Invalid(f"no shipped scenario {name!r} (there are: {names})", kind="unknown-scenario")


def _allow(principal: Principal) -> None:
    refuse_unless(principal, Action.TWIN_RUN)


def start_twin_run(
    *, store: EventStore, principal: Principal, scenario: str, replications: int, seed: int
) -> TwinRunRow:
    """Queue a run of the shipped ``scenario`` (see the module text); the queued row."""
    _allow(principal)
    chosen = shipped(scenario)
    if not 1 <= replications <= MAX_REPLICATIONS:
        raise Invalid(
            f"replications: from 1 to {MAX_REPLICATIONS}, not {replications}",
            kind="invalid-replications",
        )
    if not 0 <= seed <= MAX_SEED:
        raise Invalid(f"seed: from 0 to {MAX_SEED}, not {seed}", kind="invalid-seed")
    try:
        parse_scenario(chosen.text, f"{chosen.name}.yaml")
    except ScenarioError as exc:  # a shipped file that no longer reads: refuse, queue nothing
        raise Invalid(str(exc), kind="bad-scenario") from None
    run_id = add_run(
        store.engine,
        scenario=chosen.name,
        title=chosen.title,
        scenario_hash=chosen.digest,
        scenario_text=chosen.text,
        seed=seed,
        replications=replications,
        requested_by=principal.actor,
        now=store.clock(),
    )
    found = read_run(store.engine, run_id)
    assert found is not None
    return found


def twin_runs_page(
    *,
    store: EventStore,
    principal: Principal,
    cursor: str | None = None,
    limit: int = 50,
    status: str | None = None,
) -> tuple[list[TwinRunRow], str | None]:
    """A page of runs, newest first, and the cursor of the next page (None: the last)."""
    _allow(principal)
    before = pagination.row_id(cursor, "before")
    rows = list_runs(store.engine, before=before, limit=limit + 1, status=status)
    more = len(rows) > limit
    rows = rows[:limit]
    following = pagination.encode({"before": rows[-1].run_id}) if more and rows else None
    return rows, following


def twin_run(*, store: EventStore, principal: Principal, run_id: int) -> TwinRunRow:
    """One run; ``NotFound`` when there is none with this id."""
    _allow(principal)
    found = read_run(store.engine, run_id)
    if found is None:
        raise NotFound(f"twin run {run_id} does not exist", kind="twin-run-not-found")
    return found


def summary(row: TwinRunRow) -> dict[str, Any] | None:
    """The run's summary (``twin.summary``), once done."""
    return None if row.summary is None else dict(json.loads(row.summary))


def _done(row: TwinRunRow) -> dict[str, Any]:
    found = summary(row)
    if row.status != "done" or found is None:
        raise Invalid(f"twin run {row.run_id} is {row.status}, not done", kind="twin-run-not-done")
    return found


def compare_twin_runs(
    *, store: EventStore, principal: Principal, base: int, alt: int
) -> dict[str, Any]:
    """ALT - BASE for each headline of two finished runs (``twin.summary.compare``)."""
    first = _done(twin_run(store=store, principal=principal, run_id=base))
    second = _done(twin_run(store=store, principal=principal, run_id=alt))
    from migrationpact.twin.summary import compare  # late: numpy and the kernel (see below)

    return compare(first, second)


def run_forecast(*, store: EventStore, run_id: int) -> Forecast:
    """A finished run's transfer decisions per month, as the phase-in plan's forecast; the plan
    (``services.reception_plan``) asks its own policy first (counts only)."""
    found_row = read_run(store.engine, run_id)
    if found_row is None:
        raise NotFound(f"twin run {run_id} does not exist", kind="twin-run-not-found")
    found = _done(found_row)
    from migrationpact.twin.summary import monthly_transfer_decisions  # late, as in compare

    decisions = tuple(monthly_transfer_decisions(found))
    mean = sum(v for _, v in decisions) / len(decisions) if decisions else 0.0
    return Forecast(source="twin", decisions=decisions, monthly_mean=mean, twin_run=run_id)

"""The Dublin shelter phase-in plan from the store, for every front end.

``plan_dublin_shelter`` asks the access policy (``reception.plan``: COA planners and
supervisors, the ministry's analysts, the monitoring bodies), reads the sites that may shelter
Dublin claimants (``reception.plan.supply``), takes the forecast given or makes one from the
open cases (``reception.plan.forecast``), and returns the plan (``reception.plan.phase_in``)
for ``months`` months from ``start`` (default: the current month, Dutch time).

With ``twin_run`` the forecast is that finished run of the chain twin's: its mean transfer
decisions in each simulated month (``services.twin_runs.run_forecast``), and the plan starts by
default at the run's first month. Who may see the plan may plan with a run: the plan shows
only the run's transfer decisions per month, counts like the plan's own.

No access-log row is written: the cases are read only to be counted (transfer decisions per
month, open Dublin cases), and nothing about a person, not even a case id, leaves the service;
the plan holds counts and sites, like the statistics.

Refusals: ``Forbidden`` (the policy's reason), ``Invalid`` (months below 1, a plan running
past the year 9999, no transfer time limit in force on the first day, both a forecast and a
twin run, or a run that is not done), ``NotFound`` (no such run). Nothing is written.
"""

from __future__ import annotations

from datetime import date

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action
from migrationpact.law.periods import add_months
from migrationpact.law.rulebook import RuleBookError
from migrationpact.reception.plan import (
    Forecast,
    PhaseInPlan,
    default_parameters,
    forecast_from_cases,
    make_plan,
    month_of,
    shelter_sites,
    transfer_limit,
)
from migrationpact.reception.regimes import default_book
from migrationpact.services.errors import Invalid, refuse_unless
from migrationpact.services.recording import dutch_now
from migrationpact.services.twin_runs import run_forecast
from migrationpact.store.eventstore import EventStore
from migrationpact.store.reception_sites import read_site_states, read_sites
from migrationpact.store.states import read_open_states


def plan_dublin_shelter(
    *,
    store: EventStore,
    principal: Principal,
    start: date | None = None,
    months: int = 12,
    forecast: Forecast | None = None,
    twin_run: int | None = None,
) -> PhaseInPlan:
    """The phase-in plan (see the module text); ``forecast`` None: made from the cases, or
    from the twin's run ``twin_run``."""
    refuse_unless(principal, Action.RECEPTION_PLAN)
    if months < 1:
        raise Invalid(f"a plan covers 1 month or more, not {months}")
    if twin_run is not None:
        if forecast is not None:
            raise Invalid("a plan takes its forecast from a file or from a twin run, not both")
        forecast = run_forecast(store=store, run_id=twin_run)
        if start is None and forecast.decisions:
            start = forecast.decisions[0][0]
    today = dutch_now(store).date()
    first = month_of(start or today)
    try:
        last = add_months(first, months - 1)
    except OverflowError:
        raise Invalid(f"{months} months from {first:%Y-%m} run past the year 9999") from None
    try:
        limit = transfer_limit(first)
    except RuleBookError as exc:
        raise Invalid(f"no transfer time limit to plan with: {exc}") from None
    parameters = default_parameters()
    if forecast is None:
        forecast = forecast_from_cases(
            read_open_states(store.engine).values(),
            today=today,
            until=last,
            parameters=parameters.parameters,
        )
    ids = [row.site["site_id"] for row in read_sites(store.engine)]
    sites = shelter_sites(read_site_states(store.engine, ids).values(), default_book())
    return make_plan(
        forecast=forecast,
        sites=sites,
        parameters=parameters,
        limit=limit,
        start=first,
        months=months,
    )

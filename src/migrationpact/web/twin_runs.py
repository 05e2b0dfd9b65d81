"""The chain twin's pages for the ministry's analysts: the runs, starting one, a run, comparing.

``/twin/runs`` lists the runs newest first (status, progress, when) with a form to start a run
of a shipped scenario (replications and seed; a POST with the session's CSRF token) and a form
to compare two finished runs. ``/twin/runs/{id}`` shows a run: while it waits or runs, its
progress, which the page fetches again every few seconds with the vendored htmx (no script of
its own, so the content security policy stays as it is; without JavaScript a reload shows the
same); once done, the summary: each headline output's mean with its 95 % band, and the
transfer decisions month by month, as tables, and a link to the Dublin shelter phase-in plan
with this run's forecast. ``/twin/runs/compare?base=&alt=`` shows ALT - BASE for each output
(banded pair by pair when the runs share their seeds). All through ``services.twin_runs``;
the policy's ``twin.run`` (the ministry's analysts) opens them.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated, Any

from babel.numbers import format_decimal
from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from migrationpact.access.policy import Action, decide
from migrationpact.auth.sessions import CSRF_FIELD
from migrationpact.services.container import services
from migrationpact.services.errors import Invalid, NotFound
from migrationpact.services.twin_runs import (
    MAX_REPLICATIONS,
    MAX_SEED,
    compare_twin_runs,
    shipped_scenarios,
    start_twin_run,
    summary,
    twin_run,
    twin_runs_page,
)
from migrationpact.store.twin_runs import TwinRunRow
from migrationpact.web.charts import month_label
from migrationpact.web.errors import WebError, refusals
from migrationpact.web.i18n import format_moment, translations
from migrationpact.web.labels import N_
from migrationpact.web.monitoring import _form
from migrationpact.web.session import Visitor, check_csrf, may_open, require_visitor
from migrationpact.web.templating import render
from migrationpact.web.twin_labels import (
    MONTHLY_LABELS,
    OUTPUT_LABELS,
    REASON_LABELS,
    SCENARIO_LABELS,
    STATUS_LABELS,
)

router = APIRouter(include_in_schema=False)
#: How many runs the list shows (the API pages through all of them).
SHOWN = 100
NO_RUN = N_("There is no such twin run.")


def _number(value: float | None, language: str) -> str:
    if value is None or math.isnan(value):
        return "–"
    pattern = "#,##0" if abs(value) >= 100 else "#,##0.0"
    return format_decimal(value, pattern, locale=language)


def _scenario(name: str, language: str) -> str:
    label = SCENARIO_LABELS.get(name)
    return translations(language).gettext(label) if label else name


def _when(row: TwinRunRow, language: str) -> dict[str, str | None]:
    return {
        key: format_moment(value, language) if value is not None else None
        for key, value in (
            ("queued", row.queued_at),
            ("started", row.started_at),
            ("finished", row.finished_at),
        )
    }


def run_row(row: TwinRunRow, language: str) -> dict[str, Any]:
    """What the list and a run's page show of a run, in words."""
    t = translations(language)
    reason = REASON_LABELS.get(row.reason or "")
    return {
        "id": row.run_id,
        "scenario": _scenario(row.scenario, language),
        "seed": row.seed,
        "replications": row.replications,
        "status": row.status,
        "status_text": t.gettext(STATUS_LABELS[row.status]),
        "progress": row.progress,
        "active": row.status in ("queued", "running"),
        "reason": t.gettext(reason) if reason else None,
        "when": _when(row, language),
        "hash": row.scenario_hash[:12],
    }


def _band(item: dict[str, Any], language: str) -> dict[str, str]:
    return {
        "mean": _number(item.get("mean"), language),
        "low": _number(item.get("low"), language),
        "high": _number(item.get("high"), language),
    }


def summary_view(found: dict[str, Any], language: str) -> dict[str, Any]:
    """The summary's tables in words: the headlines with bands, a few outputs by month."""
    t = translations(language)
    outputs = [
        {"label": t.gettext(OUTPUT_LABELS.get(o["name"], o["name"])), **_band(o, language)}
        for o in found["outputs"]
    ]
    months = [month_label(date.fromisoformat(m), language) for m in found["months"]]
    monthly = [
        {
            "label": t.gettext(MONTHLY_LABELS[name]),
            "months": [
                {"month": m, **_band(b, language)}
                for m, b in zip(months, found["monthly"][name], strict=True)
            ],
        }
        for name in MONTHLY_LABELS
        if name in found["monthly"]
    ]
    return {
        "outputs": outputs,
        "monthly": monthly,
        "people": _number(found["people"], language),
        "estimates": len(found["estimates"]),
        "replications": found["replications"],
        "first": months[0] if months else "",
        "last": months[-1] if months else "",
    }


def _list_page(
    request: Request,
    who: Visitor,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    with refusals():
        rows, _ = twin_runs_page(
            store=services(request).store, principal=who.principal, limit=SHOWN
        )
    shown = [run_row(r, who.language) for r in rows]
    choices = [(s.name, _scenario(s.name, who.language)) for s in shipped_scenarios()]
    return render(
        request,
        "twin_runs.html",
        {
            "runs": shown,
            "done": [r for r in shown if r["status"] == "done"],
            "scenarios": choices,
            "values": values or {"scenario": "small", "replications": "10", "seed": "1"},
            "errors": errors or {},
            "most": MAX_REPLICATIONS,
            "CSRF_FIELD": CSRF_FIELD,
        },
        language=who.language,
        who=who,
        status=status,
    )


@router.get("/twin/runs")
def runs_page(request: Request) -> Response:
    who = require_visitor(request)
    may_open(who, Action.TWIN_RUN)
    return _list_page(request, who)


@router.post("/twin/runs")
async def start_submit(request: Request) -> Response:
    values = await _form(request)
    return await run_in_threadpool(_start, request, values)


def _start(request: Request, values: dict[str, str]) -> Response:
    who = require_visitor(request)
    may_open(who, Action.TWIN_RUN)
    check_csrf(request, who, values.get(CSRF_FIELD))
    t = translations(who.language)
    errors: dict[str, str] = {}
    scenario = values.get("scenario", "")
    if scenario not in {s.name for s in shipped_scenarios()}:
        errors["scenario"] = t.gettext("Choose a scenario from the list.")
    replications = values.get("replications", "").strip()
    if not (replications.isdigit() and 1 <= int(replications) <= MAX_REPLICATIONS):
        errors["replications"] = t.gettext("Give a number of replications from 1 to %(most)d.") % {
            "most": MAX_REPLICATIONS
        }
    seed = values.get("seed", "").strip()
    if not (seed.isdigit() and int(seed) <= MAX_SEED):
        errors["seed"] = t.gettext("Give the seed as a whole number, 0 or more.")
    if errors:
        shown = {k: values.get(k, "") for k in ("scenario", "replications", "seed")}
        return _list_page(request, who, values=shown, errors=errors, status=422)
    with refusals():
        row = start_twin_run(
            store=services(request).store,
            principal=who.principal,
            scenario=scenario,
            replications=int(replications),
            seed=int(seed),
        )
    return RedirectResponse(f"/twin/runs/{row.run_id}", status_code=303)


def _run(request: Request, who: Visitor, run_id: int) -> TwinRunRow:
    try:
        with refusals():
            return twin_run(store=services(request).store, principal=who.principal, run_id=run_id)
    except WebError as exc:
        if isinstance(exc.__cause__, NotFound):
            raise WebError(404, NO_RUN) from None
        raise


@router.get("/twin/runs/compare")
def compare_page(
    request: Request,
    base: Annotated[str, Query(max_length=20)] = "",
    alt: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    who = require_visitor(request)
    may_open(who, Action.TWIN_RUN)
    if not (base.isdigit() and alt.isdigit()) or not 0 < int(base) <= MAX_SEED:
        raise WebError(404, NO_RUN)
    if not 0 < int(alt) <= MAX_SEED:
        raise WebError(404, NO_RUN)
    first, second = _run(request, who, int(base)), _run(request, who, int(alt))
    t = translations(who.language)
    try:
        found = compare_twin_runs(
            store=services(request).store, principal=who.principal, base=int(base), alt=int(alt)
        )
    except Invalid:
        raise WebError(400, N_("Only two finished runs can be compared.")) from None
    rows = [
        {
            "label": t.gettext(OUTPUT_LABELS.get(o["name"], o["name"])),
            "base": _number(o["base"], who.language),
            "alt": _number(o["alt"], who.language),
            **_band(o, who.language),
        }
        for o in found["outputs"]
    ]
    return render(
        request,
        "twin_compare.html",
        {
            "base": run_row(first, who.language),
            "alt": run_row(second, who.language),
            "paired": found["paired"],
            "rows": rows,
        },
        language=who.language,
        who=who,
    )


@router.get("/twin/runs/{run_id}")
def run_page(request: Request, run_id: str) -> Response:
    who = require_visitor(request)
    may_open(who, Action.TWIN_RUN)
    if not run_id.isdigit() or not 0 < int(run_id) <= MAX_SEED:
        raise WebError(404, NO_RUN)
    row = _run(request, who, int(run_id))
    found = summary(row)
    return render(
        request,
        "twin_run.html",
        {
            "run": run_row(row, who.language),
            "summary": summary_view(found, who.language) if found else None,
            "plan": bool(found) and may_plan(who),
        },
        language=who.language,
        who=who,
    )


def may_plan(who: Visitor) -> bool:
    """Whether the visitor may open the phase-in plan (to offer it with the run's forecast)."""
    return bool(decide(who.principal, Action.RECEPTION_PLAN))

"""The Dublin shelter phase-in plan page: places needed against places on consented sites.

``/reception/plan`` shows ``services.reception_plan.plan_dublin_shelter`` (the use case of
``GET /v1/reception/plan`` and ``migrationpact reception plan``) for a number of months from a
first month, both chosen in a no-JS GET form: a chart of the places needed and the capacity on
consented sites per month, a shortage shaded, with the same figures in a table (the forecast
made from the cases, or with ``twinRun`` taken from a finished run of the chain twin); the
sites in the order they are filled, with their consent and the places each offers month by
month (the build-up of a new site); and the sites held back for want of consent or an opening
day, with the places they would add. Counts only, no person: the policy's ``reception.plan``
(COA's planners and supervisors, the ministry's analysts, the monitoring bodies) opens it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from babel.numbers import format_decimal
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from migrationpact.access.policy import Action
from migrationpact.reception import municipalities
from migrationpact.reception.plan import PhaseInPlan
from migrationpact.reception.plan.texts import say
from migrationpact.services.container import services
from migrationpact.services.errors import Invalid, NotFound
from migrationpact.services.reception_plan import plan_dublin_shelter
from migrationpact.web.charts import month_label, plan_chart
from migrationpact.web.errors import WebError, refusals
from migrationpact.web.i18n import format_day, translations
from migrationpact.web.reception_sites import location_types
from migrationpact.web.session import may_open, require_visitor
from migrationpact.web.templating import render
from migrationpact.web.twin_runs import NO_RUN

router = APIRouter(include_in_schema=False)
#: The longest plan a page draws (the command line and the API may ask for more).
MAX_MONTHS = 60


def month_field(value: str) -> date | None:
    """The first day of a month given as ``YYYY-MM`` (an ``<input type="month">``), or None.

    >>> month_field("2027-03"), month_field("2027-13"), month_field("maart")
    (datetime.date(2027, 3, 1), None, None)
    """
    try:
        return date.fromisoformat(f"{value}-01") if len(value) == 7 else None
    except ValueError:
        return None


def months_field(value: str, errors: dict[str, str], language: str, most: int = MAX_MONTHS) -> int:
    """A number of months from 1 to ``most``; else 12 and an error under ``months``."""
    if value.isdigit() and 1 <= int(value) <= most:
        return int(value)
    errors["months"] = translations(language).gettext(
        "Give a number of months from 1 to %(most)d."
    ) % {"most": most}
    return 12


def _month(text: str) -> date:
    return date.fromisoformat(f"{text}-01")


def plan_view(plan: PhaseInPlan, language: str) -> dict[str, Any]:
    """What the page shows of ``plan``: the months, the sites, the held back, in words."""
    types = dict(location_types(language))
    months = [_month(r.month) for r in plan.rows]
    names = {s.site_id: s.name for s in plan.sites}
    sites = [
        {
            "site_id": s.site_id,
            "name": s.name,
            "municipality": municipalities.name(s.municipality)
            if municipalities.known(s.municipality)
            else s.municipality,
            "type": types.get(s.location_type, s.location_type),
            "consent": say(s.consent_status or "none", _language(language)),
            "opens": format_day(s.opened_on, language) if s.opened_on else None,
            "places": s.places,
            "free_only": s.counts == "free-places",
            "offered": [r.site_capacity.get(s.site_id, 0) for r in plan.rows],
        }
        for s in plan.sites
    ]
    held = [
        {
            "site_id": h.site_id,
            "name": names.get(h.site_id, h.site_id),
            "reason": say(h.reason, _language(language)),
            "consent": say(h.consent_status or "none", _language(language)),
            "would_add": h.would_add,
            "months": ", ".join(month_label(_month(m), language) for m in h.months),
        }
        for h in plan.held_back
    ]
    rows = [
        {
            "month": month_label(m, language),
            "decisions": format_decimal(r.transfer_decisions, "#,##0.0#", locale=language),
            "residents": format_decimal(r.residents, "#,##0.0", locale=language),
            "needed": r.needed,
            "capacity": r.capacity,
            "gap": r.gap,
            "held_back": sum(r.held_back.values()),
        }
        for m, r in zip(months, plan.rows, strict=True)
    ]
    return {
        "rows": rows,
        "months": [month_label(m, language) for m in months],
        "sites": sites,
        "held": held,
        "chart": plan_chart(
            months, [r.needed for r in plan.rows], [r.capacity for r in plan.rows], language
        ),
        "limit": plan.transfer_limit,
    }


def _language(language: str) -> Any:
    return "nl" if language == "nl" else "en"


@router.get("/reception/plan")
def plan_page(
    request: Request,
    start: Annotated[str, Query(alias="from", max_length=16)] = "",
    months: Annotated[str, Query(max_length=8)] = "12",
    twin: Annotated[str, Query(alias="twinRun", max_length=20)] = "",
) -> Response:
    who = require_visitor(request)
    may_open(who, Action.RECEPTION_PLAN)
    t = translations(who.language)
    errors: dict[str, str] = {}
    first = month_field(start) if start else None
    if start and first is None:
        errors["from"] = t.gettext("Give the first month as a year and a month (2027-01).")
    count = months_field(months, errors, who.language)
    run = int(twin) if twin.isdigit() and 0 < int(twin) < 2**63 else None
    if twin and run is None:
        raise WebError(404, NO_RUN)
    shown = None
    if not errors:
        try:
            with refusals():
                plan = plan_dublin_shelter(
                    store=services(request).store,
                    principal=who.principal,
                    start=first,
                    months=count,
                    twin_run=run,
                )
        except WebError as exc:
            if run is not None and isinstance(exc.__cause__, (NotFound, Invalid)):
                raise WebError(404, NO_RUN) from None
            raise
        shown = plan_view(plan, who.language)
    return render(
        request,
        "reception_plan.html",
        {
            "plan": shown,
            "values": {"from": start, "months": months},
            "errors": errors,
            "twin_run": run,
        },
        language=who.language,
        who=who,
        status=422 if errors else 200,
    )

"""The occupancy and expected-need pages: COA's places and residents over time, and the people
of the open cases expected to need a place in the coming months.

``/reception/occupancy`` shows ``services.reception_occupancy.occupancy_history`` (the use case
of ``GET /v1/reception/occupancy``) for a range, a step (every day, week or month) and a
grouping (per site, location type or regime) chosen in a no-JS GET form: a chart of all places
and residents with the emergency share of the places, the same figures in a table, and the
totals of each group on each day (sites by name, location types by label, regimes in words).
The policy's ``reception.sites.read`` opens it. ``/reception/need`` shows ``expected_need``
(``GET /v1/reception/need``) for a number of months: chart and table; ``reception.need.read``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from babel.numbers import format_percent
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action
from migrationpact.reception.occupancy import EVERY
from migrationpact.services.container import services
from migrationpact.services.reception_occupancy import (
    MAX_MONTHS,
    OccupancyHistory,
    expected_need,
    occupancy_history,
)
from migrationpact.services.reception_sites import list_sites
from migrationpact.store.eventstore import EventStore
from migrationpact.web.charts import need_chart, occupancy_chart
from migrationpact.web.errors import refusals
from migrationpact.web.i18n import format_day, translations
from migrationpact.web.labels import N_
from migrationpact.web.reception_plan import months_field
from migrationpact.web.reception_sites import location_types
from migrationpact.web.session import may_open, require_visitor
from migrationpact.web.templating import render

router = APIRouter(include_in_schema=False)
EVERY_LABELS = {"day": N_("every day"), "week": N_("every week"), "month": N_("every month")}
BY_LABELS = {"site": N_("per site"), "type": N_("per location type"), "regime": N_("per regime")}
#: A regime group ("emergency/sober") in words: the kind of location, then what it offers.
KIND_LABELS = {"emergency": N_("emergency location"), "regular": N_("regular location")}
CONDITION_LABELS = {
    "full": N_("full reception conditions"),
    "in-kind": N_("reception conditions in kind"),
    "sober": N_("sober reception conditions"),
    "foster-family": N_("a foster family"),
    "municipal": N_("municipal housing"),
}


def _day(value: str, name: str, errors: dict[str, str], language: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors[name] = translations(language).gettext("Give a day as year-month-day (2027-01-31).")
        return None


def group_names(store: EventStore, principal: Principal, by: str, language: str) -> dict[str, str]:
    """The groups' names in ``language``: site names, location type labels, regimes in words."""
    t = translations(language)
    if by == "site":
        return {s["site_id"]: s["name"] for s in list_sites(store=store, principal=principal)}
    if by == "type":
        return dict(location_types(language))
    return {
        f"{kind}/{condition}": f"{t.gettext(kind_label)}, {t.gettext(condition_label)}"
        for kind, kind_label in KIND_LABELS.items()
        for condition, condition_label in CONDITION_LABELS.items()
    }


def history_view(history: OccupancyHistory, names: dict[str, str], language: str) -> dict[str, Any]:
    """What the occupancy page shows of ``history``: the chart, the days, the groups."""
    shares = history.shares
    return {
        "chart": occupancy_chart(
            [s.day for s in shares],
            [s.capacity for s in shares],
            [s.occupied for s in shares],
            [s.capacity_share for s in shares],
            language,
        ),
        "days": [
            {
                "day": format_day(s.day, language),
                "capacity": s.capacity,
                "occupied": s.occupied,
                "emergency_capacity": s.emergency_capacity,
                "emergency_occupied": s.emergency_occupied,
                "share": percent(s.capacity_share, language),
            }
            for s in shares
        ],
        "groups": [
            {
                "day": format_day(t.day, language),
                "group": names.get(t.group, t.group),
                "sites": t.sites,
                "capacity": t.capacity,
                "occupied": t.occupied,
            }
            for t in history.totals
        ],
    }


def percent(share: float | None, language: str) -> str:
    """A share as a percentage in ``language`` ("—" for the share of nothing).

    >>> percent(0.375, "nl"), percent(0.375, "en"), percent(None, "nl")
    ('37,5%', '37.5%', '—')
    """
    return "—" if share is None else format_percent(share, format="#,##0.0%", locale=language)


@router.get("/reception/occupancy")
def occupancy_page(
    request: Request,
    start: Annotated[str, Query(alias="from", max_length=16)] = "",
    end: Annotated[str, Query(alias="to", max_length=16)] = "",
    every: Annotated[str, Query(max_length=8)] = "month",
    by: Annotated[str, Query(max_length=8)] = "type",
) -> Response:
    who = require_visitor(request)
    may_open(who, Action.RECEPTION_SITES_READ)
    t = translations(who.language)
    store = services(request).store
    errors: dict[str, str] = {}
    first = _day(start, "from", errors, who.language)
    last = _day(end, "to", errors, who.language)
    if every not in EVERY:
        errors["every"] = t.gettext("Choose one of the listed steps.")
    if by not in BY_LABELS:
        errors["by"] = t.gettext("Choose one of the listed groupings.")
    if first and last and first > last:
        errors["to"] = t.gettext("The last day lies before the first.")
    shown = None
    if not errors:
        with refusals():
            history = occupancy_history(
                store=store, principal=who.principal, start=first, end=last, every=every, by=by
            )
            shown = history_view(history, group_names(store, who.principal, by, who.language),
                                 who.language)  # fmt: skip
    return render(
        request,
        "reception_occupancy.html",
        {
            "history": shown,
            "values": {"from": start, "to": end, "every": every, "by": by},
            "errors": errors,
            "steps": [(k, t.gettext(v)) for k, v in EVERY_LABELS.items()],
            "groupings": [(k, t.gettext(v)) for k, v in BY_LABELS.items()],
        },
        language=who.language,
        who=who,
        status=422 if errors else 200,
    )


@router.get("/reception/need")
def need_page(request: Request, months: Annotated[str, Query(max_length=8)] = "12") -> Response:
    who = require_visitor(request)
    may_open(who, Action.RECEPTION_NEED_READ)
    errors: dict[str, str] = {}
    count = months_field(months, errors, who.language, most=MAX_MONTHS)
    shown = None
    if not errors:
        with refusals():
            need = expected_need(
                store=services(request).store, principal=who.principal, months=count
            )
        days = [m.day for m in need.months]
        shown = {
            "chart": need_chart(days, [m.people for m in need.months], who.language),
            "months": [
                {"day": format_day(m.day, who.language), "people": m.people} for m in need.months
            ],
            "cases": need.cases,
            "today": format_day(need.today, who.language),
        }
    return render(
        request,
        "reception_need.html",
        {"need": shown, "values": {"months": months}, "errors": errors},
        language=who.language,
        who=who,
        status=422 if errors else 200,
    )

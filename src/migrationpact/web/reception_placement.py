"""The placement proposal page: a unit for each household waiting for a place, and why.

``/reception/placement`` runs ``services.reception_placement.propose_placements`` (a dry run:
nothing is recorded; the same use case as ``GET /v1/reception/placement-proposal`` and
``reception place --dry-run``) for the households that waited longest (a no-JS ``limit`` field)
and shows, per household, its cases, the unit and site proposed (the site a link to its page),
why there (``placement.texts.why_here``, with the municipality by its name) and why not the
next-best unit (``why_not``); then the households without a place (``why_unplaced``), the cases
left out and why, and the needs report. The policy's ``reception.place`` (COA's planners and
supervisors) opens it; the use case writes the access log of every case it reads.

A planner overrides a proposal beside it: "place elsewhere" names another unit and the reason,
and the page proposes again with that choice fixed (the overrides travel in the query,
``override=HOUSEHOLD=UNIT`` with its ``reason``, so the page works without script; a choice
that breaks a hard constraint is refused with the constraint's name). "Record these places"
posts the same limit and overrides to ``/reception/placement``, which records them through
``services.reception_recording.record_placements`` (one transaction; a site changed meanwhile
records nothing) and shows what was recorded.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from migrationpact.access.policy import Action
from migrationpact.law.text import Text
from migrationpact.reception import municipalities
from migrationpact.reception.placement.model import Override, Placement
from migrationpact.reception.placement.texts import why_here, why_not, why_unplaced
from migrationpact.services.container import services
from migrationpact.services.reception_placement import Proposal, propose_placements
from migrationpact.services.reception_recording import Recorded, record_placements
from migrationpact.services.reception_sites import list_sites
from migrationpact.services.security import asking
from migrationpact.web.errors import refusals
from migrationpact.web.i18n import say, translations
from migrationpact.web.labels import N_
from migrationpact.web.places import office_name
from migrationpact.web.reception_labels import UNIT_ATTRIBUTE_LABELS
from migrationpact.web.session import CSRF_FIELD, Visitor, check_csrf, may_open, require_visitor
from migrationpact.web.templating import render

router = APIRouter(include_in_schema=False)
#: The households proposed for when the planner gives no number.
DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
#: The rows of the needs report (``PlacementResult.needs_report``), by category.
REPORT_LABELS = {
    "accessible": UNIT_ATTRIBUTE_LABELS["accessible"],
    "medical": UNIT_ATTRIBUTE_LABELS["medical"],
    "women-only": UNIT_ATTRIBUTE_LABELS["women_only"],
    "lgbti": UNIT_ATTRIBUTE_LABELS["lgbti"],
    "school": N_("Near the children's school"),
    "ties": N_("Near family"),
    "family": UNIT_ATTRIBUTE_LABELS["families"],
    "single-adult": UNIT_ATTRIBUTE_LABELS["single_adults"],
    "uam": UNIT_ATTRIBUTE_LABELS["uam"],
}


def _named(text: Text, language: str = "en") -> Text:
    """``text`` with its municipality (a CBS code) and its IND office (a code) by their names."""
    params = dict(text.params)
    code = params.get("municipality")
    if isinstance(code, str) and municipalities.known(code):
        params["municipality"] = municipalities.name(code)
    office = params.get("office")
    if isinstance(office, str):
        params["office"] = office_name(office, language) or office
    return Text(text.template, **params)


def _placement(
    p: Placement, proposal: Proposal, sites: dict[str, dict[str, Any]], language: str
) -> dict[str, Any]:
    said = [_named(s, language) for s in why_here(p)]
    other = why_not(p)
    site = sites.get(p.site, {})
    label = site.get("location_type_label", {})
    return {
        "household": p.household,
        "cases": proposal.cases.get(p.household, []),
        "persons": p.persons,
        "unit": p.unit,
        "site_id": p.site,
        "site_name": site.get("name", p.site),
        "municipality": site.get("municipality_name", p.municipality),
        "type_label": label.get("nl" if language == "nl" else "en", p.location_type),
        "score": f"{p.score:g}",
        "headline": say(said[0], language),
        "reasons": [say(s, language) for s in said[1:]],
        "why_not": say(other, language) if other is not None else None,
    }


def _limit(text: str, t: Any) -> tuple[int | None, str | None]:
    if not text.strip():
        return None, None
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_LIMIT:
        return None, t.gettext("Give a whole number from 1 to %(max)d.") % {"max": MAX_LIMIT}
    return value, None


def _overrides(pairs: list[str], reasons: list[str], t: Any) -> tuple[list[Override], str | None]:
    """The planner's overrides from the form (``HOUSEHOLD=UNIT`` with a reason each)."""
    found: list[Override] = []
    for n, pair in enumerate(pairs):
        household, _, unit = pair.partition("=")
        reason = reasons[n].strip() if n < len(reasons) else ""
        if not household or not unit:
            return [], t.gettext("Name the unit to place the household in.")
        if not reason:
            return [], t.gettext("Say why the household goes to another unit.")
        try:
            found.append(Override(household=household, unit=unit.strip(), reason=reason))
        except ValueError:
            return [], t.gettext("Name the unit to place the household in.")
    return found, None


def _context(proposal: Proposal, store: Any, who: Visitor, language: str) -> dict[str, Any]:
    sites = {s["site_id"]: s for s in list_sites(store=store, principal=who.principal)}
    result = proposal.result
    return {
        "placements": [_placement(p, proposal, sites, language) for p in result.placements],
        "unplaced": [
            {"cases": proposal.cases.get(u.household, []), "said": say(why_unplaced(u), language)}
            for u in result.unplaced
        ],
        "skipped": [(s.case_id, say(s.reason, language)) for s in proposal.skipped],
        "report": [
            {**row.model_dump(), "label": REPORT_LABELS.get(row.category, row.category)}
            for row in result.needs_report
        ],
    }


def _recorded(r: Recorded) -> dict[str, Any]:
    return {"household": r.household, "cases": list(r.cases), "site_id": r.site_id,
            "unit": r.unit_id, "persons": r.persons, "override": r.basis == "override",
            "reason": r.reason, "moved_from": r.moved_from}  # fmt: skip


@router.get("/reception/placement")
def placement_page(
    request: Request,
    limit: Annotated[str, Query(max_length=8)] = str(DEFAULT_LIMIT),
    override: Annotated[list[str] | None, Query(max_length=50)] = None,
    reason: Annotated[list[str] | None, Query(max_length=50)] = None,
    household: Annotated[str, Query(max_length=200)] = "",
    unit: Annotated[str, Query(max_length=200)] = "",
    why: Annotated[str, Query(max_length=500)] = "",
) -> Response:
    """The proposal; ``household``, ``unit`` and ``why`` add one override (the "place
    elsewhere" form beside a proposal) to those carried in ``override`` and ``reason``."""
    who = require_visitor(request)
    may_open(who, Action.RECEPTION_PLACE)
    pairs, reasons = list(override or []), list(reason or [])
    if household:
        kept = [n for n, p in enumerate(pairs) if p.partition("=")[0] != household]
        pairs, reasons = [pairs[n] for n in kept], [reasons[n] for n in kept if n < len(reasons)]
        pairs.append(f"{household}={unit.strip()}")
        reasons.append(why)
    return _show(request, who, limit, pairs, reasons, record=False)


@router.post("/reception/placement")
async def record_page(request: Request) -> Response:
    form = await request.form()
    values = {k: str(v)[:500] for k, v in form.multi_items() if isinstance(v, str)}
    pairs = [str(v)[:200] for v in form.getlist("override")][:50]
    reasons = [str(v)[:500] for v in form.getlist("reason")][:50]

    def run() -> Response:
        who = require_visitor(request)
        check_csrf(request, who, values.get(CSRF_FIELD))
        may_open(who, Action.RECEPTION_PLACE)
        return _show(request, who, values.get("limit", ""), pairs, reasons, record=True)

    return await run_in_threadpool(run)


def _show(
    request: Request,
    who: Visitor,
    limit: str,
    pairs: list[str],
    reasons: list[str],
    *,
    record: bool,
) -> Response:
    language = who.language
    t = translations(language)
    store = services(request).store
    number, error = _limit(limit, t)
    overrides, wrong = _overrides(pairs, reasons, t)
    errors = {k: v for k, v in (("limit", error), ("override", wrong)) if v}
    context: dict[str, Any] = {
        "limit": limit, "errors": errors, "recorded": None,
        "overrides": [(f"{o.household}={o.unit}", o.reason) for o in overrides],
        "overridden": {o.household: o.unit for o in overrides},
    }  # fmt: skip
    if not errors:
        with refusals():
            if record:
                done = record_placements(
                    store=store, principal=who.principal, limit=number, overrides=overrides,
                    asking=asking(request),
                )  # fmt: skip
                proposal = done.proposal
                context["recorded"] = [_recorded(r) for r in done.recorded]
            else:
                proposal = propose_placements(
                    store=store, principal=who.principal, limit=number, overrides=overrides,
                    asking=asking(request),
                )  # fmt: skip
            context |= _context(proposal, store, who, language)
    return render(
        request, "reception_placement.html", context, language=language, who=who,
        status=422 if errors else 200,
    )  # fmt: skip

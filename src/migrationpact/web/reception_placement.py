"""The placement proposal page: a unit for each household waiting for a place, and why.

``/reception/placement`` runs ``services.reception_placement.propose_placements`` (a dry run:
nothing is recorded; the same use case as ``GET /v1/reception/placement-proposal`` and
``reception place --dry-run``) for the households that waited longest (a no-JS ``limit`` field)
and shows, per household, its cases, the unit and site proposed (the site a link to its page),
why there (``placement.texts.why_here``, with the municipality by its name) and why not the
next-best unit (``why_not``); then the households without a place (``why_unplaced``), the cases
left out and why, and the needs report. The policy's ``reception.place`` (COA's planners and
supervisors) opens it; the use case writes the access log of every case it reads.

Recording a placement and overriding one are not here yet: the template keeps a place for
them beside each proposal (``placement-actions``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from migrationpact.access.policy import Action
from migrationpact.law.text import Text
from migrationpact.reception import municipalities
from migrationpact.reception.placement.model import Placement
from migrationpact.reception.placement.texts import why_here, why_not, why_unplaced
from migrationpact.services.container import services
from migrationpact.services.reception_placement import Proposal, propose_placements
from migrationpact.services.reception_sites import list_sites
from migrationpact.services.security import asking
from migrationpact.web.errors import refusals
from migrationpact.web.i18n import say, translations
from migrationpact.web.labels import N_
from migrationpact.web.reception_labels import UNIT_ATTRIBUTE_LABELS
from migrationpact.web.session import may_open, require_visitor
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


def _named(text: Text) -> Text:
    """``text`` with its municipality (a CBS code) by its name."""
    code = text.params.get("municipality")
    if not isinstance(code, str) or not municipalities.known(code):
        return text
    return Text(text.template, **{**text.params, "municipality": municipalities.name(code)})


def _placement(
    p: Placement, proposal: Proposal, sites: dict[str, dict[str, Any]], language: str
) -> dict[str, Any]:
    said = [_named(s) for s in why_here(p)]
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


@router.get("/reception/placement")
def placement_page(
    request: Request, limit: Annotated[str, Query(max_length=8)] = str(DEFAULT_LIMIT)
) -> Response:
    who = require_visitor(request)
    may_open(who, Action.RECEPTION_PLACE)
    language = who.language
    t = translations(language)
    store = services(request).store
    number, error = _limit(limit, t)
    context: dict[str, Any] = {"limit": limit, "errors": {"limit": error} if error else {}}
    if error is None:
        with refusals():
            proposal = propose_placements(
                store=store, principal=who.principal, limit=number, asking=asking(request)
            )
            sites = {s["site_id"]: s for s in list_sites(store=store, principal=who.principal)}
        result = proposal.result
        context |= {
            "placements": [_placement(p, proposal, sites, language) for p in result.placements],
            "unplaced": [
                {
                    "cases": proposal.cases.get(u.household, []),
                    "said": say(why_unplaced(u), language),
                }
                for u in result.unplaced
            ],
            "skipped": [(s.case_id, say(s.reason, language)) for s in proposal.skipped],
            "report": [
                {**row.model_dump(), "label": REPORT_LABELS.get(row.category, row.category)}
                for row in result.needs_report
            ],
        }
    return render(
        request, "reception_placement.html", context, language=language, who=who,
        status=422 if error else 200,
    )  # fmt: skip

"""The reception site pages: the list of COA's sites and one site with its units and history.

``/reception/sites`` lists the sites from ``services.reception_sites.list_sites`` (the use case
of ``GET /v1/reception/sites``): name, municipality by its name, location type by its label in
the page's language, status, places (capacity, occupied, free) and the municipality's consent;
filtered by location type and municipality (a no-JS GET form). ``/reception/sites/{id}`` shows
one site (``site_detail``): its units with whom they admit in words, their places, the consent,
the admission rules agreed with the municipality and the site's events, each in words
(``site_event_words``), and its places and residents at the end of each of the last six months
(``site_months``: a small chart and its table). No personal data: the policy's
``reception.sites.read`` (COA's planners, supervisors and caseworkers, the monitoring bodies)
opens both.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action
from migrationpact.reception import municipalities
from migrationpact.reception.regimes import RegimeError, default_book
from migrationpact.reception.sites.events import ID
from migrationpact.services.container import services
from migrationpact.services.errors import NotFound
from migrationpact.services.reception_occupancy import occupancy_history
from migrationpact.services.reception_sites import list_sites, site_detail
from migrationpact.store.eventstore import EventStore
from migrationpact.web.charts import site_chart
from migrationpact.web.errors import WebError, refusals
from migrationpact.web.i18n import format_day, format_moment, translations
from migrationpact.web.labels import ORGANISATION_LABELS
from migrationpact.web.reception_labels import (
    SITE_CHOICE_LABELS,
    SITE_EVENT_LABELS,
    SITE_FIELD_LABELS,
    UNIT_ATTRIBUTE_LABELS,
)
from migrationpact.web.session import may_open, require_visitor
from migrationpact.web.templating import render

router = APIRouter(include_in_schema=False)
#: The flags of a unit, in the order a page names them (the ages follow "uam").
FLAGS = ("families", "single_adults", "women_only", "uam", "accessible", "medical", "lgbti")


def location_types(language: str) -> list[tuple[str, str]]:
    """Every location type the newest regimes know, with its label in ``language``."""
    return [
        (code, regime.label.nl if language == "nl" else regime.label.en)
        for code, regime in default_book().at(date.max).items()
    ]


def type_label(site: dict[str, Any], language: str) -> str:
    return str(site["location_type_label"]["nl" if language == "nl" else "en"])


def unit_words(unit: dict[str, Any], language: str) -> str:
    """Whom a unit admits and what it offers, in words ("Gezinnen, toegankelijk")."""
    t = translations(language)
    words = []
    for flag in FLAGS:
        if not unit.get(flag):
            continue
        words.append(t.gettext(UNIT_ATTRIBUTE_LABELS[flag]))
        if flag == "uam" and unit.get("age_min") is not None:
            words.append(
                t.gettext("aged %(low)s to %(high)s")
                % {"low": unit["age_min"], "high": unit["age_max"]}
            )
    return ", ".join(words) or "—"


def _value(key: str, value: Any, language: str) -> str:
    t = translations(language)
    if key == "municipality":
        return municipalities.name(str(value)) if municipalities.known(str(value)) else str(value)
    if key == "location_type":
        return dict(location_types(language)).get(str(value), str(value))
    if key == "attributes" and isinstance(value, dict):
        return unit_words(value, language)
    if isinstance(value, list | tuple):
        return ", ".join(_value(key, v, language) for v in value) or "—"
    if isinstance(value, str) and value in SITE_CHOICE_LABELS:
        return t.gettext(SITE_CHOICE_LABELS[value])
    if isinstance(value, str) and key.endswith(("_on", "_until")):
        return format_day(date.fromisoformat(value), language)
    return "—" if value is None else str(value)


def site_event_words(event: dict[str, Any], language: str) -> dict[str, Any]:
    """A site event as its history row shows it: when, what, and each field in words."""
    t = translations(language)
    label = SITE_EVENT_LABELS.get(event["type"])
    details = [
        (t.gettext(SITE_FIELD_LABELS.get(key, key)), _value(key, value, language))
        for key, value in event["payload"].items()
    ]
    return {
        "seq": event["seq"],
        "when": format_moment(datetime.fromisoformat(event["occurred_at"]), language),
        "what": t.gettext(label) if label else event["type"],
        "organisation": t.gettext(
            ORGANISATION_LABELS.get(event["organisation"], event["organisation"])
        ),
        "details": details,
    }


def _shown(site: dict[str, Any], language: str) -> dict[str, Any]:
    t = translations(language)
    consent = site["consent_status"]
    return {
        **site,
        "type_label": type_label(site, language),
        "status_label": t.gettext(SITE_CHOICE_LABELS[site["status"]]),
        "consent_label": t.gettext(SITE_CHOICE_LABELS[consent])
        if consent
        else t.gettext("no consent recorded"),
        "units": [{**u, "words": unit_words(u, language)} for u in site["units"]],
    }


@router.get("/reception/sites")
def sites_page(
    request: Request,
    location_type: Annotated[str, Query(alias="type", max_length=32)] = "",
    municipality: Annotated[str, Query(max_length=6)] = "",
) -> Response:
    who = require_visitor(request)
    may_open(who, Action.RECEPTION_SITES_READ)
    store = services(request).store
    t = translations(who.language)
    errors: dict[str, str] = {}
    with refusals():
        every = list_sites(store=store, principal=who.principal)
    known_types = dict(location_types(who.language))
    if location_type and location_type not in known_types:
        errors["type"] = t.gettext("Choose one of the listed location types.")
    places = {s["municipality"]: s["municipality_name"] for s in every}
    if municipality and municipality not in places:
        errors["municipality"] = t.gettext("Choose one of the listed municipalities.")
    listed: list[dict[str, Any]] = []
    if not errors:
        try:
            with refusals():
                listed = list_sites(
                    store=store, principal=who.principal, location_type=location_type or None,
                    municipality=municipality or None,
                )  # fmt: skip
        except RegimeError as exc:  # a type of an older edition only: said beside the filter
            raise WebError(400, "The request cannot be carried out.", detail=str(exc)) from exc
    shown = [_shown(s, who.language) for s in listed]
    return render(
        request,
        "reception_sites.html",
        {
            "sites": shown,
            "values": {"type": location_type, "municipality": municipality},
            "errors": errors,
            "types": sorted(known_types.items(), key=lambda item: item[1]),
            "municipalities": sorted(places.items(), key=lambda item: item[1]),
            "totals": {k: sum(s[k] for s in listed) for k in ("capacity", "occupied", "free")},
        },
        language=who.language,
        who=who,
        status=422 if errors else 200,
    )


@router.get("/reception/sites/{site_id}")
def site_page(
    request: Request, site_id: Annotated[str, Path(pattern=ID, max_length=64)]
) -> Response:
    who = require_visitor(request)
    may_open(who, Action.RECEPTION_SITES_READ)
    try:
        with refusals():
            site = site_detail(store=services(request).store, principal=who.principal,
                               site_id=site_id)  # fmt: skip
    except WebError as exc:
        if isinstance(exc.__cause__, NotFound):
            raise WebError(404, "There is no such reception site.") from exc
        raise
    language = who.language
    rules = site["admission_rules"]
    return render(
        request,
        "reception_site.html",
        {
            "site": _shown(site, language),
            "consent": [
                (translations(language).gettext(SITE_FIELD_LABELS[k]), _value(k, v, language))
                for k, v in (site["consent"] or {}).items()
            ],
            "rules": [
                (translations(language).gettext(SITE_FIELD_LABELS[k]), _value(k, v, language))
                for k, v in (rules or {}).items()
            ],
            "history": [site_event_words(e, language) for e in reversed(site["history"])],
            "months": site_months(services(request).store, who.principal, site_id, language),
        },
        language=language,
        who=who,
    )


def site_months(
    store: EventStore, principal: Principal, site_id: str, language: str
) -> dict[str, Any]:
    """One site's places and residents at the end of each of the last six months (and today):
    a small chart and its table, for the site page."""
    history = occupancy_history(store=store, principal=principal, every="month", by="site")
    found = {t.day: t for t in history.totals if t.group == site_id}
    capacity = [found[d].capacity if d in found else 0 for d in history.days]
    occupied = [found[d].occupied if d in found else 0 for d in history.days]
    return {
        "chart": site_chart(history.days, capacity, occupied, language),
        "rows": [
            {"day": format_day(d, language), "capacity": c, "occupied": o}
            for d, c, o in zip(history.days, capacity, occupied, strict=True)
        ],
    }

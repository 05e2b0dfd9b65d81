"""Reception sites: importing a sites file and listing the sites, for every front end.

``import_sites`` takes the parsed sites file, asks the access policy (``reception.sites.write``:
COA planners and supervisors, and site managers for the sites they manage: every site the file
changes must be theirs), plans the events of what changed (``reception.sites.importing``)
and appends them all in one transaction, each site at the seq it was read at: all or nothing,
and a second import of the same file records nothing. ``list_sites`` reads the sites and their
units from the projections (``reception.sites.read``), optionally of one location type and one
municipality, with the municipality's name, the location type's labels and the free places.
``site_detail`` reads one site the same way, with its consent, its admission rules and its
event history (the site page and ``GET /v1/reception/sites/{id}``).

Refusals: ``Forbidden`` (the policy's reason), ``SiteRefused`` (a bad file or a step the site's
rules refuse, naming the site and unit), ``RegimeError`` (an unknown location type to list),
``Invalid`` (an unknown municipality to list), ``NotFound`` (no such site), ``StaleCase`` (a
site changed between reading and writing). Nothing is written on a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action
from migrationpact.reception import municipalities
from migrationpact.reception.regimes import default_book
from migrationpact.reception.regimes.loader import RegimeBook
from migrationpact.reception.sites.importing import plan_import, read_sites_file
from migrationpact.services.errors import Invalid, NotFound, StaleCase, refuse_unless
from migrationpact.services.recording import dutch_now
from migrationpact.store.errors import ConcurrencyError
from migrationpact.store.eventstore import EventStore
from migrationpact.store.reception_sites import (
    SITE,
    read_site_states,
    read_sites,
    site_row,
    unit_rows,
)
from migrationpact.store.unit_of_work import NewEvent


@dataclass(frozen=True)
class ImportReport:
    """What an import did: sites in the file, sites changed, events recorded."""

    sites: int
    changed: tuple[str, ...]
    events: int


def _allow(principal: Principal, action: Action, site: str | None = None) -> None:
    refuse_unless(principal, action, site=site)


def import_sites(*, store: EventStore, principal: Principal, data: Any) -> ImportReport:
    """Bring the stored sites in line with the sites file ``data`` (see the module text)."""
    _allow(principal, Action.RECEPTION_SITES_WRITE)
    sites_file = read_sites_file(data)
    states = read_site_states(store.engine, [s.id for s in sites_file.sites])
    plan = plan_import(sites_file, states, dutch_now(store))
    for site_id, _, events in plan:  # a site manager changes only the sites they manage
        if events:
            _allow(principal, Action.RECEPTION_SITES_WRITE, site_id)
    batch = [
        NewEvent(site_id, event, seq + n, None, principal.actor, principal.organisation.value, SITE)
        for site_id, seq, events in plan
        for n, event in enumerate(events)
    ]
    if batch:
        try:
            store.append_many(batch)
        except ConcurrencyError as exc:
            raise StaleCase(
                f"site {exc.case_id} was changed by another writer since it was read; "
                "nothing was recorded: import the file again"
            ) from exc
    return ImportReport(len(sites_file.sites), tuple(site_id for site_id, _, _ in plan), len(batch))


def list_sites(
    *,
    store: EventStore,
    principal: Principal,
    location_type: str | None = None,
    municipality: str | None = None,
) -> list[dict[str, Any]]:
    """Every site (of ``location_type``, in ``municipality``) with its units, as JSON-ready
    dictionaries."""
    _allow(principal, Action.RECEPTION_SITES_READ)
    book = default_book()
    if location_type is not None:
        book.regime(location_type)  # RegimeError for a type no edition knows
    if municipality is not None and not municipalities.known(municipality):
        raise Invalid(f"unknown municipality {municipality!r}", kind="unknown-municipality")
    return [
        _described(row.site, row.units, book)
        for row in read_sites(store.engine, location_type=location_type)
        if municipality is None or row.site["municipality"] == municipality
    ]


def site_detail(*, store: EventStore, principal: Principal, site_id: str) -> dict[str, Any]:
    """One site as ``list_sites`` gives it, with ``consent`` and ``admission_rules`` (None:
    none recorded) and ``history``: its events, oldest first."""
    _allow(principal, Action.RECEPTION_SITES_READ)
    state = read_site_states(store.engine, [site_id]).get(site_id)
    if state is None:
        raise NotFound(f"there is no reception site {site_id}", kind="site-not-found")
    row = site_row(state, dutch_now(store))
    del row["updated_at"]
    site = _described(row, unit_rows(state), default_book())
    site["consent"] = state.consent.model_dump(mode="json") if state.consent else None
    rules = state.admission_rules
    site["admission_rules"] = rules.model_dump(mode="json") if rules else None
    site["history"] = [
        {
            "seq": r.seq,
            "type": r.type,
            "occurred_at": r.occurred_at.isoformat(),
            "organisation": r.organisation,
            "payload": r.payload,
        }
        for r in store.records(site_id, stream_type=SITE)
    ]
    return site


def _described(
    row: dict[str, Any], units: list[dict[str, Any]], book: RegimeBook
) -> dict[str, Any]:
    """A site's row with its municipality's name, its type's labels, its free places and its
    units (without their site id)."""
    site = dict(row)
    regime = book.regime(site["location_type"])
    site["municipality_name"] = municipalities.name(site["municipality"])
    site["location_type_label"] = {"en": regime.label.en, "nl": regime.label.nl}
    site["regime_verified"] = regime.verified
    site["free"] = max(site["capacity"] - site["occupied"], 0)
    site["units"] = [
        {**{k: v for k, v in u.items() if k != "site_id"}, "free": _free(u)} for u in units
    ]
    return {k: _plain(v) for k, v in site.items()}


def _free(unit: dict[str, Any]) -> int:
    """The free places of a unit: none in a closed one."""
    return 0 if unit["closed"] else max(unit["capacity"] - unit["occupied"], 0)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value

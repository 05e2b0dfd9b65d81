"""Reception sites: importing a sites file and listing the sites, for every front end.

``import_sites`` takes the parsed sites file, asks the access policy (``reception.sites.write``:
COA planners and supervisors), plans the events of what changed (``reception.sites.importing``)
and appends them all in one transaction, each site at the seq it was read at: all or nothing,
and a second import of the same file records nothing. ``list_sites`` reads the sites and their
units from the projections (``reception.sites.read``), optionally of one location type, with
the municipality's name and the location type's labels.

Refusals: ``Forbidden`` (the policy's reason), ``SiteRefused`` (a bad file or a step the site's
rules refuse, naming the site and unit), ``RegimeError`` (an unknown location type to list),
``StaleCase`` (a site changed between reading and writing). Nothing is written on a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action, decide
from migrationpact.reception import municipalities
from migrationpact.reception.regimes import default_book
from migrationpact.reception.sites.importing import plan_import, read_sites_file
from migrationpact.services.errors import Forbidden, StaleCase
from migrationpact.services.recording import dutch_now
from migrationpact.store.errors import ConcurrencyError
from migrationpact.store.eventstore import EventStore
from migrationpact.store.reception_sites import SITE, read_site_states, read_sites
from migrationpact.store.unit_of_work import NewEvent


@dataclass(frozen=True)
class ImportReport:
    """What an import did: sites in the file, sites changed, events recorded."""

    sites: int
    changed: tuple[str, ...]
    events: int


def _allow(principal: Principal, action: Action) -> None:
    decision = decide(principal, action)
    if not decision.allowed:
        raise Forbidden(str(decision.reason))


def import_sites(*, store: EventStore, principal: Principal, data: Any) -> ImportReport:
    """Bring the stored sites in line with the sites file ``data`` (see the module text)."""
    _allow(principal, Action.RECEPTION_SITES_WRITE)
    sites_file = read_sites_file(data)
    states = read_site_states(store.engine, [s.id for s in sites_file.sites])
    plan = plan_import(sites_file, states, dutch_now(store))
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
    *, store: EventStore, principal: Principal, location_type: str | None = None
) -> list[dict[str, Any]]:
    """Every site (of ``location_type``) with its units, as JSON-ready dictionaries."""
    _allow(principal, Action.RECEPTION_SITES_READ)
    book = default_book()
    if location_type is not None:
        book.regime(location_type)  # RegimeError for a type no edition knows
    listed = []
    for row in read_sites(store.engine, location_type=location_type):
        site = dict(row.site)
        regime = book.regime(site["location_type"])
        site["municipality_name"] = municipalities.name(site["municipality"])
        site["location_type_label"] = {"en": regime.label.en, "nl": regime.label.nl}
        site["regime_verified"] = regime.verified
        site["units"] = [{k: v for k, v in u.items() if k != "site_id"} for u in row.units]
        listed.append({k: _plain(v) for k, v in site.items()})
    return listed


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value

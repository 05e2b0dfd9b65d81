"""Reception sites as a kind of stream: their registration, projectors and reads.

A site's events (``reception.sites.events``) are kept in ``events`` with ``stream_type``
``reception-site`` and the site's id as the stream id; ``reception.sites.decide`` is the kind's
domain. Five projectors keep the derived tables: ``stream_states`` (the site's state document),
``reception_sites`` (one row per site), ``reception_units`` (one row per unit),
``reception_residents`` (one row per case placed there: ``placed_cases``) and
``reception_stays`` (every stay, the ended ones too: ``store.reception_stays``). Importing
this module registers the kind; ``eventstore`` imports it, so every store knows the kind
(append, rebuild, ``audit verify``, export and import).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update

from migrationpact.law.law import Law
from migrationpact.reception.sites.decide import decide_site
from migrationpact.reception.sites.events import join_site_event, split_site_event
from migrationpact.reception.sites.state import (
    SiteState,
    from_document,
    initial_site,
    to_document,
)
from migrationpact.store.database import read_transaction
from migrationpact.store.projectors import Change
from migrationpact.store.reception_stays import ReceptionStays
from migrationpact.store.streams import documented_kind, register
from migrationpact.store.tables import events, reception_residents, reception_sites, reception_units

SITE = "reception-site"


def site_row(state: SiteState, updated_at: datetime) -> dict[str, Any]:
    """The ``reception_sites`` row of a site's state."""
    return {
        "site_id": state.site_id,
        "seq": state.seq,
        "name": state.name,
        "municipality": state.municipality,
        "location_type": state.location_type,
        "status": state.status or "registered",
        "opened_on": state.opened_on,
        "closed_on": state.closed_on,
        "consent_status": state.consent.status if state.consent is not None else None,
        "capacity": state.capacity,
        "occupied": state.occupied,
        "updated_at": updated_at,
    }


def unit_rows(state: SiteState) -> list[dict[str, Any]]:
    """The ``reception_units`` rows of a site's state, one per unit."""
    return [
        {
            "site_id": state.site_id,
            "unit_id": u.unit_id,
            "capacity": u.capacity,
            "occupied": u.occupied,
            "closed": u.closed,
            **u.attributes.model_dump(),
        }
        for u in state.units
    ]


class _SiteRows:
    """A projector of the site streams: ``rows`` are what ``of`` makes of a site's state."""

    table: Any

    def of(self, state: SiteState, updated_at: datetime) -> list[dict[str, Any]]:
        raise NotImplementedError

    def rows(
        self,
        stream_id: str,
        state: SiteState,
        updated_at: datetime,
        law: Law,
        *,
        text: bool = False,
    ) -> list[dict[str, Any]]:
        return self.of(state, updated_at)


class ReceptionSites(_SiteRows):
    """``reception_sites``: one row per site."""

    table = reception_sites

    def of(self, state: SiteState, updated_at: datetime) -> list[dict[str, Any]]:
        return [site_row(state, updated_at)]

    def write(self, conn: Connection, changes: Sequence[Change], law: Law) -> None:
        for c in changes:
            row = site_row(c.after, c.updated_at)
            if c.before is None:
                conn.execute(insert(reception_sites), [row])
            else:
                del row["site_id"]
                conn.execute(
                    update(reception_sites)
                    .where(reception_sites.c.site_id == c.stream_id)
                    .values(**row)
                )


class ReceptionUnits(_SiteRows):
    """``reception_units``: one row per unit of every site (a changed site's rows are written
    again)."""

    table = reception_units

    def of(self, state: SiteState, updated_at: datetime) -> list[dict[str, Any]]:
        return unit_rows(state)

    def write(self, conn: Connection, changes: Sequence[Change], law: Law) -> None:
        for c in changes:
            if c.before is not None and c.before.units == c.after.units:
                continue
            conn.execute(delete(reception_units).where(reception_units.c.site_id == c.stream_id))
            rows = unit_rows(c.after)
            if rows:
                conn.execute(insert(reception_units), rows)


def resident_rows(state: SiteState) -> list[dict[str, Any]]:
    """The ``reception_residents`` rows of a site's state, one per case placed there."""
    return [
        {
            "case_id": case_id,
            "site_id": state.site_id,
            "unit_id": r.unit_id,
            "household": r.household,
            "since": r.since,
        }
        for r in state.residents
        for case_id in r.cases
    ]


class ReceptionResidents(_SiteRows):
    """``reception_residents``: one row per case with a place. A changed site's rows are
    written again: first every changed site's old rows go, then the new rows come, so a case
    that moves between two sites in one transaction never has two rows."""

    table = reception_residents

    def of(self, state: SiteState, updated_at: datetime) -> list[dict[str, Any]]:
        return resident_rows(state)

    def write(self, conn: Connection, changes: Sequence[Change], law: Law) -> None:
        changed = [
            c for c in changes if c.before is None or c.before.residents != c.after.residents
        ]
        if not changed:
            return
        ids = [c.stream_id for c in changed]
        conn.execute(delete(reception_residents).where(reception_residents.c.site_id.in_(ids)))
        rows = [row for c in changed for row in resident_rows(c.after)]
        if rows:
            conn.execute(insert(reception_residents), rows)


register(
    documented_kind(
        SITE,
        initial=initial_site,
        decide=lambda state, event, law: decide_site(state, event),
        join=join_site_event,
        split=split_site_event,
        document=to_document,
        read=from_document,
        projectors=(ReceptionSites(), ReceptionUnits(), ReceptionResidents(), ReceptionStays()),
    )
)


@dataclass(frozen=True)
class SiteRow:
    """A site as the list shows it, with its units."""

    site: dict[str, Any]
    units: list[dict[str, Any]]


def read_sites(engine: Engine, *, location_type: str | None = None) -> list[SiteRow]:
    """Every site (of ``location_type``, if given) with its units, by site id."""
    s, u = reception_sites.c, reception_units.c
    query = select(reception_sites).order_by(s.site_id)
    if location_type is not None:
        query = query.where(s.location_type == location_type)
    with read_transaction(engine) as conn:
        sites = [dict(r._mapping) for r in conn.execute(query)]
        ids = [site["site_id"] for site in sites]
        units: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
        if ids:
            rows = conn.execute(
                select(reception_units).where(u.site_id.in_(ids)).order_by(u.site_id, u.unit_id)
            )
            for r in rows:
                units[r.site_id].append(dict(r._mapping))
    return [SiteRow(site, units[site["site_id"]]) for site in sites]


def read_site_states(engine: Engine, ids: Sequence[str]) -> dict[str, SiteState]:
    """The current states of the sites ``ids`` that exist."""
    from migrationpact.store.streams import kind

    with read_transaction(engine) as conn:
        found = kind(SITE).load(conn, list(ids))
    return {sid: state for sid, (state, _) in found.items()}


def read_site_events(engine: Engine) -> dict[str, list[Any]]:
    """Every site's events in its stream's order, by site id (for a history of the sites)."""
    e = events.c
    query = (
        select(e.case_id, e.type, e.occurred_at, e.payload)
        .where(e.stream_type == SITE)
        .order_by(e.case_id, e.seq)
    )
    found: dict[str, list[Any]] = {}
    with read_transaction(engine) as conn:
        for row in conn.execute(query):
            found.setdefault(row.case_id, []).append(
                join_site_event(row.type, row.occurred_at, dict(row.payload))
            )
    return found


@dataclass(frozen=True)
class Place:
    """Where a case lives: its site (name, municipality, location type) and unit."""

    case_id: str
    site_id: str
    unit_id: str
    household: str
    since: date
    site_name: str
    municipality: str
    location_type: str


def placed_cases(engine: Engine, case_ids: Sequence[str] | None = None) -> dict[str, Place]:
    """The place of every case that has one (of ``case_ids``, if given), by case id."""
    r, s = reception_residents.c, reception_sites.c
    query = select(
        r.case_id, r.site_id, r.unit_id, r.household, r.since,
        s.name.label("site_name"), s.municipality, s.location_type,
    ).join(reception_sites, s.site_id == r.site_id)  # fmt: skip
    places: dict[str, Place] = {}
    with read_transaction(engine) as conn:
        if case_ids is None:
            found = list(conn.execute(query))
        else:
            found = []
            wanted = list(dict.fromkeys(case_ids))
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                found += list(conn.execute(query.where(r.case_id.in_(chunk))))
    for row in found:
        places[row.case_id] = Place(**row._mapping)
    return places

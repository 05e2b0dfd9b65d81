"""A small world for recording placements: three open sites (a DOL, two AZCs) and three
waiting cases (one on the Dublin track, registered; an unaccompanied minor; an adult)."""

from __future__ import annotations

from sqlalchemy import select

from migrationpact.services.reception_sites import import_sites
from migrationpact.store.database import read_transaction
from migrationpact.store.eventstore import EventStore
from migrationpact.store.reception_sites import SITE
from migrationpact.store.tables import events
from tests.integration.services.test_reception_placement import PLANNER, SITES, made
from tests.integration.store.flows import TO_TRANSFER, drive

#: The sites of the dry-run tests, with AZC Emmen open too.
OPEN_SITES = {
    "sites": [
        {**site, "opens_on": "2020-01-01"} if site["id"] == "AZC-2" else site
        for site in SITES["sites"]
    ]
}


def placing_world(store: EventStore) -> EventStore:
    import_sites(store=store, principal=PLANNER, data=OPEN_SITES)
    drive(store, "C-DUBLIN", TO_TRANSFER[:-2])  # registered: in the procedure, an AZC
    drive(store, "C-MINOR", made(13, unaccompanied=True))
    drive(store, "C-ADULT", made(30))
    return store


def site_events(store: EventStore) -> list[tuple[str, str]]:
    with read_transaction(store.engine) as conn:
        query = (
            select(events.c.case_id, events.c.type)
            .where(events.c.stream_type == SITE, events.c.type.like("household_%"))
            .order_by(events.c.id)
        )
        return [(r.case_id, r.type) for r in conn.execute(query)]

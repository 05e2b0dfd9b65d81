"""Reception sites as their own stream in the store (SQLite and PostgreSQL): appended,
projected to ``reception_sites``/``reception_units``, rebuilt, verified, exported and imported;
a refused event writes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from migrationpact.reception.sites import events as ev
from migrationpact.reception.sites.decide import SiteRefused
from migrationpact.store.database import read_transaction
from migrationpact.store.eventstore import EventStore
from migrationpact.store.projection_check import compare_projections
from migrationpact.store.reception_sites import SITE, read_sites
from migrationpact.store.tables import events, reception_sites, reception_units
from migrationpact.store.transfer import export_events, import_events, signed
from tests.integration.conftest import open_test_store
from tests.integration.store.flows import EXPORT_KEY
from tests.support.tamper import tamper

AT = datetime(2026, 7, 1, 9, 0)
HISTORY: list[Any] = [
    ev.SiteRegistered(occurred_at=AT, name="Ter Apel", municipality="GM1950", location_type="COL"),
    ev.SiteOpened(occurred_at=AT, opens_on=date(2026, 7, 1)),
    ev.UnitAdded(
        occurred_at=AT, unit_id="A", capacity=500, attributes=ev.UnitAttributes(single_adults=True)
    ),
    ev.UnitAdded(
        occurred_at=AT,
        unit_id="F",
        capacity=300,
        attributes=ev.UnitAttributes(families=True, accessible=True),
    ),
    ev.UnitOccupancyCounted(occurred_at=AT, unit_id="A", occupied=420),
    ev.MunicipalConsentRecorded(
        occurred_at=AT, status="granted", requested_on=date(2016, 1, 4), decided_on=date(2016, 3, 1)
    ),
]


def _record(store: EventStore, site_id: str, history: list[Any]) -> None:
    for seq, event in enumerate(history):
        store.append(
            case_id=site_id, event=event, expected_seq=seq, idempotency_key=None,
            actor="coa-planner", organisation="COA", stream_type=SITE,
        )  # fmt: skip


def _rows(store: EventStore) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    with read_transaction(store.engine) as conn:
        query = select(reception_sites).order_by(reception_sites.c.site_id)
        sites = [dict(r._mapping) for r in conn.execute(query)]
        units = [
            dict(r._mapping)
            for r in conn.execute(
                select(reception_units).order_by(
                    reception_units.c.site_id, reception_units.c.unit_id
                )
            )
        ]
    return sites, units


def test_site_events_are_projected_to_their_tables(store: EventStore) -> None:
    _record(store, "TA-COL", HISTORY)
    sites, units = _rows(store)
    assert len(sites) == 1
    site = sites[0]
    assert (site["site_id"], site["municipality"], site["location_type"], site["status"]) == (
        "TA-COL", "GM1950", "COL", "open",
    )  # fmt: skip
    assert (site["capacity"], site["occupied"], site["consent_status"], site["seq"]) == (
        800, 420, "granted", 6,
    )  # fmt: skip
    assert [(u["unit_id"], u["capacity"], u["occupied"], u["families"]) for u in units] == [
        ("A", 500, 420, False),
        ("F", 300, 0, True),
    ]
    listed = read_sites(store.engine, location_type="COL")
    assert [s.site["site_id"] for s in listed] == ["TA-COL"]
    assert read_sites(store.engine, location_type="AZC") == []


def test_a_refused_event_writes_nothing(store: EventStore) -> None:
    _record(store, "TA-COL", HISTORY)
    before = _rows(store)
    with pytest.raises(SiteRefused, match="cannot shrink to 100 places: 420 people live there"):
        store.append(
            case_id="TA-COL",
            event=ev.UnitCapacityChanged(occurred_at=AT, unit_id="A", capacity=100),
            expected_seq=6, idempotency_key=None, actor="coa-planner", organisation="COA",
            stream_type=SITE,
        )  # fmt: skip
    with pytest.raises(SiteRefused, match="site NOPE is not registered"):
        store.append(
            case_id="NOPE", event=HISTORY[1], expected_seq=0, idempotency_key=None,
            actor="coa-planner", organisation="COA", stream_type=SITE,
        )  # fmt: skip
    assert _rows(store) == before
    with read_transaction(store.engine) as conn:
        assert (
            len(list(conn.execute(select(events.c.seq).where(events.c.stream_type == SITE)))) == 6
        )


def test_rebuild_verify_export_and_import_carry_the_sites(
    store: EventStore, make_db: Callable[[], str]
) -> None:
    _record(store, "TA-COL", HISTORY)
    _record(store, "AZC-ZEV", [
        ev.SiteRegistered(occurred_at=AT, name="AZC Zevenaar", municipality="GM0299",
                          location_type="AZC"),
        ev.UnitAdded(occurred_at=AT, unit_id="K", capacity=20,
                     attributes=ev.UnitAttributes(uam=True, age_min=15, age_max=17)),
    ])  # fmt: skip
    before = _rows(store)
    store.rebuild(workers=1)
    assert _rows(store) == before
    assert compare_projections(store.engine, store.law).ok
    assert store.verify().ok
    lines = [json.dumps(line) for line in export_events(store=store)]
    assert sum(f'"stream_type": "{SITE}"' in line for line in lines) == 8
    other = open_test_store(make_db())
    try:
        import_events(store=other, lines=signed(lines, EXPORT_KEY), key=EXPORT_KEY)
        assert _rows(other)[1] == before[1]
        assert other.stream_state(SITE, "TA-COL") == store.stream_state(SITE, "TA-COL")
    finally:
        other.engine.dispose()
    tamper(
        store.engine,
        "UPDATE events SET payload = :p WHERE stream_type = :k AND seq = 3",
        p=json.dumps({"unit_id": "A", "capacity": 5000, "attributes": {}}),
        k=SITE,
    )
    broken = store.verify().broken
    assert broken is not None
    assert broken.case_id in ("AZC-ZEV", "TA-COL")

"""The sites import as a use case: a site another writer changed meanwhile refuses the whole
import, nothing written (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.services import reception_sites
from migrationpact.services.errors import Forbidden, StaleCase
from migrationpact.store.eventstore import EventStore
from migrationpact.store.reception_sites import SITE

PLANNER = Principal(subject="coa-1", name="P", organisation=Organisation.COA, role=Role.PLANNER)
FILE: dict[str, Any] = {
    "sites": [
        {"id": "S1", "name": "AZC Assen", "municipality": "GM0106", "location_type": "AZC",
         "units": [{"id": "A", "capacity": 300, "attributes": {"families": True}}]},
        {"id": "S2", "name": "AZC Emmen", "municipality": "GM0114", "location_type": "AZC"},
    ]
}  # fmt: skip


def test_a_site_changed_meanwhile_refuses_the_whole_import(
    store: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    reception_sites.import_sites(store=store, principal=PLANNER, data={"sites": FILE["sites"][:1]})
    stored = store.records("S1", stream_type=SITE)
    monkeypatch.setattr(reception_sites, "read_site_states", lambda engine, ids: {})  # stale read
    with pytest.raises(StaleCase, match="site S1 was changed by another writer"):
        reception_sites.import_sites(store=store, principal=PLANNER, data=FILE)
    assert store.records("S1", stream_type=SITE) == stored
    assert store.records("S2", stream_type=SITE) == []


def test_a_kmar_officer_may_neither_import_nor_list(store: EventStore) -> None:
    kmar = Principal(subject="k", name="K", organisation=Organisation.KMAR, role=Role.CASEWORKER)
    with pytest.raises(Forbidden, match=r"KMar caseworker may not reception\.sites\.write"):
        reception_sites.import_sites(store=store, principal=kmar, data=FILE)
    with pytest.raises(Forbidden, match=r"KMar caseworker may not reception\.sites\.read"):
        reception_sites.list_sites(store=store, principal=kmar)


def test_a_site_manager_imports_changes_to_their_own_sites_only(store: EventStore) -> None:
    reception_sites.import_sites(store=store, principal=PLANNER, data=FILE)
    manager = Principal(subject="m", name="M", organisation=Organisation.COA,
                        role=Role.SITE_MANAGER, sites=frozenset({"S1"}))  # fmt: skip
    grown = {**FILE["sites"][0], "units": [{"id": "A", "capacity": 320,
                                            "attributes": {"families": True}}]}  # fmt: skip
    other = {**FILE["sites"][1], "units": [{"id": "B", "capacity": 40}]}
    before = store.records("S1", stream_type=SITE)
    with pytest.raises(Forbidden, match="does not manage site S2"):
        reception_sites.import_sites(store=store, principal=manager, data={"sites": [grown, other]})
    assert store.records("S1", stream_type=SITE) == before  # all or nothing
    # the whole file, of which only their own site changed, is theirs to import
    done = reception_sites.import_sites(
        store=store, principal=manager, data={"sites": [grown, FILE["sites"][1]]}
    )
    assert done.changed == ("S1",)

"""A few reception sites for the reception pages' tests, imported as a COA planner."""

from __future__ import annotations

from typing import Any

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.services.reception_sites import import_sites
from migrationpact.store.eventstore import EventStore

PLANNER = Principal(subject="coa", name="C", organisation=Organisation.COA, role=Role.PLANNER)
SITES: dict[str, Any] = {
    "sites": [
        {"id": "AZC-ASSEN", "name": "AZC Assen", "municipality": "GM0106", "location_type": "AZC",
         "opens_on": "2020-01-01",
         "consent": {"status": "granted", "requested_on": "2019-03-01",
                     "decided_on": "2019-06-03"},
         "admission_rules": {"agreed_on": "2019-06-03", "max_residents": 70,
                             "target_groups": ["families", "single-adults"]},
         "units": [
             {"id": "A", "capacity": 50, "occupied": 20,
              "attributes": {"single_adults": True, "accessible": True}},
             {"id": "K2", "capacity": 8, "occupied": 3,
              "attributes": {"uam": True, "age_min": 15, "age_max": 17}},
         ]},
        {"id": "DOL-EMMEN", "name": "Dublinonderdaklocatie Emmen", "municipality": "GM0114",
         "location_type": "DOL",
         "consent": {"status": "requested", "requested_on": "2026-01-05"},
         "units": [{"id": "A", "capacity": 20, "attributes": {"single_adults": True}}]},
    ]
}  # fmt: skip


def add_sites(store: EventStore) -> None:
    import_sites(store=store, principal=PLANNER, data=SITES)

"""A sites file becomes exactly the events of what changed; a bad file fails as a whole."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from migrationpact.reception.sites.decide import SiteRefused, decide_site, initial_site
from migrationpact.reception.sites.importing import plan_import, read_sites_file
from migrationpact.reception.sites.state import SiteState

AT = datetime(2026, 12, 5, 10, 0)


def site(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "AZC-ZEV",
        "name": "AZC Zevenaar",
        "municipality": "GM0299",
        "location_type": "AZC",
        "opens_on": "2026-07-01",
        "consent": {"status": "granted", "requested_on": "2026-01-05", "decided_on": "2026-03-01"},
        "units": [
            {"id": "A", "capacity": 200, "attributes": {"families": True}},
            {"id": "B", "capacity": 100, "attributes": {"single_adults": True}, "occupied": 60},
        ],
    }
    return {**base, **changes}


def stored(data: dict[str, Any]) -> dict[str, SiteState]:
    """The states a first import of ``data`` leaves."""
    states: dict[str, SiteState] = {}
    for site_id, _, events in plan_import(read_sites_file(data), {}, AT):
        state = initial_site(site_id)
        for event in events:
            state = decide_site(state, event)
        states[site_id] = state
    return states


def types(plan: list[tuple[str, int, list[Any]]]) -> list[list[str]]:
    return [[e.type for e in events] for _, _, events in plan]


def test_a_new_site_is_registered_with_everything_it_has() -> None:
    plan = plan_import(read_sites_file({"sites": [site()]}), {}, AT)
    assert types(plan) == [
        ["site_registered", "site_opened", "municipal_consent_recorded", "unit_added",
         "unit_added", "unit_occupancy_counted"],
    ]  # fmt: skip
    assert plan[0][1] == 0


def test_the_same_file_again_plans_nothing() -> None:
    data = {"sites": [site()]}
    assert plan_import(read_sites_file(data), stored(data), AT) == []


def test_only_what_changed_becomes_an_event() -> None:
    before = stored({"sites": [site()]})
    changed = site(units=[
        {"id": "A", "capacity": 250, "attributes": {"families": True, "accessible": True}},
        {"id": "B", "capacity": 50, "attributes": {"single_adults": True}, "occupied": 45},
        {"id": "C", "capacity": 20, "attributes": {"uam": True, "age_min": 15, "age_max": 17}},
    ])  # fmt: skip
    plan = plan_import(read_sites_file({"sites": [changed]}), before, AT)
    assert types(plan) == [
        ["unit_attributes_changed", "unit_capacity_changed", "unit_occupancy_counted",
         "unit_capacity_changed", "unit_added"],
    ]  # fmt: skip
    assert plan[0][1] == before["AZC-ZEV"].seq


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"sites": [site(municipality="GM9999")]}, "GM9999 is not a CBS municipality code"),
        ({"sites": [site(location_type="HOTEL")]}, "unknown location type 'HOTEL'"),
        ({"sites": [site(), site()]}, "site listed twice: AZC-ZEV"),
        (
            {"sites": [site(units=[{"id": "A", "capacity": -3}])]},
            r"sites\[0\] \(id AZC-ZEV\)\.units\[0\] \(id A\)\.capacity",
        ),
        (
            {"sites": [site(units=[{"id": "A", "capacity": 3, "occupied": 9}])]},
            "9 people exceed its capacity",
        ),
        ({"site": []}, "sites: Field required"),
    ],
)
def test_a_bad_file_is_refused_before_any_event(data: dict[str, Any], message: str) -> None:
    with pytest.raises(SiteRefused, match=message):
        plan_import(read_sites_file(data), {}, AT)


def test_an_import_does_not_change_a_registration() -> None:
    before = stored({"sites": [site()]})
    with pytest.raises(SiteRefused, match="municipality 'GM0202' differs from the registered"):
        plan_import(read_sites_file({"sites": [site(municipality="GM0202")]}), before, AT)


def test_shrinking_below_the_people_counted_is_refused() -> None:
    before = stored({"sites": [site()]})
    shrunk = site(units=[{"id": "B", "capacity": 10, "attributes": {"single_adults": True}}])
    with pytest.raises(SiteRefused, match="cannot shrink to 10 places: 60 people live there"):
        plan_import(read_sites_file({"sites": [shrunk]}), before, AT)

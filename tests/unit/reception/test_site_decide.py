"""The rules of a site's stream: every refusal of ``decide_site``, and what an accepted event
changes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from migrationpact.reception.sites import events as ev
from migrationpact.reception.sites.decide import SiteRefused, decide_site, initial_site
from migrationpact.reception.sites.state import SiteState

AT = datetime(2026, 7, 1, 9, 0)
FAMILIES = ev.UnitAttributes(families=True, accessible=True)


def run(*events: Any, site: str = "AZC-1") -> SiteState:
    state = initial_site(site)
    for event in events:
        state = decide_site(state, event)
    return state


REGISTERED = ev.SiteRegistered(occurred_at=AT, name="AZC Zevenaar", municipality="GM0299",
                               location_type="AZC")  # fmt: skip
OPENED = ev.SiteOpened(occurred_at=AT, opens_on=date(2026, 7, 1))
UNIT_A = ev.UnitAdded(occurred_at=AT, unit_id="A", capacity=100, attributes=FAMILIES)
COUNTED_40 = ev.UnitOccupancyCounted(occurred_at=AT, unit_id="A", occupied=40)


def test_an_accepted_history_adds_up() -> None:
    state = run(REGISTERED, OPENED, UNIT_A, COUNTED_40)
    assert state.seq == 4
    assert (state.status, state.opened_on, state.municipality) == (
        "open",
        date(2026, 7, 1),
        "GM0299",
    )
    assert state.capacity == 100
    assert state.occupied == 40
    unit = state.unit("A")
    assert unit is not None
    assert unit.attributes == FAMILIES


@pytest.mark.parametrize(
    ("history", "event", "message"),
    [
        ((), OPENED, "site AZC-1 is not registered"),
        ((), UNIT_A, "site AZC-1 is not registered"),
        ((REGISTERED,), REGISTERED, "registered already"),
        ((REGISTERED, OPENED), OPENED, "open already"),
        ((REGISTERED, UNIT_A), UNIT_A, "has a unit A already"),
        (
            (REGISTERED,),
            ev.UnitCapacityChanged(occurred_at=AT, unit_id="B", capacity=5),
            "site AZC-1 has no unit B",
        ),
        (
            (REGISTERED, UNIT_A, COUNTED_40),
            ev.UnitCapacityChanged(occurred_at=AT, unit_id="A", capacity=39),
            "cannot shrink to 39 places: 40 people live there",
        ),
        (
            (REGISTERED, UNIT_A),
            ev.UnitCapacityChanged(occurred_at=AT, unit_id="A", capacity=100),
            "has 100 places already",
        ),
        (
            (REGISTERED, UNIT_A),
            ev.UnitAttributesChanged(occurred_at=AT, unit_id="A", attributes=FAMILIES),
            "has these attributes already",
        ),
        (
            (REGISTERED, UNIT_A),
            ev.UnitOccupancyCounted(occurred_at=AT, unit_id="A", occupied=101),
            "101 people exceed its capacity",
        ),
        (
            (REGISTERED, UNIT_A, COUNTED_40),
            ev.UnitClosed(occurred_at=AT, unit_id="A"),
            "cannot close: 40 people live there",
        ),
        (
            (REGISTERED, UNIT_A, ev.UnitClosed(occurred_at=AT, unit_id="A")),
            ev.UnitClosed(occurred_at=AT, unit_id="A"),
            "unit A of site AZC-1 is closed",
        ),
        (
            (REGISTERED, ev.SiteClosed(occurred_at=AT, closes_on=date(2026, 8, 1))),
            ev.SiteClosed(occurred_at=AT, closes_on=date(2026, 9, 1)),
            "site AZC-1 is closed; it takes no more changes",
        ),
        (
            (REGISTERED, OPENED),
            ev.SiteClosed(occurred_at=AT, closes_on=date(2026, 6, 30)),
            "before it opened",
        ),
        (
            (REGISTERED, UNIT_A, COUNTED_40),
            ev.SiteClosed(occurred_at=AT, closes_on=date(2026, 9, 1)),
            "40 people still live there",
        ),
        (
            (REGISTERED,),
            ev.MunicipalConsentRecorded(
                occurred_at=AT, status="expired", requested_on=date(2026, 1, 1)
            ),
            "consent cannot become expired after no consent recorded",
        ),
        (
            (
                REGISTERED,
                ev.MunicipalConsentRecorded(
                    occurred_at=AT,
                    status="refused",
                    requested_on=date(2026, 1, 1),
                    decided_on=date(2026, 2, 1),
                ),
            ),
            ev.MunicipalConsentRecorded(
                occurred_at=AT,
                status="granted",
                requested_on=date(2026, 1, 1),
                decided_on=date(2026, 3, 1),
            ),
            "consent cannot become granted after refused",
        ),
    ],
)
def test_each_refusal_names_its_rule(history: tuple[Any, ...], event: Any, message: str) -> None:
    state = run(*history)
    with pytest.raises(SiteRefused, match=message):
        decide_site(state, event)


def test_registration_needs_a_cbs_code_and_a_known_location_type() -> None:
    with pytest.raises(SiteRefused, match="GM9999 is not a CBS municipality code"):
        run(REGISTERED.model_copy(update={"municipality": "GM9999"}))
    with pytest.raises(SiteRefused, match="unknown location type 'HOTEL'"):
        run(REGISTERED.model_copy(update={"location_type": "HOTEL"}))
    # the regimes take effect on 12 June 2026: a registration before that knows no types
    with pytest.raises(SiteRefused, match="unknown location type 'AZC'"):
        run(REGISTERED.model_copy(update={"occurred_at": datetime(2026, 6, 11, 9)}))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"type": "unit_added", "unit_id": "A", "capacity": -1},
            "capacity: Input should be greater",
        ),
        (
            {"type": "unit_added", "unit_id": "A", "capacity": 5, "attributes": {"uam": True}},
            "needs age_min and age_max",
        ),
        (
            {
                "type": "unit_added",
                "unit_id": "A",
                "capacity": 5,
                "attributes": {"uam": True, "age_min": 16, "age_max": 12},
            },
            "age_min is above age_max",
        ),
        (
            {
                "type": "unit_added",
                "unit_id": "A",
                "capacity": 5,
                "attributes": {"families": True, "age_min": 1, "age_max": 5},
            },
            "belong to units for",
        ),
        (
            {
                "type": "site_registered",
                "name": "X",
                "municipality": "Amsterdam",
                "location_type": "AZC",
            },
            "municipality: String should match",
        ),
        (
            {
                "type": "municipal_consent_recorded",
                "status": "granted",
                "requested_on": "2026-01-01",
            },
            "needs decided_on",
        ),
        (
            {
                "type": "municipal_consent_recorded",
                "status": "refused",
                "requested_on": "2026-02-01",
                "decided_on": "2026-01-01",
            },
            "decided_on lies before requested_on",
        ),
        ({"type": "site_exploded"}, "does not match any of the expected tags"),
    ],
)
def test_malformed_events_are_refused_when_read(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ev.SiteEventError, match=message):
        ev.parse_site_event({**data, "occurred_at": "2026-07-01T09:00"})


@given(st.lists(st.integers(min_value=0, max_value=300), min_size=1, max_size=12))
def test_capacity_never_falls_below_the_people_counted(steps: list[int]) -> None:
    """Whatever capacities and counts arrive, the accepted state keeps occupied ≤ capacity."""
    state = run(REGISTERED, UNIT_A)
    for i, n in enumerate(steps):
        event: Any = (
            ev.UnitCapacityChanged(occurred_at=AT, unit_id="A", capacity=n)
            if i % 2
            else ev.UnitOccupancyCounted(occurred_at=AT, unit_id="A", occupied=n)
        )
        try:
            state = decide_site(state, event)
        except SiteRefused:
            continue
        unit = state.unit("A")
        assert unit is not None
        assert unit.occupied <= unit.capacity


def test_events_survive_their_stored_form() -> None:
    for event in (REGISTERED, OPENED, UNIT_A, COUNTED_40):
        assert ev.join_site_event(*ev.split_site_event(event)) == event

"""A site's coordinates: the ``site_located`` event, its checks, and the sites file's field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from migrationpact.law.geo import NETHERLANDS
from migrationpact.reception.sites import events as ev
from migrationpact.reception.sites.decide import SiteRefused, decide_site, initial_site
from migrationpact.reception.sites.importing import plan_import, read_sites_file
from migrationpact.reception.sites.state import SiteState, from_document, to_document

AT = datetime(2026, 7, 1, 9, 0)
REGISTERED = ev.SiteRegistered(occurred_at=AT, name="AZC Zevenaar", municipality="GM0299",
                               location_type="AZC")  # fmt: skip


def located(latitude: float, longitude: float) -> Any:
    return ev.parse_site_event({"type": "site_located", "occurred_at": "2026-07-01T09:00",
                                "latitude": latitude, "longitude": longitude})  # fmt: skip


def run(*events: Any) -> SiteState:
    state = initial_site("AZC-ZEV")
    for event in events:
        state = decide_site(state, event)
    return state


def test_a_site_is_located_and_moved() -> None:
    state = run(REGISTERED, located(51.93, 6.07))
    assert state.coordinates == (51.93, 6.07)
    state = decide_site(state, located(51.92, 6.08))
    assert (state.coordinates, state.seq) == ((51.92, 6.08), 3)
    assert from_document(to_document(state)) == state


def test_a_stored_site_without_coordinates_reads_with_none() -> None:
    document = to_document(run(REGISTERED))
    del document["coordinates"]
    assert from_document(document).coordinates is None


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [
        (91.0, 6.07, "latitude: Input should be less than or equal to 90"),
        (-90.5, 6.07, "latitude: Input should be greater than or equal to -90"),
        (51.93, 181.0, "longitude: Input should be less than or equal to 180"),
    ],
)
def test_coordinates_out_of_range_are_refused_when_read(
    latitude: float, longitude: float, message: str
) -> None:
    with pytest.raises(ev.SiteEventError, match=message):
        located(latitude, longitude)


@pytest.mark.parametrize(
    "point",
    [(6.07, 51.93), (48.85, 2.35), (52.52, 13.40)],
    ids=["swapped", "Paris", "Berlin"],
)
def test_a_site_outside_the_netherlands_is_refused(point: tuple[float, float]) -> None:
    with pytest.raises(SiteRefused, match="outside the Netherlands"):
        run(REGISTERED, located(*point))


def test_the_same_place_twice_and_an_unregistered_site_are_refused() -> None:
    with pytest.raises(SiteRefused, match="located there already"):
        run(REGISTERED, located(51.93, 6.07), located(51.93, 6.07))
    with pytest.raises(SiteRefused, match="not registered"):
        run(located(51.93, 6.07))


# --- the sites file ---------------------------------------------------------------------------


def sites_file(**changes: Any) -> dict[str, Any]:
    site = {"id": "AZC-ZEV", "name": "AZC Zevenaar", "municipality": "GM0299",
            "location_type": "AZC", "opens_on": "2026-07-01",
            "units": [{"id": "A", "capacity": 10}], **changes}  # fmt: skip
    return {"sites": [site]}


def imported(data: dict[str, Any], states: dict[str, SiteState] | None = None) -> list[Any]:
    return [e for _, _, events in plan_import(read_sites_file(data), states or {}, AT)
            for e in events]  # fmt: skip


def test_the_file_locates_a_site_once_and_again_only_when_it_moves() -> None:
    events = imported(sites_file(coordinates=[51.93, 6.07]))
    assert [e.type for e in events] == ["site_registered", "site_located", "site_opened",
                                        "unit_added"]  # fmt: skip
    state = run(*events)
    assert state.coordinates == (51.93, 6.07)
    assert state.opened_on == date(2026, 7, 1)
    assert imported(sites_file(coordinates=[51.93, 6.07]), {"AZC-ZEV": state}) == []
    moved = imported(sites_file(coordinates=[51.95, 6.05]), {"AZC-ZEV": state})
    assert [(e.type, e.latitude, e.longitude) for e in moved] == [("site_located", 51.95, 6.05)]
    # a file without coordinates leaves them as they are
    assert imported(sites_file(), {"AZC-ZEV": state}) == []


def test_a_file_with_bad_coordinates_fails_whole_naming_the_site() -> None:
    message = (
        r"sites\[0\] \(id AZC-ZEV\)\.coordinates\[0\]: Input should be less than or equal to 90"
    )
    with pytest.raises(SiteRefused, match=message):
        read_sites_file(sites_file(coordinates=[95, 6.07]))
    good = {"id": "AZC-B", "name": "B", "municipality": "GM0299", "location_type": "AZC"}
    data = sites_file(coordinates=[6.07, 51.93])
    data["sites"].insert(0, good)
    with pytest.raises(SiteRefused, match=r"AZC-ZEV: coordinates 6\.07, 51\.93 lie outside"):
        imported(data)  # the good site before it is not planned either: nothing is returned


@given(
    latitude=st.floats(min_value=-90, max_value=90, allow_nan=False),
    longitude=st.floats(min_value=-180, max_value=180, allow_nan=False),
)
def test_any_point_is_read_and_kept_exactly_when_it_lies_in_the_netherlands(
    latitude: float, longitude: float
) -> None:
    event = located(latitude, longitude)  # every point in range is read
    (south, west), (north, east) = NETHERLANDS
    inside = south <= latitude <= north and west <= longitude <= east
    try:
        state = run(REGISTERED, event)
    except SiteRefused:
        assert not inside
    else:
        assert inside
        assert state.coordinates == (latitude, longitude)


@given(st.floats(allow_nan=False).filter(lambda x: abs(x) > 180))
def test_any_longitude_beyond_180_degrees_is_refused(longitude: float) -> None:
    with pytest.raises(ev.SiteEventError, match="longitude"):
        located(52.0, longitude)

"""Occupancy over time: a small site history folded by hand, which date counts, the grouping and
the emergency share; and, for any history, residents never above places and the groups adding
up to the sites."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.reception.occupancy import (
    emergency_share,
    points,
    site_on,
    the_days,
    totals,
)
from migrationpact.reception.sites import events as ev


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour)


def registered(kind: str = "AZC", day: str = "2026-07-01") -> ev.SiteRegistered:
    return ev.SiteRegistered(occurred_at=at(day), name="X", municipality="GM0299",
                             location_type=kind)  # fmt: skip


def added(unit: str, capacity: int, day: str = "2026-07-01") -> ev.UnitAdded:
    return ev.UnitAdded(occurred_at=at(day), unit_id=unit, capacity=capacity)


def counted(unit: str, occupied: int, day: str) -> ev.UnitOccupancyCounted:
    return ev.UnitOccupancyCounted(occurred_at=at(day), unit_id=unit, occupied=occupied)


#: AZC opened on 6 July with two units; counted on 10 July and 1 August; unit B grows on
#: 15 August; counted to nobody and closed on 20 September (recorded on 1 September, ahead).
AZC: list[Any] = [
    registered(),
    ev.SiteOpened(occurred_at=at("2026-07-01"), opens_on=date(2026, 7, 6)),
    added("A", 100),
    added("B", 50),
    counted("A", 80, "2026-07-10"),
    counted("B", 20, "2026-07-10"),
    counted("A", 90, "2026-08-01"),
    ev.UnitCapacityChanged(occurred_at=at("2026-08-15"), unit_id="B", capacity=70),
    counted("A", 0, "2026-09-01"),
    counted("B", 0, "2026-09-01"),
    ev.SiteClosed(occurred_at=at("2026-09-01", 10), closes_on=date(2026, 9, 20)),
]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-06-30", None),  # nothing recorded yet
        ("2026-07-05", None),  # registered, opening ahead
        ("2026-07-06", (150, 0)),  # open: places, nobody counted
        ("2026-07-10", (150, 100)),  # a count counts from its own day
        ("2026-08-14", (150, 110)),
        ("2026-08-15", (170, 110)),
        ("2026-09-19", (170, 0)),  # closing recorded ahead: still in use, empty
        ("2026-09-20", None),  # closed from its closes_on
    ],
)
def test_a_hand_worked_history(day: str, expected: tuple[int, int] | None) -> None:
    state = site_on(AZC, date.fromisoformat(day))
    found = None if state is None else (state.capacity, state.occupied)
    assert found == expected


def test_an_event_dated_before_an_earlier_recorded_one_counts_from_the_later_day() -> None:
    # seq order wins: the count dated 8 July comes after one dated 20 July in the stream
    stream = [*AZC[:4], counted("A", 30, "2026-07-20"), counted("A", 10, "2026-07-08")]
    assert site_on(stream, date(2026, 7, 9)).occupied == 0  # type: ignore[union-attr]
    assert site_on(stream, date(2026, 7, 20)).occupied == 10  # type: ignore[union-attr]


def test_points_group_by_type_regime_and_site_and_the_emergency_share() -> None:
    hall = [
        registered("NOODOPVANG"),
        ev.SiteOpened(occurred_at=at("2026-07-01"), opens_on=date(2026, 8, 1)),
        added("H", 300),
        counted("H", 250, "2026-08-03"),
    ]
    days = [date(2026, 7, 31), date(2026, 8, 31)]
    found = points({"AZC-1": AZC, "NOOD-1": hall}, days)
    assert [(p.day, p.site_id, p.capacity, p.occupied) for p in found] == [
        (date(2026, 7, 31), "AZC-1", 150, 100),
        (date(2026, 8, 31), "AZC-1", 170, 110),
        (date(2026, 8, 31), "NOOD-1", 300, 250),
    ]
    by_regime = {(t.day, t.group): (t.capacity, t.occupied) for t in totals(found, "regime")}
    assert by_regime == {
        (date(2026, 7, 31), "regular/full"): (150, 100),
        (date(2026, 8, 31), "regular/full"): (170, 110),
        (date(2026, 8, 31), "emergency/in-kind"): (300, 250),
    }
    shares = emergency_share(found, days=[date(2026, 6, 30), *days])
    assert [(s.day, s.capacity_share, s.occupied_share) for s in shares] == [
        (date(2026, 6, 30), None, None),  # nothing in use: no share
        (date(2026, 7, 31), 0.0, 0.0),
        (date(2026, 8, 31), round(300 / 470, 4), round(250 / 360, 4)),
    ]
    with pytest.raises(ValueError, match="by must be one of site, type, regime"):
        totals(found, "municipality")


def test_the_days_of_a_range() -> None:
    assert the_days(date(2026, 11, 25), date(2026, 12, 1), "week") == [
        date(2026, 11, 29),
        date(2026, 12, 1),
    ]
    assert len(the_days(date(2026, 2, 1), date(2026, 2, 28), "day")) == 28
    assert the_days(date(2026, 1, 31), date(2026, 3, 31), "month") == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
    ]
    with pytest.raises(ValueError, match="lies after"):
        the_days(date(2026, 3, 2), date(2026, 3, 1), "day")
    with pytest.raises(ValueError, match="every must be one of"):
        the_days(date(2026, 3, 1), date(2026, 3, 2), "fortnight")


KINDS = ("AZC", "COL", "NOODOPVANG", "CRISISNOODOPVANG", "DOL")


@st.composite
def site_streams(draw: st.DrawFn) -> list[Any]:
    """A stream the site's rules accept: registered, opened, units added, then counts and
    capacity changes that keep residents within places, on days from 1 July 2026."""
    start = date(2026, 7, 1)
    stream: list[Any] = [registered(draw(st.sampled_from(KINDS)), start.isoformat())]
    opens = start + timedelta(days=draw(st.integers(0, 40)))
    stream.append(ev.SiteOpened(occurred_at=at(start.isoformat()), opens_on=opens))
    units = {f"U{n}": draw(st.integers(0, 200)) for n in range(draw(st.integers(1, 3)))}
    stream += [added(u, c, start.isoformat()) for u, c in units.items()]
    occupied = dict.fromkeys(units, 0)
    day = start
    for _ in range(draw(st.integers(0, 12))):
        day += timedelta(days=draw(st.integers(0, 15)))
        unit = draw(st.sampled_from(sorted(units)))
        if draw(st.booleans()):
            new = draw(st.integers(0, units[unit]))
            if new != occupied[unit]:
                occupied[unit] = new
                stream.append(counted(unit, new, day.isoformat()))
        else:
            new = draw(st.integers(occupied[unit], 300))
            if new != units[unit]:
                units[unit] = new
                stream.append(ev.UnitCapacityChanged(occurred_at=at(day.isoformat()),
                                                     unit_id=unit, capacity=new))  # fmt: skip
    return stream


@settings(max_examples=60, deadline=None)
@given(st.lists(site_streams(), min_size=1, max_size=5))
def test_any_history_keeps_residents_within_places_and_its_groups_add_up(
    streams: list[list[Any]],
) -> None:
    by_id = {f"S{n}": s for n, s in enumerate(streams)}
    days = the_days(date(2026, 7, 1), date(2026, 11, 30), "week")
    found = points(by_id, days)
    assert all(p.occupied <= p.capacity for p in found)
    sites = totals(found, "site")
    for by in ("type", "regime"):
        grouped = totals(found, by)
        for day in days:
            of_day = [t for t in grouped if t.day == day]
            assert sum(t.capacity for t in of_day) == sum(t.capacity for t in sites if t.day == day)
            assert sum(t.occupied for t in of_day) == sum(t.occupied for t in sites if t.day == day)
    for share in emergency_share(found, days=days):
        assert share.emergency_occupied <= share.occupied
        assert share.emergency_capacity <= share.capacity

"""Occupancy over time and the expected need as use cases, on SQLite and PostgreSQL: a small
recorded history read back by month, week and site, the emergency share, the need of the open
cases with its bases; who may ask; and bad input refused."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.law.periods.engine import add_months
from migrationpact.reception.sites import events as ev
from migrationpact.services.errors import Forbidden, Invalid
from migrationpact.services.reception_occupancy import (
    emergency_shares,
    expected_need,
    occupancy_history,
    site_occupancy,
)
from migrationpact.store.eventstore import EventStore, NewEvent
from migrationpact.store.reception_sites import SITE
from tests.integration.conftest import StepClock
from tests.integration.store.flows import drive
from tests.support.facts import PLAIN_FACTS

PLANNER = Principal(subject="coa-1", name="P", organisation=Organisation.COA, role=Role.PLANNER)
ANALYST = Principal(subject="a", name="A", organisation=Organisation.MINISTRY, role=Role.ANALYST)
KMAR = Principal(subject="k", name="K", organisation=Organisation.KMAR, role=Role.CASEWORKER)


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=9)


def site(kind: str, opens: str, capacity: int, counts: dict[str, int]) -> list[Any]:
    events: list[Any] = [
        ev.SiteRegistered(occurred_at=at("2026-07-01"), name=kind, municipality="GM0106",
                          location_type=kind),
        ev.SiteOpened(occurred_at=at("2026-07-01"), opens_on=date.fromisoformat(opens)),
        ev.UnitAdded(occurred_at=at("2026-07-01"), unit_id="A", capacity=capacity),
    ]  # fmt: skip
    events += [ev.UnitOccupancyCounted(occurred_at=at(d), unit_id="A", occupied=n)
               for d, n in counts.items()]  # fmt: skip
    return events


@pytest.fixture
def world(store: EventStore) -> EventStore:
    store.clock = StepClock(datetime(2026, 9, 30, 8))
    streams = {
        "AZC-1": site("AZC", "2026-07-06", 400, {"2026-07-10": 300, "2026-09-15": 360}),
        "NOOD-1": site("NOODOPVANG", "2026-08-15", 200, {"2026-08-20": 150}),
    }
    store.append_many([
        NewEvent(sid, event, seq, None, "coa-1", "COA", SITE)
        for sid, events in streams.items() for seq, event in enumerate(events)
    ])  # fmt: skip
    made = {"type": "application_made", "occurred_at": "2026-07-06T10:00",
            "entry": "in-territory", "facts": {**PLAIN_FACTS, "nationality": "SYR"}}  # fmt: skip
    registered = {"type": "application_registered", "occurred_at": "2026-07-08T09:00"}
    lodged = {"type": "application_lodged", "occurred_at": "2026-07-10T10:00"}
    drive(store, "C-1", [made, registered, lodged])
    drive(store, "C-2", [made])
    return store


def test_the_history_by_month_type_and_site_with_the_emergency_share(world: EventStore) -> None:
    history = occupancy_history(
        store=world, principal=PLANNER, start=date(2026, 7, 1), end=date(2026, 9, 30)
    )
    assert history.days == (date(2026, 7, 31), date(2026, 8, 31), date(2026, 9, 30))
    assert [(t.day.month, t.group, t.capacity, t.occupied) for t in history.totals] == [
        (7, "AZC", 400, 300),
        (8, "AZC", 400, 300),
        (8, "NOODOPVANG", 200, 150),
        (9, "AZC", 400, 360),
        (9, "NOODOPVANG", 200, 150),
    ]
    assert [(s.capacity_share, s.occupied_share) for s in history.shares] == [
        (0.0, 0.0),
        (round(200 / 600, 4), round(150 / 450, 4)),
        (round(200 / 600, 4), round(150 / 510, 4)),
    ]
    data = history.to_json()
    assert data["emergency_share"][1]["emergency_occupied"] == 150
    assert data["totals"][0] == {
        "day": "2026-07-31", "group": "AZC", "sites": 1, "capacity": 400, "occupied": 300,
    }  # fmt: skip
    shares = emergency_shares(store=world, principal=PLANNER, start=date(2026, 8, 1),
                              end=date(2026, 8, 31), every="week")  # fmt: skip
    assert [s.day for s in shares] == [date(2026, 8, d) for d in (2, 9, 16, 23, 30, 31)]
    assert [s.emergency_capacity for s in shares] == [0, 0, 200, 200, 200, 200]
    on_day = site_occupancy(store=world, principal=PLANNER, day=date(2026, 8, 20))
    assert [(t.group, t.occupied) for t in on_day] == [("AZC-1", 300), ("NOOD-1", 150)]


def test_the_default_range_is_six_months_to_today(world: EventStore) -> None:
    history = occupancy_history(store=world, principal=PLANNER, by="regime")
    assert (history.start, history.end) == (date(2026, 3, 30), date(2026, 9, 30))
    assert history.days[0] == date(2026, 3, 31)
    assert history.to_json()["from"] == "2026-03-30"
    assert {t.group for t in history.totals} == {"regular/full", "emergency/in-kind"}


def test_the_expected_need_of_the_open_cases(world: EventStore) -> None:
    need = expected_need(store=world, principal=ANALYST, months=12)
    assert need.today == date(2026, 9, 30)
    assert need.cases == 2
    assert [m.day for m in need.months][:2] == [date(2026, 9, 30), date(2026, 10, 1)]
    assert need.months[0].people == 2
    people = [m.people for m in need.months]
    assert people == sorted(people, reverse=True)
    assert people[-1] == 0
    bases = {b.key: b for b in need.bases}
    assert set(bases) == {"APR-13 + after_decision"}
    assert bases["APR-13 + after_decision"].citation == "APR Art. 35(4); APR Art. 35(6)"
    assert bases["APR-13 + after_decision"].then_length == "3 months"
    assert not bases["APR-13 + after_decision"].verified  # the assumption is not verified
    # C-1: lodged 10 July, its own APR-13 due date + 3 months; C-2 (not lodged): from making
    c1 = world.state("C-1")
    assert c1 is not None
    due = next(d.due for d in c1.deadlines if d.rule_id == "APR-13")
    ends = sorted([add_months(due, 3), add_months(date(2026, 7, 6), 9)])
    for month in need.months:
        assert month.people == sum(1 for end in ends if end >= month.day)
    assert need.to_json()["months"][0] == {
        "day": "2026-09-30", "people": 2, "by_basis": {"APR-13 + after_decision": 2},
    }  # fmt: skip


def test_who_may_ask(world: EventStore) -> None:
    with pytest.raises(Forbidden, match=r"KMar caseworker may not reception\.sites\.read"):
        occupancy_history(store=world, principal=KMAR)
    with pytest.raises(Forbidden, match=r"KMar caseworker may not reception\.need\.read"):
        expected_need(store=world, principal=KMAR)
    caseworker = Principal(subject="c", name="C", organisation=Organisation.COA,
                           role=Role.CASEWORKER)  # fmt: skip
    assert occupancy_history(store=world, principal=caseworker).totals
    with pytest.raises(Forbidden, match=r"may not reception\.need\.read"):
        expected_need(store=world, principal=caseworker)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"every": "fortnight"}, "every must be one of day, week, month"),
        ({"by": "municipality"}, "by must be one of site, type, regime"),
        ({"start": date(2026, 9, 2), "end": date(2026, 9, 1)}, "lies after the last"),
        ({"start": date(2020, 1, 1), "every": "day"}, "a history shows at most 1000"),
    ],
)
def test_bad_questions_are_refused(world: EventStore, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(Invalid, match=message):
        occupancy_history(store=world, principal=PLANNER, **kwargs)


@pytest.mark.parametrize("months", [0, 61])
def test_a_bad_number_of_months_is_refused(world: EventStore, months: int) -> None:
    with pytest.raises(Invalid, match="months must be from 1 to 60"):
        expected_need(store=world, principal=PLANNER, months=months)

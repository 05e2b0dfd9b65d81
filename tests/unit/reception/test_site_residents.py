"""Households placed at a site and leaving it: every refusal of ``decide_site`` for
``household_placed`` and ``household_left``, and the arithmetic of a unit's ``occupied`` (the
last count plus the persons placed there, never above the capacity)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.reception.sites import events as ev
from migrationpact.reception.sites.decide import SiteRefused, decide_site, initial_site
from migrationpact.reception.sites.importing import UnitSpec, plan_import, read_sites_file
from migrationpact.reception.sites.state import SiteState, from_document, to_document

AT = datetime(2026, 7, 1, 9, 0)
DAY = date(2026, 7, 1)
REGISTERED = ev.SiteRegistered(occurred_at=AT, name="AZC Zevenaar", municipality="GM0299",
                               location_type="AZC")  # fmt: skip
OPENED = ev.SiteOpened(occurred_at=AT, opens_on=DAY)
UNIT_A = ev.UnitAdded(occurred_at=AT, unit_id="A", capacity=5)
UNIT_B = ev.UnitAdded(occurred_at=AT, unit_id="B", capacity=3)


def run(*events: Any) -> SiteState:
    state = initial_site("AZC-1")
    for event in events:
        state = decide_site(state, event)
    return state


def placed(household: str, persons: int = 1, unit: str = "A", **more: Any) -> ev.HouseholdPlaced:
    fields: dict[str, Any] = {"cases": (household,), "placed_on": DAY, "basis": "proposal"}
    fields.update(more)
    return ev.HouseholdPlaced(
        occurred_at=AT, unit_id=unit, household=household, persons=persons, **fields
    )


def left(household: str, on: date = DAY, reason: Any = "moved") -> ev.HouseholdLeft:
    return ev.HouseholdLeft(occurred_at=AT, household=household, left_on=on, reason=reason)


def counted(n: int, unit: str = "A") -> ev.UnitOccupancyCounted:
    return ev.UnitOccupancyCounted(occurred_at=AT, unit_id=unit, occupied=n)


OPEN = (REGISTERED, OPENED, UNIT_A, UNIT_B)


def test_placing_adds_a_resident_and_its_persons_and_leaving_takes_them_off() -> None:
    state = run(*OPEN, counted(1), placed("C-1", 2, cases=("C-1", "C-2")))
    unit = state.unit("A")
    assert unit is not None
    assert unit.occupied == 3
    assert [(r.household, r.unit_id, r.cases, r.persons, r.since) for r in state.residents] == [
        ("C-1", "A", ("C-1", "C-2"), 2, DAY)
    ]
    after = decide_site(state, left("C-1", date(2026, 7, 9), "housed"))
    assert after.residents == ()
    assert after.unit("A").occupied == 1  # type: ignore[union-attr]
    assert after.seq == state.seq + 1


def test_a_count_is_of_the_people_not_placed_through_the_system() -> None:
    state = run(*OPEN, placed("C-1", 2), counted(3))
    assert state.unit("A").occupied == 5  # type: ignore[union-attr]
    with pytest.raises(SiteRefused, match="4 people counted and 2 placed exceed its capacity"):
        decide_site(state, counted(4))


@pytest.mark.parametrize(
    ("history", "event", "message"),
    [
        ((REGISTERED, UNIT_A), placed("C-1"), "site AZC-1 is not open"),
        (OPEN, placed("C-1", unit="Z"), "site AZC-1 has no unit Z"),
        (
            (*OPEN, ev.UnitClosed(occurred_at=AT, unit_id="B")),
            placed("C-1", unit="B"),
            "unit B of site AZC-1 is closed",
        ),
        (OPEN, placed("C-1", 6), "unit A of site AZC-1 has 5 free place"),
        ((*OPEN, counted(4)), placed("C-1", 2), "has 1 free place"),
        ((*OPEN, placed("C-1")), placed("C-1", unit="B"), "household C-1 lives at site AZC-1"),
        (
            (*OPEN, placed("C-1", cases=("C-1", "C-2"))),
            placed("family:9", unit="B", cases=("C-2",)),
            "case C-2 lives at site AZC-1 already",
        ),
        (OPEN, left("C-1"), "household C-1 does not live at site AZC-1"),
        ((*OPEN, placed("C-1")), left("C-1", date(2026, 6, 30)), "before it was placed"),
        (
            (*OPEN, placed("C-1")),
            ev.UnitCapacityChanged(occurred_at=AT, unit_id="A", capacity=0),
            "1 people live there",
        ),
        ((*OPEN, placed("C-1")), ev.UnitClosed(occurred_at=AT, unit_id="A"), "cannot close"),
        (
            (*OPEN, placed("C-1")),
            ev.SiteClosed(occurred_at=AT, closes_on=DAY),
            "1 people still live there",
        ),
    ],
)
def test_each_rule_refuses(history: tuple[Any, ...], event: Any, message: str) -> None:
    state = run(*history)
    with pytest.raises(SiteRefused, match=message):
        decide_site(state, event)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"basis": "override"}, "an override needs a reason"),
        ({"basis": "override", "reason": "  "}, "an override needs a reason"),
        ({"cases": ["C-1", "C-1"]}, "a case is named twice"),
        ({"cases": []}, "cases: Tuple should have at least 1 item"),
        ({"persons": 0}, "persons: Input should be greater than or equal to 1"),
        ({"basis": "guess"}, "basis: Input should be"),
    ],
)
def test_a_placement_without_its_facts_is_bad_input(data: dict[str, Any], message: str) -> None:
    event = {"type": "household_placed", "occurred_at": "2026-07-01T09:00", "unit_id": "A",
             "household": "C-1", "cases": ["C-1"], "persons": 1, "placed_on": "2026-07-01",
             "basis": "proposal", **data}  # fmt: skip
    with pytest.raises(ev.SiteEventError, match=message):
        ev.parse_site_event(event)


def test_a_leaving_reason_is_one_of_the_list() -> None:
    data = {"household": "C-1", "left_on": "2026-07-01", "reason": "bored"}
    with pytest.raises(ev.SiteEventError, match="reason: Input should be"):
        ev.parse_site_event({"type": "household_left", "occurred_at": "2026-07-01T09:00", **data})


def test_an_override_with_its_reason_round_trips() -> None:
    event = placed("family:G1", 3, cases=("C-1", "C-2"), basis="override", reason="near school")
    assert ev.join_site_event(*ev.split_site_event(event)) == event


def test_a_document_stored_before_placements_reads_with_no_residents() -> None:
    document = to_document(run(*OPEN, counted(2)))
    del document["residents"]
    assert from_document(document).residents == ()
    assert from_document(document).unit("A").occupied == 2  # type: ignore[union-attr]


def test_an_import_compares_its_count_with_the_people_not_placed() -> None:
    state = run(*OPEN, placed("C-1", 2), counted(1))
    spec: dict[str, Any] = {"id": "AZC-1", "name": "AZC Zevenaar", "municipality": "GM0299"}
    spec.update(location_type="AZC", units=[{"id": "A", "capacity": 5, "occupied": 1}])
    assert UnitSpec(id="A", capacity=5, occupied=1).occupied == 1
    assert plan_import(read_sites_file({"sites": [spec]}), {"AZC-1": state}, AT) == []
    spec["units"] = [{"id": "A", "capacity": 5, "occupied": 3}]
    [(_, _, events)] = plan_import(read_sites_file({"sites": [spec]}), {"AZC-1": state}, AT)
    assert events == [counted(3)]


STEP = st.one_of(
    st.tuples(st.just("place"), st.sampled_from("ABCDE"), st.integers(1, 4), st.sampled_from("AB")),
    st.tuples(st.just("leave"), st.sampled_from("ABCDE"), st.just(0), st.just("")),
    st.tuples(st.just("count"), st.just(""), st.integers(0, 5), st.sampled_from("AB")),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(STEP, max_size=25))
def test_any_history_keeps_occupied_the_count_plus_the_residents(steps: list[Any]) -> None:
    state = run(*OPEN)
    counts = {"A": 0, "B": 0}
    for kind, household, n, unit in steps:
        event: Any
        if kind == "place":
            event = placed(f"H-{household}", n, unit)
        elif kind == "leave":
            event = left(f"H-{household}")
        else:
            event = counted(n, unit)
        try:
            state = decide_site(state, event)
        except SiteRefused:
            continue
        if kind == "count":
            counts[unit] = n
    for u in state.units:
        persons = sum(r.persons for r in state.residents if r.unit_id == u.unit_id)
        assert u.occupied == counts[u.unit_id] + persons
        assert u.occupied <= u.capacity
    assert len({r.household for r in state.residents}) == len(state.residents)


def test_every_stay_is_kept_with_the_day_it_ended() -> None:
    second = date(2026, 7, 20)
    state = run(*OPEN, placed("C-1"), placed("C-2"), left("C-1", date(2026, 7, 9)),
                placed("C-1", placed_on=second))  # fmt: skip
    assert [(s.household, s.placed_on, s.left_on) for s in state.stays] == [
        ("C-1", DAY, date(2026, 7, 9)),
        ("C-2", DAY, None),
        ("C-1", second, None),
    ]
    assert from_document(to_document(state)) == state
    older = to_document(state)
    del older["stays"]  # a document stored before stays were kept
    assert from_document(older).stays == ()

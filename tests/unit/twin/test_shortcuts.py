"""The twin's short cuts give what the long way gives: events read once per content, the lapse
job skipped until the first open deadline has ended, no cycle collection during a replication."""

from __future__ import annotations

import gc
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.cases.eventbase import Event
from migrationpact.cases.events import EventError, parse_event
from migrationpact.cases.lapses import due_lapses
from migrationpact.cases.machine import decide
from migrationpact.cases.state import CaseState
from migrationpact.twin.case import Events, SimCase, _content
from migrationpact.twin.kernel import World, cycles_paused
from migrationpact.twin.lawbuild import build_law
from tests.unit.twin.helpers import small

FACTS: dict[str, Any] = {"nationality": "SYR", "age": 30, "unaccompanied": False}
MADE: dict[str, Any] = {"type": "application_made", "entry": "in-territory", "facts": FACTS}


@pytest.fixture(scope="module")
def world() -> World:
    scenario = small(per_month=30, months=3)
    world = World(scenario, build_law(scenario), seed=8, keep_events=True)
    world.run()
    return world


def test_an_event_read_again_is_the_event_parse_event_reads() -> None:
    events = Events()
    first, later = datetime(2026, 7, 6, 10, 0, 30), datetime(2026, 8, 1, 23, 59, 59)
    assert events.make(MADE, first) == parse_event({**MADE, "occurred_at": first.isoformat()})
    again = events.make(MADE, later)  # a copy of the first, with its own moment
    assert again == parse_event({**MADE, "occurred_at": later.isoformat()})
    assert again.occurred_at == later
    assert type(again.occurred_at) is datetime
    other = {**MADE, "facts": {**FACTS, "nationality": "AFG"}}
    assert events.make(other, later).facts.nationality == "AFG"  # type: ignore[attr-defined]


def test_an_event_read_again_is_what_model_copy_gives() -> None:
    events = Events()
    first = events.make(MADE, datetime(2026, 7, 6, 10, 0, 30))
    later = datetime(2026, 8, 1, 23, 59, 59)
    again, copied = events.make(MADE, later), first.model_copy(update={"occurred_at": later})
    assert type(again) is type(copied)
    parts = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")
    assert [getattr(again, a) for a in parts] == [getattr(copied, a) for a in parts]
    assert again.__dict__ is not first.__dict__
    assert again.__pydantic_fields_set__ is not first.__pydantic_fields_set__


def test_a_bad_event_is_refused_every_time_it_is_read() -> None:
    events = Events()
    bad = {**MADE, "facts": {"nationality": "Syria"}}
    for day in (1, 2):
        with pytest.raises(EventError, match="nationality"):
            events.make(bad, datetime(2026, 7, day, 9, 0))


def test_contents_equal_in_python_but_of_other_types_are_other_contents() -> None:
    assert _content({"age": 1}) != _content({"age": True})
    assert _content({"needs": []}) != _content({"needs": ()})
    assert _content({"a": {"b": 1}}) == _content({"a": {"b": 1}})


def test_the_next_lapse_says_when_the_lapse_job_would_find_one(world: World) -> None:
    checked = 0
    for case in world.cases:
        first = case.next_lapse()
        assert (first is None) == (not due_lapses(case.state, until=datetime(2100, 1, 1)))
        if first is not None:
            just_before = first - timedelta(seconds=1)
            assert not due_lapses(case.state, until=just_before)
            assert due_lapses(case.state, until=first)
            checked += 1
    assert checked > 10  # open deadlines were left at the horizon


@settings(max_examples=40, deadline=None)
@given(pick=st.integers(0, 10**6), days=st.lists(st.floats(0, 400), min_size=1, max_size=6))
def test_settling_with_the_short_cut_records_what_the_lapse_job_records(
    world: World, pick: int, days: list[float]
) -> None:
    """A case with open deadlines, settled at some days, ends as one settled the long way,
    lapse by lapse, each time."""
    waiting = [c for c in world.cases if c.next_lapse() is not None]
    case = waiting[pick % len(waiting)]
    fast, slow = _copy(case, world), _copy(case, world)
    for until_day in sorted(days):
        until = world.scenario.start + timedelta(days=int(until_day))
        fast.settle(until)
        while found := due_lapses(slow.state, as_of=until):
            slow.state = _decide(slow, found[0])
        assert fast.state == slow.state


def test_settling_on_a_deadline_s_last_day_records_its_lapse(world: World) -> None:
    """A deadline of days runs out at 00:00 after its last day, the very end of that day."""
    for case in world.cases:
        first = case.next_lapse()
        if first is None:
            continue
        last_day = (first - timedelta(seconds=1)).date()
        before = _copy(case, world)
        before.settle(last_day - timedelta(days=1))
        on = _copy(case, world)
        on.settle(last_day)
        assert (before.decided, on.decided > 0) == (0, True)


def test_settling_far_ahead_records_the_lapses_left(world: World) -> None:
    waiting = [c for c in world.cases if c.next_lapse() is not None]
    copies = [_copy(c, world) for c in waiting]
    for copy in copies:
        copy.settle(date(2100, 1, 1))
    assert sum(copy.decided for copy in copies) >= len(waiting)
    assert all(copy.next_lapse() is None for copy in copies)


def _copy(case: SimCase, world: World) -> SimCase:
    copy = SimCase(case.state.case_id, world.law, world.origin, _ignore, _ignore)
    copy.state = case.state
    return copy


def _decide(case: SimCase, event: Event) -> CaseState:
    return decide(case.state, event, law=case.law)


def _ignore(*_: object) -> None:
    return None


def test_a_replication_leaves_no_reference_cycles_to_collect() -> None:
    """The cycle collector is paused while a replication runs: nothing may rely on it."""
    scenario = small(per_month=30, months=2)
    world = World(scenario, build_law(scenario), seed=9)
    gc.collect()
    gc.disable()
    try:
        world.run()
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_the_collector_is_resumed_as_it_was() -> None:
    assert gc.isenabled()
    with cycles_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with cycles_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_what_the_paused_block_keeps_is_moved_to_the_oldest_generation() -> None:
    with cycles_paused():
        kept = [{"n": n} for n in range(1000)]
    assert gc.get_count()[0] < len(kept)  # the young collection will not walk them
    young = {id(o) for o in gc.get_objects(generation=0)}
    assert not any(id(o) in young for o in kept)
    assert any(o is kept for o in gc.get_objects(generation=2))


def test_a_day_before_the_start_settles_nothing(world: World) -> None:
    case = world.cases[0]
    before = _copy(case, world)
    before.settle(date(2000, 1, 1))
    assert before.state == case.state


def test_data_that_cannot_be_a_key_is_read_in_full() -> None:
    events = Events()
    unusual = {**MADE, "facts": MappingProxyType(FACTS)}  # a mapping, not a dict
    at = datetime(2026, 7, 6, 10, 0)
    expected = parse_event({**MADE, "occurred_at": at.isoformat()})
    assert events.make(unusual, at) == expected
    assert events.make(unusual, at) == expected

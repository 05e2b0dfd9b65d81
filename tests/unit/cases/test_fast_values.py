"""The fast ways values are built during replay (``evolve``, ``evolved``, ``assemble`` and the
``Draft`` that uses them) give exactly what the dataclass constructors give."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from migrationpact.cases import (
    AnyEvent,
    decide,
    event_to_json,
    initial_state,
    parse_event,
    replay,
)
from migrationpact.cases.procedure import checked_facts
from migrationpact.cases.state import (
    CaseState,
    DeadlineEntry,
    ExtensionRecord,
    SuspensionRecord,
    assemble,
    built,
    evolve,
    evolved,
)
from migrationpact.law.codes import STORED
from migrationpact.law.law import Law
from migrationpact.law.routing import Facts
from migrationpact.store.records import join_event, split_event
from tests.unit.cases.test_properties import STORIES


def built_by_init(value: Any) -> Any:
    """``value`` rebuilt through its constructor, nested dataclasses and tuples included."""
    if isinstance(value, tuple):
        return tuple(built_by_init(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = [f.name for f in dataclasses.fields(value)]
        return type(value)(**{name: built_by_init(getattr(value, name)) for name in names})
    return value


def same_attributes(fast: Any, slow: Any) -> None:
    """Equal, and not one attribute more or less (``==`` compares the fields only)."""
    assert fast == slow
    if dataclasses.is_dataclass(fast):
        assert vars(fast) == vars(slow)
        for name in vars(fast):
            same_attributes(getattr(fast, name), getattr(slow, name))
    elif isinstance(fast, tuple):
        for a, b in zip(fast, slow, strict=True):
            same_attributes(a, b)


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(STORIES), st.integers(min_value=1, max_value=12))
def test_every_state_of_a_replay_is_what_the_constructors_build(
    story: list[AnyEvent], length: int
) -> None:
    state = initial_state("F-1")
    for event in story[:length]:
        state = decide(state, event, history=True)
        same_attributes(state, built_by_init(state))
    assert state.deadlines  # the stories start deadlines: the fast entries were exercised


days = st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31))


@given(days, st.integers(0, 99), st.one_of(st.none(), days), st.text(max_size=5), st.data())
def test_evolve_equals_dataclasses_replace(
    stopped: date, seq: int, resumed: date | None, reason: str, data: st.DataObject
) -> None:
    record = SuspensionRecord(stopped_on=stopped, by_seq=seq, legal_basis=[{"article": "5"}])
    changes: dict[str, Any] = data.draw(
        st.dictionaries(
            st.sampled_from(["stopped_on", "by_seq", "resumed_on", "reason"]),
            st.sampled_from([stopped, seq, resumed, reason]),
        )
    )
    slow = dataclasses.replace(record, **changes)
    same_attributes(evolve(record, **changes), slow)
    same_attributes(evolved(record, changes), slow)
    assert record == SuspensionRecord(
        stopped_on=stopped, by_seq=seq, legal_basis=[{"article": "5"}]
    )  # the original is untouched


@given(st.text(max_size=8), st.text(max_size=8), st.integers(0, 999))
def test_assemble_equals_the_constructor(rule_id: str, ground: str, seq: int) -> None:
    parts = ({"rule_id": rule_id, "ground": "first"}, {"ground": ground, "by_seq": seq})
    same_attributes(
        assemble(ExtensionRecord, *parts),
        ExtensionRecord(rule_id=rule_id, ground=ground, by_seq=seq),
    )


def test_initial_state_and_built_values_are_what_the_constructors_build() -> None:
    first, second = initial_state("F-9"), initial_state("F-10")
    same_attributes(first, CaseState(case_id="F-9"))
    same_attributes(second, CaseState(case_id="F-10"))
    assert vars(first) is not vars(second)  # each its own fields
    values: dict[str, Any] = {"rule_id": "APR-14", "ground": "complex", "by_seq": 3}
    same_attributes(built(ExtensionRecord, dict(values)), ExtensionRecord(**values))


def test_assemble_fills_the_defaults_and_refuses_unknown_or_missing_fields() -> None:
    state = decide(initial_state("F-2"), STORIES[0][0], history=True)
    entry = state.deadlines[0]
    required = {
        f.name: getattr(entry, f.name)
        for f in dataclasses.fields(DeadlineEntry)
        if f.default is dataclasses.MISSING
    }
    same_attributes(assemble(DeadlineEntry, required), DeadlineEntry(**required))
    with pytest.raises(TypeError, match="has no field colour"):
        assemble(DeadlineEntry, required, {"colour": "red"})
    with pytest.raises(TypeError, match="needs the fields due"):
        assemble(DeadlineEntry, {k: v for k, v in required.items() if k != "due"})
    with pytest.raises(TypeError, match="has no field colour"):
        evolve(entry, colour="red")


@settings(max_examples=30, deadline=None)
@given(
    st.one_of(st.none(), st.integers(-1, 131), st.booleans()),
    st.one_of(st.none(), st.booleans(), st.integers(0, 1)),
    st.sampled_from([None, "SYR", "MAR"]),
)
def test_checked_facts_are_the_facts_pydantic_checks(
    age: object, unaccompanied: object, nationality: str | None
) -> None:
    law = Law.default()
    values = {"age": age, "unaccompanied": unaccompanied, "nationality": nationality}
    try:
        slow = Facts.model_validate(values, context=STORED)
    except ValidationError:
        slow = None
    for _ in range(2):  # the second time from the law's memory
        if slow is None:
            with pytest.raises(ValidationError):
                checked_facts(law, values)
        else:
            assert checked_facts(law, values) == slow
    if slow is not None:
        assert checked_facts(law, dict(values)) is checked_facts(law, values)


def test_checked_facts_tell_one_from_true() -> None:
    law = Law.default()
    assert checked_facts(law, {"age": 1}).age == 1
    with pytest.raises(ValidationError, match="valid integer"):
        checked_facts(law, {"age": True})  # equal to 1 as a key, refused as an age


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(STORIES), st.data())
def test_a_stored_event_reads_back_as_a_new_one_does(
    story: list[AnyEvent], data: st.DataObject
) -> None:
    event = data.draw(st.sampled_from(story))
    document = event_to_json(event)
    assert parse_event(document, stored=True) == parse_event(document) == event


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(STORIES), st.data())
def test_an_event_split_for_the_store_joins_back_to_itself(
    story: list[AnyEvent], data: st.DataObject
) -> None:
    event = data.draw(st.sampled_from(story))
    assert join_event(*split_event(event)) == event


def test_a_draft_finds_the_periods_the_law_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    """``Draft.start`` looks a period up under ``started_period``'s own key first: a second
    replay under the same law counts again only the periods whose end depends on the hour."""
    from migrationpact.cases import clock, started

    law = Law.default().replace()  # caches of its own
    counted: list[str] = []
    real = started.started_period

    def counting(*args: Any, **kwargs: Any) -> Any:
        counted.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(clock, "started_period", counting)
    story = max(STORIES, key=len)
    state = replay("F-11", story, law=law)
    first = len(counted)
    counted.clear()
    assert replay("F-12", story, law=law).deadlines == state.deadlines
    in_hours = sum(isinstance(d.due, datetime) for d in state.deadlines)
    assert first >= len(state.deadlines) > in_hours
    assert len(counted) <= in_hours

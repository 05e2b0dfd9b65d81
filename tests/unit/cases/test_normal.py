"""The next state without a whole-state JSON round trip equals the one with it (``cases.normal``).

``decide`` takes the fast way (only what the event changed goes through JSON) from a state it
knows to be normal, and the full round trip from any other state. Over generated case histories
(``bench.casegen``: border, regular, Dublin and incoming stories, with lapses) and under another
law date, both ways must give equal states with equal JSON, and the fast result must be a fixed
point of the round trip.
"""

from __future__ import annotations

import random
from datetime import date

from bench.casegen import build_template
from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.cases import AnyEvent, CaseState, decide, initial_state, replay
from migrationpact.cases.normal import is_normal, normal_initial, read_back, round_trip
from migrationpact.jsontext import dumps, loads
from migrationpact.store.records import join_event
from tests.unit.cases.test_properties import STORIES


def _history(seed: int) -> list[AnyEvent]:
    template = build_template(f"C-{seed:012X}", random.Random(seed))
    return [join_event(e.type, e.occurred_at, e.payload) for e in template.events]


def _both_ways(case_id: str, events: list[AnyEvent], law_date: date | None) -> CaseState:
    state = initial_state(case_id)
    assert not is_normal(state)
    for event in events:
        fast = decide(state, event, law_date=law_date)
        slow = decide(state.model_copy(), event, law_date=law_date)  # a copy: not known normal
        assert is_normal(fast)
        assert is_normal(slow)
        assert fast == slow
        assert fast.model_dump(mode="json") == slow.model_dump(mode="json")
        assert fast.model_fields_set == slow.model_fields_set
        assert round_trip(fast) == fast
        state = fast
    return state


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), st.sampled_from([None, date(2027, 1, 1)]))
def test_fast_and_full_round_trip_agree_on_generated_histories(
    seed: int, law_date: date | None
) -> None:
    events = _history(seed)
    state = _both_ways("C-1", events, law_date)
    assert replay("C-1", events, law_date=law_date) == state


def test_fast_and_full_round_trip_agree_on_the_stories() -> None:
    for story in STORIES:
        _both_ways("P-1", story, None)


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_a_state_read_back_from_its_json_text_is_normal_and_decides_alike(seed: int) -> None:
    # What the store does: the state's JSON text, parsed and validated (``read_back``).
    events = _history(seed)
    state = initial_state("C-1")
    for event in events:
        back = read_back(loads(dumps(state.model_dump(mode="json"))))
        assert is_normal(back)
        assert back == round_trip(state)
        assert round_trip(back) == back
        assert back.model_fields_set == round_trip(back).model_fields_set
        fast = decide(back, event)  # the incremental way, as from a normal state
        assert fast == decide(state.model_copy(), event)  # the full round trip
        assert fast.model_dump(mode="json") == decide(state.model_copy(), event).model_dump(
            mode="json"
        )
        state = fast


def test_a_state_built_by_the_caller_takes_the_full_round_trip() -> None:
    story = STORIES[0]
    state = replay("P-1", story[:3])
    built = CaseState.model_validate(state.model_dump(mode="json"))
    assert not is_normal(built)
    assert decide(built, story[3]) == decide(state, story[3])


def test_the_normal_initial_state_is_the_initial_state_round_tripped() -> None:
    for case_id in ("C-1", "P-ÄÖ", ""):
        fast = normal_initial(case_id)
        assert is_normal(fast)
        assert fast == round_trip(initial_state(case_id))
        assert fast.model_fields_set == round_trip(initial_state(case_id)).model_fields_set

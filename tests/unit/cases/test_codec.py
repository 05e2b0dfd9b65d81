"""The codec's round trip is exact: a state read back from its JSON text is the state, and it
decides the next event alike (what the store relies on between two appends).

Checked over generated histories (``bench.casegen``: border, regular, Dublin and incoming
stories, with lapses), under the law in force and under another law date.
"""

from __future__ import annotations

import random
from datetime import date, datetime

from bench.casegen import build_template
from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.cases import AnyEvent, decide, initial_state, replay
from migrationpact.cases.codec import from_document, to_document, to_json
from migrationpact.jsontext import dumps, loads
from migrationpact.store.records import join_event
from tests.unit.cases.helpers import ev, in_territory
from tests.unit.cases.test_properties import STORIES


def _history(seed: int) -> list[AnyEvent]:
    template = build_template(f"C-{seed:012X}", random.Random(seed))
    return [join_event(e.type, e.occurred_at, e.payload) for e in template.events]


def _check_every_step(case_id: str, events: list[AnyEvent], law_date: date | None) -> None:
    state = initial_state(case_id)
    for event in events:
        text = to_json(state)
        assert text == dumps(to_document(state, compact=True))  # one text, whichever way
        back = from_document(loads(text))
        assert back == state
        assert to_document(back) == to_document(state)
        new = decide(state, event, law_date=law_date)
        assert decide(back, event, law_date=law_date) == new
        state = new
    assert from_document(loads(to_json(state))) == state


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), st.sampled_from([None, date(2027, 1, 1)]))
def test_states_of_generated_histories_round_trip_exactly(seed: int, law_date: date | None) -> None:
    _check_every_step("C-1", _history(seed), law_date)


def test_states_of_the_stories_round_trip_exactly() -> None:
    for story in STORIES:
        _check_every_step("P-1", story, None)


def test_an_event_time_with_microseconds_is_kept_to_the_second() -> None:
    made, registered = in_territory()
    precise = made.model_copy(update={"occurred_at": datetime(2026, 7, 6, 10, 0, 0, 999_999)})
    state = replay("C-1", [precise, registered])
    assert state.made_at == datetime(2026, 7, 6, 10, 0, 0)
    assert from_document(loads(to_json(state))) == state
    assert state == replay("C-1", [made, registered])


def test_a_document_of_the_earlier_store_reads_as_the_same_facts() -> None:
    state = replay("C-1", [*in_territory(), ev("application_lodged", "2026-07-13T10:00")])
    document = to_document(state)
    for entry in document["deadlines"]:  # what revision 0005 kept in a state document
        entry.update(title="t", verified=True, consequence=None, organisation_reason="")
    assert from_document(document) == state


def test_an_entry_keeps_what_does_not_repeat_another_field_and_drops_what_does() -> None:
    from migrationpact.cases.codec import ENTRY_ECHOES
    from migrationpact.cases.state import evolve

    state = replay("C-1", [*in_territory(), ev("application_lodged", "2026-07-13T10:00")])
    first, second, *rest = state.deadlines
    odd = evolve(
        second,
        key=second.rule_id + "/2",
        requested_rule="APR-99",
        nominal_end=date(2030, 1, 1),
        alert_on=date(2030, 1, 2),
        law_date=date(2030, 1, 3),
        rule_set_version="sha256:another",
    )
    state = evolve(state, deadlines=(first, odd, *rest))
    entries = loads(to_json(state))["deadlines"]
    assert set(ENTRY_ECHOES) <= set(entries[1])  # nothing of it repeats another field
    assert not {"key", "requested_rule", "law_date"} & set(entries[0])
    if rest:  # the entry after the odd one repeats the first one's version, not the odd one's
        assert entries[2]["rule_set_version"] == first.rule_set_version
    assert from_document(loads(to_json(state))) == state
    assert len(to_json(state)) < len(dumps(to_document(state)))

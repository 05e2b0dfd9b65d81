"""The rebuild's ``COPY`` lines of deadline rows, made straight from the entries
(``copytext.deadline_lines``), are what ``copytext.line`` gives of ``projections.deadline_row``."""

from __future__ import annotations

from datetime import date, datetime
from operator import itemgetter

from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.cases import AnyEvent, initial_state, replay
from migrationpact.cases.lateness import entry_lateness
from migrationpact.cases.machine import decide
from migrationpact.cases.state import CaseState, DeadlineEntry, evolve
from migrationpact.demo.load import plan_demo
from migrationpact.law.law import Law
from migrationpact.store.copytext import COLUMNS, deadline_lines, line
from migrationpact.store.projections import deadline_row
from tests.unit.cases.test_properties import STORIES

COLUMNS_OF_DEADLINES = itemgetter(*COLUMNS["deadlines"])


def through_rows(state: CaseState, law: Law) -> list[str]:
    return [
        line(COLUMNS_OF_DEADLINES(deadline_row(state.case_id, entry, law)))
        for entry in state.deadlines
    ]


def test_the_demo_sets_deadlines_give_the_same_lines() -> None:
    law = Law.default()
    entries: list[DeadlineEntry] = []
    for planned in plan_demo(date(2026, 11, 30)):
        state = replay(planned.case_id, [p.event for p in planned.events], law=law)
        assert deadline_lines(state.case_id, state.deadlines, law) == through_rows(state, law)
        entries += state.deadlines
    # Every kind of value was compared: moments and days, open and closed, late and on time.
    assert {type(e.due) for e in entries} == {date, datetime}
    assert {e.status for e in entries} >= {"open", "met", "lapsed", "cancelled"}
    assert any(e.closed_at is not None for e in entries)
    assert any(entry_lateness(e).late for e in entries)


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(STORIES), st.integers(min_value=1, max_value=12), st.text(max_size=6))
def test_story_deadlines_and_awkward_texts_give_the_same_lines(
    story: list[AnyEvent], length: int, text: str
) -> None:
    law = Law.default()
    state = initial_state("C-tab\there")
    for event in story[:length]:
        state = decide(state, event, history=True)
    # Texts a COPY line must escape: tabs, newlines, backslashes, in any text column.
    awkward = tuple(
        evolve(entry, closed_reason=f"{text}\\\t\n\r{entry.closed_reason}", key=entry.key + text)
        for entry in state.deadlines
    )
    for state_ in (state, evolve(state, deadlines=awkward)):
        assert deadline_lines(state_.case_id, state_.deadlines, law) == through_rows(state_, law)

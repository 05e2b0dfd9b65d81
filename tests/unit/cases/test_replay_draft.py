"""``replay`` keeps one draft across a case's events and freezes it once; it must give exactly
the state a fold of ``decide`` gives (one new frozen state per event), refusals included.

The property runs demo histories changed at random (events dropped, delayed, another law date),
so that refused and late steps occur; the fictional track below makes a step change everything
a handler can change before it is refused, so that ``Draft.undo`` has everything to undo.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import Any, Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.cases import AnyEvent, TransitionError, decide, initial_state, replay
from migrationpact.cases.catalogue import SYSTEM, Catalogue, Track
from migrationpact.cases.clock import Draft
from migrationpact.cases.eventbase import Event
from migrationpact.cases.events import CATALOGUE, TRACKS, parse_event
from migrationpact.cases.late import TooLateError
from migrationpact.cases.state import CaseState
from migrationpact.demo.load import plan_demo
from tests.unit.cases.test_fast_values import built_by_init, same_attributes

DEMO_DAY = date(2026, 11, 30)


@cache
def demo_histories() -> list[list[AnyEvent]]:
    return [[p.event for p in case.events] for case in plan_demo(DEMO_DAY, cases=80)]


def fold(
    events: list[AnyEvent], law_date: date | None = None, catalogue: Catalogue = CATALOGUE
) -> CaseState:
    """The slow path: a new frozen state for every event."""
    state = initial_state("R-1")
    for event in events:
        state = decide(state, event, law_date=law_date, history=True, catalogue=catalogue)
    return state


def outcome(run: object) -> tuple[str, object]:
    """What ``run()`` gives: its state, or the refusal it raises."""
    try:
        return "state", run()  # type: ignore[operator]
    except TransitionError as exc:
        return "refused", (type(exc), str(exc))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_replay_is_the_fold_of_decide(data: st.DataObject) -> None:
    story = data.draw(st.sampled_from(demo_histories()))
    dropped = data.draw(st.sets(st.integers(1, max(1, len(story) - 1)), max_size=2))
    events = [e for i, e in enumerate(story) if i not in dropped]
    if len(events) > 1 and data.draw(st.booleans()):  # one event later: late steps happen
        i = data.draw(st.integers(1, len(events) - 1))
        days = data.draw(st.integers(1, 400))
        later = events[i].occurred_at + timedelta(days=days)
        events[i] = events[i].model_copy(update={"occurred_at": later})
    law_date = data.draw(st.sampled_from([None, date(2026, 6, 1), date(2027, 3, 1)]))
    slow = outcome(lambda: fold(events, law_date))
    fast = outcome(lambda: replay("R-1", events, law_date=law_date))
    assert fast[0] == slow[0]
    if fast[0] == "refused":
        assert fast == slow
        return
    same_attributes(fast[1], slow[1])
    same_attributes(fast[1], built_by_init(fast[1]))


# --- a step refused after changing everything a handler can change -----------------------------

TRIAL = Track("trial")


class TrialStep(Event):
    """Fictional: changes the case, then is refused as too late when ``late``."""

    type: Literal["trial_step"] = "trial_step"
    late: bool = False


@TRIAL.event(TrialStep, "Trial step", recorded_by={SYSTEM})
def trial_step(draft: Draft, event: TrialStep) -> None:
    draft.set(stage="trial", interviewed=True)
    draft.start("APR-04")
    draft.cancel_all("trial")
    draft.consequence("trial", "changed")
    draft.note("changed")
    if event.late:
        raise TooLateError("APR Art. 28(1)", event.type, "trial refused after its deadline")


TRIALS = Catalogue.of(*TRACKS, TRIAL)


def trial_events(*late: bool) -> list[AnyEvent]:
    made: dict[str, Any] = {"type": "application_made", "occurred_at": "2026-07-06T10:00",
            "entry": "in-territory", "facts": {"nationality": "SYR", "age": 30}}  # fmt: skip
    registered: dict[str, Any] = {
        "type": "application_registered",
        "occurred_at": "2026-07-08T09:00",
    }
    steps = [
        {"type": "trial_step", "occurred_at": f"2026-07-{10 + i}T09:00", "late": flag}
        for i, flag in enumerate(late)
    ]
    return [parse_event(e, catalogue=TRIALS) for e in (made, registered, *steps)]


@pytest.mark.parametrize("late", [(True,), (False, True), (True, False), (True, True)])
def test_a_refused_step_leaves_nothing_behind_in_the_draft(late: tuple[bool, ...]) -> None:
    events = trial_events(*late)
    state = replay("R-1", events, catalogue=TRIALS)
    same_attributes(state, fold(events, catalogue=TRIALS))
    before = replay("R-1", events[:2], catalogue=TRIALS)
    if late == (True,):  # only the refused step: nothing but its seq and consequence
        assert state.deadlines == before.deadlines
        assert (state.stage, state.interviewed, state.notes) == (before.stage, False, ())
    codes = [c.code for c in state.consequences[len(before.consequences) :]]
    expected = [code for flag in late for code in (["not-effective"] if flag else ["trial"])]
    assert codes == expected
    assert state.seq == len(events)

"""What the case page offers next: the events the machine accepts now, most urgent first."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.cases import AnyEvent, replay
from migrationpact.cases.compare import changed_by
from migrationpact.cases.errors import TransitionError
from migrationpact.cases.events import CATALOGUE
from migrationpact.cases.machine import decide
from migrationpact.cases.next_steps import NextStep, next_steps, probes
from tests.unit.cases.helpers import entry, ev, in_territory, lapse_until, run
from tests.unit.cases.test_properties import STORIES
from tests.unit.cases.test_stories import border_case

#: The border story: screened, a manifestly unfounded decision notified.
BORDER = border_case()


def _types(steps: list[NextStep]) -> list[str]:
    return [s.type for s in steps]


def test_a_case_in_the_return_border_procedure_is_not_offered_screening_or_registration() -> None:
    state = run(BORDER)
    state = lapse_until(state, date(2026, 8, 15))
    state = decide(state, ev("return_border_procedure_started", "2026-08-17T09:00"))
    assert state.stage == "return-border-procedure"

    offered = _types(next_steps(state, at=datetime(2026, 8, 18, 9, 0)))

    done = ("screening_completed", "application_made", "application_registered",
            "application_lodged", "decision_taken", "return_border_procedure_started")  # fmt: skip
    assert not set(done) & set(offered)
    # What the case may still see: a stop of its clock, an absconding, the closing.
    assert {"clock_suspended", "absconded", "case_closed"} <= set(offered)


def test_an_open_ammr_01_that_is_the_most_urgent_puts_the_take_charge_request_first() -> None:
    state = run([
        *in_territory(),  # made Mon 6 Jul, registered Wed 8 Jul 2026
        ev("reception_information_given", "2026-07-08T10:00"),
        ev("biometrics_taken", "2026-07-08T11:00"),
        ev("vulnerability_assessed", "2026-07-09T10:00", assessment="both"),
        ev("application_lodged", "2026-07-20T10:00"),
    ])  # fmt: skip
    assert entry(state, "AMMR-01").status == "open"
    running = sorted((d for d in state.deadlines if d.is_running), key=lambda d: d.ends_at)
    assert running[0].key == "AMMR-01"

    steps = next_steps(state, at=datetime(2026, 7, 21, 9, 0))

    assert steps[0].type == "take_charge_request_sent"
    assert [d.key for d in steps[0].meets] == ["AMMR-01"]
    # Responsibility determined here meets AMMR-01 too; the main step of the procedure goes first.
    assert _types(steps).index("responsibility_determined") == 1
    assert "application_lodged" not in _types(steps)


def test_steps_that_meet_a_deadline_come_first_by_the_earliest_end() -> None:
    state = run(in_territory()[:1])  # made, not yet registered
    steps = next_steps(state, at=datetime(2026, 7, 7, 9, 0))
    urgent = [s.most_urgent for s in steps if s.most_urgent is not None]
    assert urgent, "a new application has deadlines to meet"
    assert [d.ends_at for d in urgent] == sorted(d.ends_at for d in urgent)
    assert all(s.most_urgent is None for s in steps[len(urgent) :])
    # RCD-01 (3 days, RCD Art. 5(1)) ends before APR-01 (5 days, APR Art. 27(1)).
    assert _types(steps)[:2] == ["reception_information_given", "application_registered"]


def test_the_organisation_that_asks_is_sent_to_its_own_deadlines_first() -> None:
    state = run(in_territory()[:1])  # made Mon 6 Jul 2026, not yet registered
    at = datetime(2026, 7, 7, 9, 0)
    # RCD-01 (COA, 3 days → Thu 9 Jul) ends before APR-01 (IND, 5 days → Mon 13 Jul).
    assert entry(state, "RCD-01").organisation == "COA"
    assert entry(state, "APR-01").organisation == "IND"
    assert _types(next_steps(state, at=at))[:2] == [
        "reception_information_given", "application_registered"
    ]  # fmt: skip
    ind = _types(next_steps(state, at=at, acting="IND"))
    assert ind.index("application_registered") < ind.index("reception_information_given")
    coa = _types(next_steps(state, at=at, acting="COA"))
    assert coa[0] == "reception_information_given"
    assert sorted(ind) == sorted(coa)  # the same steps, in another order


def test_every_step_offered_is_one_the_machine_accepts_and_meets_what_it_says() -> None:
    state = run(in_territory())
    at = datetime(2026, 7, 9, 9, 0)
    for step in next_steps(state, at=at):
        outcomes = []
        for probe in probes(CATALOGUE[step.type], state, at):
            try:
                outcomes.append(decide(state, probe))
            except TransitionError:  # a refused probe; another may be accepted
                continue
        assert outcomes, step.type
        met = {
            c.key for after in outcomes for c in changed_by(state.deadlines, after.deadlines)
            if c.replayed is not None and c.replayed.status == "met"
        }  # fmt: skip
        assert {d.key for d in step.meets} == met


def test_no_steps_on_a_closed_case_and_never_a_system_event() -> None:
    state = run(in_territory())
    assert "deadline_lapsed" not in _types(next_steps(state, at=datetime(2026, 7, 9, 9, 0)))
    closed = decide(state, ev("case_closed", "2026-07-09T10:00", reason="withdrawn"))
    assert next_steps(closed, at=datetime(2026, 7, 10, 9, 0)) == []


@settings(max_examples=30, deadline=None)
@given(st.sampled_from([*STORIES, BORDER]), st.data())
def test_the_step_a_story_takes_next_is_offered_with_the_deadlines_it_meets(
    story: list[AnyEvent], data: st.DataObject
) -> None:
    cut = data.draw(st.integers(min_value=1, max_value=len(story) - 1))
    state = replay("P-1", story[:cut])
    taken = story[cut]
    steps = {s.type: s for s in next_steps(state, at=taken.occurred_at)}
    assert replay("P-1", story[:cut]) == state  # the probes left the case as it was
    assert taken.type in steps
    after = decide(state, taken)
    met = {
        c.key for c in changed_by(state.deadlines, after.deadlines)
        if c.replayed is not None and c.replayed.status == "met"
    }  # fmt: skip
    assert met <= {d.key for d in steps[taken.type].meets}
    ordered = list(steps.values())
    ends = [s.most_urgent.ends_at for s in ordered if s.most_urgent is not None]
    assert ends == sorted(ends)
    assert all(s.most_urgent is None for s in ordered[len(ends) :])

"""Inspections: the rules worked through by hand, the response limit counted by hand from the
Algemene termijnenwet, the year's counts, and properties over any sequence of steps."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrationpact.law.periods import compute_period
from migrationpact.monitoring.decide import MonitoringRefused
from migrationpact.monitoring.editions import MonitoringDataError
from migrationpact.monitoring.events import MonitoringEventError
from migrationpact.monitoring.inspections.data import (
    default_locations,
    default_response_limits,
    load_locations,
)
from migrationpact.monitoring.inspections.decide import RULES, decide, replay
from migrationpact.monitoring.inspections.events import EVENT_TYPES, parse_inspection_event
from migrationpact.monitoring.inspections.limits import responses_due
from migrationpact.monitoring.inspections.state import initial_inspection
from migrationpact.monitoring.inspections.summary import summarise


def ev(type_: str, **fields: Any) -> Any:
    defaults: dict[str, dict[str, Any]] = {
        "inspection_planned": {"occurred_at": "2026-11-20T09:00", "body": "InspectieJenV",
                               "location": "AC-SCHIPHOL", "planned_for": "2026-12-07",
                               "announced": False},
        "visit_carried_out": {"occurred_at": "2026-12-07T17:00", "visited_on": "2026-12-07",
                              "announced": False, "inspectors": ["A. Jansen"]},
        "finding_recorded": {"occurred_at": "2026-12-08T09:00", "text": "No interpreter.",
                             "rights": ["47"]},
        "recommendation_made": {"occurred_at": "2026-12-14T09:00", "authority": "KMar",
                                "text": "Book interpreters.", "findings": [1],
                                "made_on": "2026-12-14"},
        "response_recorded": {"occurred_at": "2027-01-20T09:00", "recommendation": 1,
                              "verdict": "accepted", "text": "Booked.",
                              "received_on": "2027-01-20"},
        "inspection_closed": {"occurred_at": "2027-01-21T09:00", "reason": "completed"},
        "inspection_shared": {"occurred_at": "2026-12-08T10:00", "with_body": "CRM"},
    }  # fmt: skip
    return parse_inspection_event({"type": type_, **defaults[type_], **fields})


VISITED = [ev("inspection_planned"), ev("visit_carried_out"), ev("finding_recorded")]
RECOMMENDED = [*VISITED, ev("recommendation_made")]


def _refused(rule: str, events: list[Any], event: Any) -> MonitoringRefused:
    state = replay("INS-1", events)
    with pytest.raises(MonitoringRefused) as refused:
        decide(state, event)
    assert refused.value.rule == rule, str(refused.value)
    assert f"({rule}: {RULES[rule]})" in str(refused.value)
    return refused.value


def test_a_visit_from_plan_to_close() -> None:
    state = replay("INS-1", [*RECOMMENDED, ev("response_recorded"), ev("inspection_closed")])
    assert (state.status, state.body, state.seq) == ("closed", "InspectieJenV", 6)
    assert state.visit is not None
    assert state.visit.inspectors == ("A. Jansen",)
    assert [f.number for f in state.findings] == [1]
    made = state.recommendations[0]
    assert (made.number, made.authority, made.findings) == (1, "KMar", (1,))
    assert made.response is not None
    assert made.response.received_on == date(2027, 1, 20)
    assert state.close_reason == "completed"


def test_the_rules_refuse_steps_out_of_order() -> None:
    plan = ev("inspection_planned")
    _refused("IR-1", [plan], ev("inspection_planned"))
    _refused("IR-1", [], ev("visit_carried_out"))
    _refused("IR-1", [], ev("inspection_planned", location="NOWHERE"))
    said = _refused("IR-1", [], ev("inspection_planned", planned_for="2026-01-05"))
    assert said.params == {"day": "2026-01-05"}  # no list of locations was in force then
    _refused("IR-2", [plan, ev("visit_carried_out")], ev("visit_carried_out"))
    _refused("IR-3", [plan], ev("finding_recorded"))
    _refused("IR-4", [plan], ev("recommendation_made"))
    _refused("IR-4", VISITED, ev("recommendation_made", findings=[1, 2]))
    _refused("IR-4", VISITED, ev("recommendation_made", made_on="2026-12-06"))
    _refused("IR-5", VISITED, ev("response_recorded"))
    _refused("IR-5", RECOMMENDED, ev("response_recorded", received_on="2026-12-13"))
    _refused("IR-5", [*RECOMMENDED, ev("response_recorded")], ev("response_recorded"))
    _refused("IR-6", RECOMMENDED, ev("inspection_closed"))
    _refused("IR-6", [plan], ev("inspection_closed"))
    _refused("IR-6", VISITED, ev("inspection_closed", reason="cancelled"))
    _refused("IR-7", [plan, ev("inspection_closed", reason="cancelled")], ev("visit_carried_out"))
    _refused("IR-8", [plan], ev("inspection_shared", with_body="InspectieJenV"))
    _refused("IR-8", [plan, ev("inspection_shared")], ev("inspection_shared"))
    _refused("IR-9", [plan], ev("visit_carried_out", occurred_at="2026-11-19T09:00"))


def test_a_planned_visit_may_be_cancelled() -> None:
    state = replay("INS-1", [ev("inspection_planned"), ev("inspection_closed", reason="cancelled")])
    assert (state.status, state.close_reason) == ("closed", "cancelled")


def test_bad_input_is_refused_before_any_rule() -> None:
    with pytest.raises(MonitoringEventError, match="text"):
        ev("finding_recorded", text="   ")
    with pytest.raises(MonitoringEventError, match="authority"):
        ev("recommendation_made", authority="Ministry")
    with pytest.raises(MonitoringEventError, match="inspectors"):
        ev("visit_carried_out", inspectors=[])
    with pytest.raises(MonitoringEventError, match="rights"):
        ev("finding_recorded", rights=["5"])  # Art. 5 is not in the register's list


def test_the_response_is_due_six_weeks_after_the_recommendation() -> None:
    # Made Mon 14 Dec 2026; six weeks later is Mon 25 Jan 2027, a working day.
    state = replay("INS-1", RECOMMENDED)
    [due] = responses_due(state, date(2027, 1, 25))
    assert (due.limit, due.due, due.overdue, due.verified) == (
        "INS-RESPONSE", date(2027, 1, 25), False, False,
    )  # fmt: skip
    assert responses_due(state, date(2027, 1, 26))[0].overdue
    assert due.period == compute_period(start=date(2026, 12, 14), length="6 weeks", regime="nl")


def test_a_response_limit_ending_at_christmas_moves_to_the_next_working_day() -> None:
    # Made Fri 13 Nov 2026: six weeks end Fri 25 Dec (Christmas), then Sat 26 (Boxing Day) and
    # Sun 27 Dec: the Atw moves the end to Mon 28 Dec 2026.
    made = ev("recommendation_made", made_on="2026-11-13", occurred_at="2026-12-08T10:00")
    visit = ev("visit_carried_out", visited_on="2026-11-02")
    state = replay("INS-1", [ev("inspection_planned"), visit, ev("finding_recorded"), made])
    assert responses_due(state, date(2026, 12, 1))[0].due == date(2026, 12, 28)


def test_a_response_after_its_due_day_was_late() -> None:
    late = ev("response_recorded", received_on="2027-01-26", occurred_at="2027-01-26T09:00")
    [due] = responses_due(replay("INS-1", [*RECOMMENDED, late]), date(2027, 3, 1))
    assert (due.received_on, due.late, due.overdue) == (date(2027, 1, 26), True, True)


def test_a_years_counts() -> None:
    done = replay("INS-1", [*RECOMMENDED, ev("recommendation_made", authority="COA"),
                            ev("response_recorded", received_on="2026-12-20",
                               occurred_at="2026-12-20T09:00")])  # fmt: skip
    cancelled = replay("INS-2", [ev("inspection_planned", announced=True),
                                 ev("inspection_closed", reason="cancelled")])  # fmt: skip
    theirs = replay("INS-3", [ev("inspection_planned", body="CRM")])
    found = summarise("InspectieJenV", 2026, [done, cancelled, theirs], date(2027, 2, 1))
    assert (found.planned, found.planned_unannounced, found.cancelled) == (2, 1, 1)
    assert (found.carried_out, found.carried_out_unannounced) == (1, 1)
    assert (found.recommendations, found.by_authority) == (2, {"COA": 1, "KMar": 1})
    # KMar's answered on 20 Dec; COA's open and past its day (25 Jan 2027) on 1 Feb 2027.
    assert (found.responded_on_time, found.responded_late, found.open, found.overdue) == (
        1, 0, 1, 1,
    )  # fmt: skip
    assert summarise("InspectieJenV", 2027, [done], date(2027, 2, 1)).recommendations == 0


def test_the_shipped_data_is_flagged_unverified() -> None:
    locations = default_locations().at(date(2026, 12, 7))
    assert locations.verified is False
    assert "UNVERIFIED" in locations.verification
    assert {"screening", "border-procedure", "detention"} <= {
        phase for found in locations.locations for phase in found.phases
    }
    limits = default_response_limits().at(date(2026, 12, 7))
    assert all(not limit.verified and "UNVERIFIED" in limit.note for limit in limits.limits)


def test_a_bad_locations_file_is_refused_naming_it(tmp_path: Path) -> None:
    edition = tmp_path / "2026-06-12"
    edition.mkdir()
    (edition / "locations.yaml").write_text(
        "edition: 2026-06-12\nvalid_from: 2026-06-12\nverified: false\nverification: n\n"
        "locations:\n  - {code: A, name: {en: a, nl: a}, phases: [screening], run_by: KMar}\n"
    )
    with pytest.raises(MonitoringDataError, match=r"locations.yaml: .*code"):
        load_locations(tmp_path)


def test_the_event_types_are_the_inspections_own() -> None:
    from migrationpact.monitoring.events import EVENT_TYPES as FILE_TYPES

    assert not set(EVENT_TYPES) & set(FILE_TYPES)
    assert all(len(name) <= 32 for name in EVENT_TYPES)  # monitor_events.type


STEPS = st.sampled_from(
    [
        ev("visit_carried_out"),
        ev("finding_recorded"),
        ev("finding_recorded", rights=["4", "1"]),
        ev("recommendation_made"),
        ev("recommendation_made", authority="DJI", made_on="2026-12-08"),
        ev("response_recorded"),
        ev("response_recorded", recommendation=2, verdict="rejected"),
        ev("inspection_closed"),
        ev("inspection_closed", reason="cancelled"),
        ev("inspection_shared"),
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(STEPS, max_size=12))
def test_any_sequence_of_steps_is_applied_or_refused_by_a_named_rule(steps: list[Any]) -> None:
    applied = [ev("inspection_planned")]
    rules: list[str] = []
    state = replay("INS-1", applied)
    for step in steps:
        try:
            after = decide(state, step)
        except MonitoringRefused as refused:
            rules.append(refused.rule)
            continue
        applied.append(step)
        assert after.seq == state.seq + 1
        assert len(after.recommendations) >= len(state.recommendations)
        # A recommendation rests on findings recorded before it, made on or after the visit.
        for made in after.recommendations:
            assert max(made.findings) <= len(after.findings)
            assert after.visit is not None
            assert made.made_on >= after.visit.visited_on
        if after.status == "closed":
            assert not after.waiting
        state = after
    # Replaying what was applied gives the same state: decide is a pure fold.
    assert replay("INS-1", applied) == state
    assert set(rules) <= set(RULES)


@given(st.dates(min_value=date(2026, 6, 12), max_value=date(2030, 12, 31)))
def test_a_response_is_due_on_a_working_day_at_least_six_weeks_on(made_on: date) -> None:
    state = initial_inspection("INS-1").model_copy(
        update={"recommendations": replay("INS-1", RECOMMENDED).recommendations}
    )
    made = state.recommendations[0].model_copy(update={"made_on": made_on})
    [due] = responses_due(state.model_copy(update={"recommendations": (made,)}), made_on)
    assert due.due >= made_on + timedelta(weeks=6)
    assert due.due <= made_on + timedelta(weeks=6, days=5)  # at most a long holiday later
    assert due.due.weekday() < 5

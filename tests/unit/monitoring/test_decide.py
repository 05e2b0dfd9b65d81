"""The register's rules: each refusal names its rule, and a file that keeps them moves on."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from migrationpact.monitoring.decide import RULES, MonitoringRefused, decide, replay
from migrationpact.monitoring.events import MonitoringEventError, parse_monitoring_event
from migrationpact.monitoring.state import initial_file
from tests.unit.monitoring.helpers import event, signal


def routed_file() -> Any:
    return replay("M-1", [signal(), event("routed")])


def triaged_file() -> Any:
    return decide(routed_file(), event("triaged"))


def refused(state: Any, ev: Any) -> MonitoringRefused:
    with pytest.raises(MonitoringRefused) as caught:
        decide(state, ev)
    return caught.value


def test_a_whole_file_from_signal_to_closing() -> None:
    state = replay(
        "M-1",
        [
            signal(),
            event("routed"),
            event("triaged"),
            event("referred"),
            event("outcome_recorded"),
            event("shared"),
            event("closed"),
        ],
    )
    assert (state.seq, state.status, state.body) == (7, "closed", "InspectieJenV")
    assert state.referrals[0].answered_on is not None
    assert state.shared_with == ("CRM",)


@pytest.mark.parametrize(
    ("history", "bad", "rule"),
    [
        ([], event("routed"), "MR-1"),
        ([signal()], signal(), "MR-1"),
        ([signal()], event("triaged"), "MR-2"),
        ([signal()], event("closed"), "MR-2"),
        ([signal(), event("routed")], event("routed"), "MR-2"),
        (
            [signal(source="own-observation", observed_by="CRM")],
            event("routed", to="InspectieJenV"),
            "MR-3",
        ),
        (
            [signal(), event("routed", to="CRM", referred_out="Kinderombudsman")],
            event("triaged"),
            "MR-4",
        ),
        (
            [signal(), event("routed", to="CRM", referred_out="Kinderombudsman")],
            event("closed", reason="handled"),
            "MR-4",
        ),
        ([signal(), event("routed")], event("closed", reason="referred-out"), "MR-4"),
        ([signal(), event("routed"), event("triaged")], event("triaged"), "MR-5"),
        ([signal(), event("routed")], event("referred"), "MR-6"),
        (
            [signal(), event("routed"), event("triaged"), event("referred")],
            event("referred"),
            "MR-6",
        ),
        (
            [signal(), event("routed"), event("triaged")],
            event("referred", follow_up_due="2026-12-01"),
            "MR-6",
        ),
        ([signal(), event("routed"), event("triaged")], event("outcome_recorded"), "MR-7"),
        (
            [signal(), event("routed"), event("triaged"), event("referred")],
            event("outcome_recorded", decided_on="2026-12-03"),
            "MR-7",
        ),
        ([signal(), event("routed"), event("triaged"), event("referred")], event("closed"), "MR-8"),
        ([signal(), event("routed")], event("shared", with_body="InspectieJenV"), "MR-9"),
        ([signal(), event("routed"), event("shared")], event("shared"), "MR-9"),
        ([signal(), event("routed"), event("closed")], event("shared"), "MR-10"),
        ([signal(), event("routed")], event("triaged", occurred_at="2026-12-03T10:00"), "MR-11"),
    ],
)
def test_each_rule_refuses_and_names_itself(history: list[Any], bad: Any, rule: str) -> None:
    state = replay("M-1", history)
    error = refused(state, bad)
    assert error.rule == rule
    assert f"({rule}: {RULES[rule]})" in str(error)
    assert str(error).startswith(f"{bad.type} refused: ")


def test_a_referred_out_complaint_closes_as_referred_out() -> None:
    state = replay("M-1", [signal(), event("routed", to="CRM", referred_out="Nationale-ombudsman")])
    assert state.status == "referred-out"
    closed = decide(state, event("closed", reason="referred-out"))
    assert closed.status == "closed"


def test_a_new_triage_corrects_the_old_but_the_limit_was_met_at_the_first() -> None:
    first = triaged_file()
    second = decide(first, event("triaged", rights=["4", "6"], occurred_at="2026-12-08T10:00"))
    assert second.triage is not None
    assert second.triage.rights == ("4", "6")
    assert second.first_triaged_at == first.first_triaged_at


def test_an_outcome_without_authority_is_the_bodys_own() -> None:
    state = decide(triaged_file(), event("outcome_recorded", authority=None))
    assert state.outcomes[0].authority is None
    assert state.referrals == ()


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"content": " \n "}, "content: a signal needs content"),
        ({"content": "x" * 20_001}, "content: String should have at most 20000 characters"),
        (
            {
                "attachments": [
                    {"name": "a.pdf", "media_type": "application/pdf", "size_bytes": 11 * 2**20}
                ]
            },
            "an attachment is at most",
        ),
        (
            {
                "attachments": [
                    {"name": f"{i}.pdf", "media_type": "application/pdf", "size_bytes": 9 * 2**20}
                    for i in range(3)
                ]
            },
            "the attachments are at most",
        ),
        ({"source": "own-observation"}, "observed_by names the body"),
        ({"observed_by": "CRM"}, "observed_by names the body"),
        ({"case_reference": "Jan de Vries"}, "case_reference"),
        ({"source": "journalist"}, "source"),
    ],
)
def test_a_signal_of_the_wrong_shape_is_bad_input(fields: dict[str, Any], problem: str) -> None:
    with pytest.raises(MonitoringEventError, match=problem):
        signal(**fields)


def test_a_triage_names_rights_of_the_vocabulary_once_each() -> None:
    with pytest.raises(MonitoringEventError, match="rights"):
        event("triaged", rights=["5"])
    with pytest.raises(MonitoringEventError, match="each right is named once"):
        event("triaged", rights=["6", "6"])
    with pytest.raises(MonitoringEventError, match="rights"):
        event("triaged", rights=[])


events_after_signal = st.lists(
    st.sampled_from(["routed", "triaged", "referred", "outcome_recorded", "closed", "shared"]),
    max_size=8,
)


@given(events_after_signal)
def test_decide_either_refuses_or_moves_the_file_one_step(types: list[str]) -> None:
    state = decide(initial_file("M-1"), signal())
    rules: set[str] = set()
    for type_ in types:
        try:
            after = decide(state, event(type_))
        except MonitoringRefused as exc:
            rules.add(exc.rule)
            continue
        assert after.seq == state.seq + 1
        assert after.body == "InspectieJenV"
        state = after
    assert rules <= set(RULES)


def test_a_parsed_event_is_its_data_again() -> None:
    original = event("referred", follow_up_due="2027-01-29", note="asked KMar")
    again = parse_monitoring_event(original.model_dump(mode="json"))
    assert again == original

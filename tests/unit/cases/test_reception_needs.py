"""COA's assessment of special reception needs (RCD Art. 24-25): what it records, what it
refuses, who reads it."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.access.policy import EVENT_TYPES, Action, decide, needs_assignment, referred_only
from migrationpact.access.views import case_view, payload_view
from migrationpact.cases import TransitionError
from migrationpact.cases.codec import to_document
from migrationpact.cases.events import EventError
from migrationpact.law.needs import vocabulary
from tests.unit.cases.helpers import entry, ev, in_territory, run

MADE = in_territory(made="2026-07-06T10:00", registered="2026-07-08T09:00")
COA = Principal("coa-1", "C", Organisation.COA, Role.PLANNER)
IND = Principal("ind-1", "I", Organisation.IND, Role.CASEWORKER)
MONITOR = Principal("insp-1", "M", Organisation.INSPECTIE, Role.MONITOR)


def assessed(at: str = "2026-07-09T10:00", **fields: object):  # type: ignore[no-untyped-def]
    return ev("special_needs_assessed", at, **fields)


def test_an_assessment_records_the_categories_its_signs_point_to_and_meets_rcd_02() -> None:
    state = run([
        *MADE,
        assessed(signs=["stated-torture", "visible-pregnancy"], needs=["medical-care-nearby"],
                 support=["referred-to-doctor"], referral="doctor", referral_consent=True,
                 procedural_guarantees=True),
    ])  # fmt: skip
    needs = state.reception_needs
    assert needs is not None
    # RCD Art. 24(e) pregnant women and (k) survivors of torture.
    assert needs.categories == ["pregnant", "torture-survivor"]
    assert needs.needs == ["medical-care-nearby"]
    assert needs.referral == "doctor"
    assert needs.first_assessed_at == datetime(2026, 7, 9, 10, 0)
    assert state.procedural_guarantees_signal is True
    # RCD-02: 30 days from the application made on 6 July: 5 August 2026; met on 9 July.
    rcd02 = entry(state, "RCD-02")
    assert rcd02.status == "met"
    assert rcd02.due == date(2026, 8, 5)


def test_a_reassessment_replaces_the_picture_and_keeps_the_first_moment() -> None:
    state = run([
        *MADE,
        assessed(signs=["stated-pregnancy"], needs=["maternity-care"]),
        assessed("2026-08-20T11:00", signs=["trauma-signs"], categories=["pregnant"],
                 needs=["mental-health-care"]),
    ])  # fmt: skip
    needs = state.reception_needs
    assert needs is not None
    assert needs.assessments == 2
    assert needs.first_assessed_at == datetime(2026, 7, 9, 10, 0)
    assert needs.assessed_at == datetime(2026, 8, 20, 11, 0)
    assert needs.categories == ["mental-disorder", "pregnant"]
    assert needs.needs == ["mental-health-care"]
    # The deadline was met by the first assessment, not moved by the second.
    assert entry(state, "RCD-02").closed_at == datetime(2026, 7, 9, 10, 0)


@pytest.mark.parametrize(
    ("history", "event", "rule"),
    [
        # A case opened by another member state's request has no application here.
        ([ev("take_charge_request_received", "2026-07-06T10:00", member_state="DEU")],
         assessed(), "RCD Art. 25(1)"),
        (MADE, assessed(needs=["mental-health-care"], referral="psychologist"),
         "RCD Art. 25(2)(c)"),
        (MADE, assessed(support=["extra-guidance"]), "RCD Art. 25(4)"),
    ],
    ids=["no application", "referral without consent", "support without a need"],
)  # fmt: skip
def test_an_assessment_the_article_does_not_allow_is_refused(
    history: list[object], event: object, rule: str
) -> None:
    with pytest.raises(TransitionError) as caught:
        run([*history, event])  # type: ignore[list-item]
    assert caught.value.rule == rule


def test_an_unknown_code_is_refused_by_name() -> None:
    with pytest.raises(EventError, match="unknown code 'sad'"):
        assessed(signs=["sad"])


def test_coa_records_no_routing_facts_any_more() -> None:
    coa_events = EVENT_TYPES[Organisation.COA]
    assert coa_events is not None
    assert "special_needs_assessed" in coa_events
    assert "vulnerability_assessed" not in coa_events  # it carries routing facts
    assert "facts" not in type(assessed()).model_fields


def test_the_health_detail_is_for_coa_and_the_monitors_the_ind_sees_the_signal_only() -> None:
    event = assessed(signs=["stated-rape"], needs=["women-only-housing"], detail="told at intake",
                     procedural_guarantees=True, note="see file")  # fmt: skip
    payload = event.model_dump(mode="json", exclude={"type", "occurred_at"})
    for_ind = payload_view(IND, "special_needs_assessed", payload)
    assert for_ind == {"procedural_guarantees": True}
    assert payload_view(COA, "special_needs_assessed", payload) == payload
    assert payload_view(MONITOR, "special_needs_assessed", payload) == payload
    state = to_document(run([*MADE, event]))
    assert "reception_needs" not in case_view(IND, state)
    assert case_view(IND, state)["procedural_guarantees_signal"] is True
    assert case_view(COA, state)["reception_needs"]["categories"] == ["rape-survivor"]


GZA = Principal(subject="g", name="G", organisation=Organisation.GZA, role=Role.PRACTITIONER)


def test_the_health_partner_sees_who_and_what_coa_found_nothing_of_the_procedure() -> None:
    event = assessed(signs=["stated-torture"], referral="psychologist", referral_consent=True)
    state = to_document(run([*MADE, event]))
    view = case_view(GZA, state)
    assert view["reception_needs"]["referral"] == "psychologist"
    assert {"deadlines", "decision", "routing", "facts", "dublin", "screening"}.isdisjoint(view)
    payload = event.model_dump(mode="json", exclude={"type", "occurred_at"})
    assert payload_view(GZA, "special_needs_assessed", payload)["signs"] == ["stated-torture"]


def test_the_health_partner_opens_a_case_only_after_a_referral_and_records_nothing() -> None:
    assert needs_assignment(GZA)
    assert referred_only(GZA)
    assert not referred_only(COA)
    assert decide(GZA, Action.CASE_READ, assigned=True)
    refused = decide(GZA, Action.CASE_READ, assigned=False)
    assert not refused
    assert "referred" in str(refused.reason)
    assert not decide(GZA, Action.EVENT_APPEND, event_type="special_needs_assessed")
    assert not decide(GZA, Action.WORKLIST_READ)
    assert EVENT_TYPES[Organisation.GZA] == frozenset()


@given(st.sets(st.sampled_from(sorted(vocabulary().signs))))
def test_the_categories_kept_include_every_category_a_sign_points_to(signs: set[str]) -> None:
    state = run([*MADE, assessed(signs=sorted(signs))])
    assert state.reception_needs is not None
    expected = {vocabulary().signs[s].category for s in signs} - {None}
    assert set(state.reception_needs.categories) == expected

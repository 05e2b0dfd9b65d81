"""The limits added in the 2026-12-05 edition, live on a case: dates worked out by hand.

* EDR Art. 24(2): a person aged 6 or more disembarked after a search and rescue operation —
  biometric data transmitted within 72 hours (EDR-16; hours: the event's hour is not counted).
* RCD Art. 11(3): administrative detention of an applicant — ex officio review within 15 days
  (RCD-05), release if not concluded within 21 days (RCD-06); on request the same from the start
  of the proceedings (RCD-07/08). Algemene termijnenwet: a period ending on a Saturday, Sunday or
  holiday ends on the next working day; a maximum keeps its nominal end as the alert.
* RCD Art. 16(2): a minor's access to education within two months of lodging (RCD-10), outside
  the ordinary system for at most one month (RCD-11).
* QR Art. 20(3): no residence permit within 15 days of the grant → interim measures (QR-02;
  Reg. 1182/71: a last day on a Saturday moves to the Monday).
* RBPR Art. 5(4): detention in the return border procedure ends with the 12 weeks of Art. 4(2),
  counted from the day the stay began, whenever the detention began (RBP-04).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from migrationpact.cases import AnyEvent, CaseState, TransitionError, decide, due_lapses
from tests.support.facts import PLAIN_FACTS
from tests.unit.cases.helpers import due, entry, ev, in_territory, run
from tests.unit.cases.test_stories import border_case


def lapse_until(state: CaseState, day: date) -> CaseState:
    """The lapses up to ``day`` one at a time, as the store's lapse job records them (a lapse's
    consequence may cancel another deadline that ended in the same batch)."""
    while events := due_lapses(state, as_of=day):
        state = decide(state, events[0])
    return state


def _sar(born: str) -> AnyEvent:
    # Disembarked Fri 4 Sep 2026 22:30.
    person = {"pseudonym": "P-SAR", "date_of_birth": born}
    return ev("screening_started", "2026-09-04T22:30", entry="sar-disembarkation", person=person)


def test_a_disembarked_adult_has_72_hours_for_eurodac() -> None:
    state = run([_sar("1990-05-01")])
    # 22:30 → the clock starts 23:00 → 72 h → Mon 7 Sep 2026 23:00.
    assert due(state, "EDR-16") == datetime(2026, 9, 7, 23, 0)
    assert entry(state, "EDR-16").organisation == "KMar"
    done = decide(state, ev("biometrics_taken", "2026-09-06T10:00"))
    assert entry(done, "EDR-16").status == "met"


def test_a_disembarked_child_under_6_has_no_eurodac_limit() -> None:
    state = run([_sar("2022-01-01")])  # aged 4
    assert state.deadline("EDR-16") is None


def test_the_eurodac_limit_of_a_disembarked_person_lapses_without_consequence() -> None:
    state = lapse_until(run([_sar("1990-05-01")]), date(2026, 9, 8))
    assert entry(state, "EDR-16").status == "lapsed"
    assert [c.code for c in state.consequences if c.rule_id == "EDR-16"] == ["none"]


# --- RCD Art. 11(3) ---------------------------------------------------------------------------

# Made Mon 6 Jul 2026, registered Wed 8 Jul; detained for a Dublin transfer Fri 2 Oct 2026.
DETAINED = [*in_territory(), ev("detained", "2026-10-02T09:00", ground="dublin-transfer")]


def test_detention_starts_the_ex_officio_review_and_its_release_limit() -> None:
    state = run(DETAINED)
    # RCD-05: 15 days from Fri 2 Oct → Sat 17 Oct 2026 → Atw → Mon 19 Oct 2026.
    assert due(state, "RCD-05") == date(2026, 10, 19)
    # RCD-06: 21 days from Fri 2 Oct → Fri 23 Oct 2026 (a maximum; a Friday, no roll).
    release = entry(state, "RCD-06")
    assert (release.due, release.alert_on, release.maximum) == (
        date(2026, 10, 23), date(2026, 10, 23), True,
    )  # fmt: skip


def test_a_requested_review_runs_from_the_request_and_a_review_meets_all() -> None:
    state = run([*DETAINED, ev("detention_review_requested", "2026-10-05T11:00")])
    # RCD-07: 15 days from Mon 5 Oct → Tue 20 Oct 2026; RCD-08: 21 days → Mon 26 Oct 2026.
    assert (due(state, "RCD-07"), due(state, "RCD-08")) == (date(2026, 10, 20), date(2026, 10, 26))
    with pytest.raises(TransitionError, match="pending"):
        decide(state, ev("detention_review_requested", "2026-10-06T11:00"))
    state = decide(state, ev("detention_reviewed", "2026-10-14T15:00", lawful=True))
    assert {entry(state, k).status for k in ("RCD-05", "RCD-06", "RCD-07", "RCD-08")} == {"met"}


def test_no_review_in_21_days_means_release() -> None:
    state = lapse_until(run(DETAINED), date(2026, 10, 23))
    codes = {c.rule_id: c.code for c in state.consequences}
    assert codes["RCD-06"] == "release-review-not-concluded"
    assert codes["RCD-05"] == "none"


def test_release_cancels_the_review_limits() -> None:
    state = run([*DETAINED, ev("released", "2026-10-06T10:00")])
    assert {entry(state, "RCD-05").status, entry(state, "RCD-06").status} == {"cancelled"}
    with pytest.raises(TransitionError, match="not detained"):
        decide(state, ev("detention_review_requested", "2026-10-07T10:00"))


@pytest.mark.parametrize("ground", ["imprisonment", "return"])
def test_detention_that_is_not_reception_detention_starts_no_review(ground: str) -> None:
    state = run([*in_territory(), ev("detained", "2026-10-02T09:00", ground=ground)])
    assert state.deadline("RCD-05") is None


# --- RCD Art. 16(2) ---------------------------------------------------------------------------


def _minor(age: int) -> list[AnyEvent]:
    # Made Fri 28 Aug 2026, registered Tue 1 Sep, lodged Tue 15 Sep 2026.
    facts = {**PLAIN_FACTS, "nationality": "SYR", "age": age}
    return [
        ev("application_made", "2026-08-28T10:00", entry="in-territory", facts=facts),
        ev("application_registered", "2026-09-01T09:00"),
        ev("application_lodged", "2026-09-15T10:00"),
    ]


def test_a_minor_is_schooled_within_two_months_of_lodging() -> None:
    state = run(_minor(15))
    # RCD-10: 2 months from Tue 15 Sep → Sun 15 Nov 2026 → Atw → Mon 16 Nov 2026.
    assert due(state, "RCD-10") == date(2026, 11, 16)
    assert entry(state, "RCD-10").organisation == "COA"
    # Temporary education outside the ordinary system from Mon 2 Nov: RCD-10 met, RCD-11 runs
    # 1 month → Wed 2 Dec 2026.
    state = decide(state, ev("education_access_given", "2026-11-02T09:00",
                             outside_ordinary_system=True))  # fmt: skip
    assert entry(state, "RCD-10").status == "met"
    assert due(state, "RCD-11") == date(2026, 12, 2)
    state = decide(state, ev("education_access_given", "2026-11-30T09:00"))
    assert entry(state, "RCD-11").status == "met"


def test_an_adult_without_children_has_no_schooling_limit() -> None:
    state = run(_minor(30))
    assert state.deadline("RCD-10") is None
    with pytest.raises(TransitionError, match="waiting for education"):
        decide(state, ev("education_access_given", "2026-11-02T09:00"))


# --- QR Art. 20(3) ----------------------------------------------------------------------------

GRANTED = [
    *in_territory(),
    ev("application_lodged", "2026-07-13T10:00"),
    ev("decision_taken", "2026-11-06T10:00", outcome="refugee-status"),  # Fri 6 Nov 2026
    ev("decision_notified", "2026-11-09T10:00"),  # Mon 9 Nov 2026
]


def test_a_grant_starts_the_interim_measures_limit_and_the_permit_meets_it() -> None:
    state = run(GRANTED)
    # QR-02: 15 days from Fri 6 Nov → Sat 21 Nov 2026 → Mon 23 Nov 2026 (1182/71 Art 3(4)).
    assert due(state, "QR-02") == date(2026, 11, 23)
    # QR-01: 90 days from Mon 9 Nov 2026 → Sun 7 Feb 2027 → Mon 8 Feb 2027.
    assert due(state, "QR-01") == date(2027, 2, 8)
    state = decide(state, ev("residence_permit_issued", "2026-11-20T12:00"))
    assert {entry(state, "QR-01").status, entry(state, "QR-02").status} == {"met"}
    with pytest.raises(TransitionError, match="no residence permit is due"):
        decide(state, ev("residence_permit_issued", "2026-11-21T12:00"))


def test_no_permit_in_15_days_calls_for_interim_measures() -> None:
    state = lapse_until(run(GRANTED), date(2026, 11, 23))
    assert [c.code for c in state.consequences if c.rule_id == "QR-02"] == [
        "interim-measures-required"
    ]


# --- RBPR Art. 5(4) ---------------------------------------------------------------------------


def test_detention_in_the_return_border_procedure_ends_with_the_12_weeks() -> None:
    state = lapse_until(run(border_case()), date(2026, 8, 15))
    state = decide(state, ev("return_border_procedure_started", "2026-08-17T09:00"))
    # Detained Wed 2 Sep 2026; RBP-04 runs from the stay's start Mon 17 Aug 2026: 12 weeks →
    # Mon 9 Nov 2026 (not 12 weeks from the detention, Wed 25 Nov), as RBP-01.
    state = decide(state, ev("detained", "2026-09-02T09:00", ground="return"))
    assert entry(state, "RBP-04").due == entry(state, "RBP-01").due == date(2026, 11, 9)
    assert entry(state, "RBP-04").maximum
    assert state.deadline("RCD-05") is None  # return detention is not reception detention
    ended = lapse_until(state, date(2026, 11, 9))
    codes = {c.rule_id: c.code for c in ended.consequences}
    assert codes["RBP-04"] == "return-border-detention-ends"
    released = decide(state, ev("released", "2026-09-10T09:00"))
    assert entry(released, "RBP-04").status == "cancelled"

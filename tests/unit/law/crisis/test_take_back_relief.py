"""CFMR Art. 13(1): take-back relief only for applications registered in the period the Council
decision sets, never more than four months before its adoption — worked by hand.

The fictional decision: a mass arrival in the Netherlands, adopted Mon 22 Feb 2027, applying
1 Mar – 31 May 2027, listing CFMR Art 13, and setting the relief period 1 Oct 2026 – 31 May 2027
(which reaches back further than Art. 13(1) allows).

* Registered Thu 22 Oct 2026: four months end Mon 22 Feb 2027, the adoption day: covered.
* Registered Wed 21 Oct 2026: four months end Sun 21 Feb 2027 (Reg. 1182/71 would move an act's
  end to Mon 22 Feb, but the limit is on the adoption, so the end is not moved): the decision
  came later, so the relief does not cover it, although the decision's period does.
* Registered Wed 30 Sep 2026 or Tue 1 Jun 2027: outside the decision's period: not covered.
"""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from migrationpact.law.crisis import CrisisDecision, CrisisError, CrisisRegister
from migrationpact.law.crisis.relief import take_back_relief

DECISION = CrisisDecision(
    "FICTIONAL-NL-RELIEF", "fictional", "mass-arrival", "NL", date(2027, 3, 1),
    date(2027, 5, 31), ("CFMR Art 10", "CFMR Art 12", "CFMR Art 13"), "fictional", False,
    adopted_on=date(2027, 2, 22), relief_registered_from=date(2026, 10, 1),
    relief_registered_to=date(2027, 5, 31),
)  # fmt: skip


def test_exactly_four_months_before_the_adoption_is_covered() -> None:
    relief = take_back_relief(DECISION, date(2026, 10, 22))
    assert relief.applies
    assert "2027-02-22" in relief.steps[-1][0]
    assert relief.steps[-1][1] == "CFMR Art. 13(1), last subpara."
    assert relief.rule_set_version is not None


def test_one_day_more_is_not_covered_although_the_decisions_period_is() -> None:
    relief = take_back_relief(DECISION, date(2026, 10, 21))
    assert not relief.applies
    assert "2027-02-21" in relief.steps[-1][0]  # the nominal end, not Monday 22 Feb
    assert "not applied to this application" in relief.steps[-1][0]
    assert "does not apply" in relief.explain()


@pytest.mark.parametrize("day", [date(2026, 9, 30), date(2027, 6, 1)])
def test_outside_the_period_the_decision_sets(day: date) -> None:
    relief = take_back_relief(DECISION, day)
    assert not relief.applies
    assert "outside the period 2026-10-01 – 2027-05-31" in relief.steps[-1][0]


@pytest.mark.parametrize(
    ("decision", "why"),
    [
        (replace(DECISION, situation="instrumentalisation"), "mass arrivals"),
        (replace(DECISION, situation="force-majeure"), "mass arrivals"),
        (replace(DECISION, derogations=("CFMR Art 12",)), "does not list CFMR Art 13"),
        (replace(DECISION, relief_registered_from=None, relief_registered_to=None),
         "no registration period"),
    ],
)  # fmt: skip
def test_no_relief_without_a_mass_arrival_decision_that_grants_it(
    decision: CrisisDecision, why: str
) -> None:
    relief = take_back_relief(decision, date(2026, 12, 1))
    assert not relief.applies
    assert why in relief.steps[-1][0]


def test_the_register_records_the_adoption_and_the_relief_period() -> None:
    data = {"decisions": [DECISION.to_dict()]}
    loaded = CrisisRegister.from_data(data, "test").get(DECISION.id)
    assert loaded == DECISION
    without = {k: v for k, v in DECISION.to_dict().items() if k != "adopted_on"}
    with pytest.raises(CrisisError, match="needs adopted_on"):
        CrisisRegister.from_data({"decisions": [without]}, "test")
    backwards = {**DECISION.to_dict(), "relief_registered_to": "2026-09-01"}
    with pytest.raises(CrisisError, match="before relief_registered_from"):
        CrisisRegister.from_data({"decisions": [backwards]}, "test")


def test_a_decision_without_the_new_fields_keeps_its_record() -> None:
    plain = replace(DECISION, adopted_on=None, relief_registered_from=None,
                    relief_registered_to=None)  # fmt: skip
    assert "adopted_on" not in plain.to_dict()
    assert "relief_registered_from" not in plain.to_dict()


def _four_months_after(day: date) -> date:
    """Same day number four months later, or the last day of that month (by hand)."""
    month = day.month + 4
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@given(
    registered=st.dates(min_value=date(2026, 10, 1), max_value=date(2027, 5, 31)),
    adopted=st.dates(min_value=date(2026, 12, 1), max_value=date(2027, 5, 31)),
)
def test_covered_exactly_when_adopted_within_four_months_of_registration(
    registered: date, adopted: date
) -> None:
    decision = replace(DECISION, adopted_on=adopted)
    relief = take_back_relief(decision, registered)
    assert relief.applies == (adopted <= _four_months_after(registered))


@given(registered=st.dates(min_value=date(2026, 10, 1), max_value=date(2027, 5, 31)))
def test_a_later_registration_is_never_worse_off(registered: date) -> None:
    if take_back_relief(DECISION, registered).applies and registered < date(2027, 5, 31):
        assert take_back_relief(DECISION, registered + timedelta(days=1)).applies

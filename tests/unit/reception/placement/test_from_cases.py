"""Each rule that turns cases and sites into the solver's input, on hand-made cases: who waits,
age and composition, needs, phase, families, and which units are offered."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest

from migrationpact.cases.models import FamilyGroup, FamilyMember, Person, ReceptionNeeds
from migrationpact.cases.state import CaseState, Decision, DublinTrack, initial_state
from migrationpact.law.routing.facts import Facts
from migrationpact.reception.placement import PlacementInput, place
from migrationpact.reception.placement.from_cases import (
    Lodging,
    households,
    needs_of,
    phase_of,
    units_and_sites,
    waiting,
)
from migrationpact.reception.placement.model import Needs
from migrationpact.reception.sites.events import UnitAttributes
from migrationpact.reception.sites.state import SiteState, SiteStatus, Unit

DAY = date(2026, 9, 1)
MADE = datetime(2026, 7, 1, 10, 0)


def case(case_id: str, born: date | None = date(1990, 3, 2), **changes: Any) -> CaseState:
    person = Person(pseudonym=f"P-{case_id}", date_of_birth=born, sex="F")
    return replace(initial_state(case_id), **{"made_at": MADE, "person": person, **changes})


def test_waiting_means_open_with_an_application_made() -> None:
    made = case("C1")
    closed = case("C2", closed=True)
    screened_only = case("C3", made_at=None)
    assert [s.case_id for s in waiting([closed, screened_only, made])] == ["C1"]


def test_age_comes_from_the_date_of_birth_on_the_day_else_from_the_age_fact() -> None:
    found, _, _ = households([case("C1", born=date(1990, 9, 2))], DAY)
    assert found[0].members[0].age == 35  # 36 only from 2 September 2026
    no_birth = replace(case("C2", born=None), facts=Facts(age=41))
    found, _, _ = households([no_birth], DAY)
    assert (found[0].members[0].age, found[0].composition) == (41, "single-adult")


def test_a_case_without_any_age_is_skipped_with_the_reason() -> None:
    found, _, skipped = households([case("C1", born=None)], DAY)
    assert found == []
    assert [(s.case_id, s.reason) for s in skipped] == [
        ("C1", "no date of birth or age is recorded")
    ]


def test_a_minor_alone_is_uam_only_when_the_facts_say_unaccompanied() -> None:
    minor = case("C1", born=date(2010, 1, 1), facts=Facts(unaccompanied=True))
    found, _, _ = households([minor], DAY)
    assert (found[0].composition, found[0].members[0].age) == ("uam", 16)
    unknown = case("C2", born=date(2010, 1, 1))
    found, _, skipped = households([unknown], DAY)
    assert found == []
    assert "unaccompanied" in skipped[0].reason


def test_cases_of_one_family_group_are_one_household_with_the_listed_children() -> None:
    group = FamilyGroup(
        group_id="G1",
        members=[
            FamilyMember(relation="spouse", case_id="C2"),
            FamilyMember(relation="child"),
            FamilyMember(relation="sibling", member_state="DEU"),  # not here
        ],
    )
    mother = case("C1", family=group)
    father = replace(case("C2", family=FamilyGroup(group_id="G1")), person=Person(
        pseudonym="P-C2", date_of_birth=date(1985, 1, 1), sex="M"))  # fmt: skip
    found, cases, _ = households([father, mother], DAY)
    assert [h.id for h in found] == ["family:G1"]
    assert cases["family:G1"] == ["C1", "C2"]
    assert found[0].composition == "family"
    assert [(m.age, m.sex) for m in found[0].members] == [(36, "F"), (41, "M"), (0, "X")]
    assert found[0].has_minors


def test_a_household_that_moves_keeps_its_unit_and_its_childrens_school_municipality() -> None:
    notified = DublinTrack(transfer_decision_notified_at=datetime(2026, 8, 11, 10, 0))
    lives = {"C1": Lodging("AZC-1/A", "AZC", "GM0106")}
    group = FamilyGroup(group_id="G1", members=[FamilyMember(relation="child")])
    mother = case("C1", family=group, dublin=notified)
    child = case("C2", born=date(2018, 5, 1), family=FamilyGroup(group_id="G1"), dublin=notified)
    [family], _, _ = households([mother, child], DAY, lives)
    assert (family.current_unit, family.school_municipality) == ("AZC-1/A", "GM0106")
    [alone], _, _ = households([case("C1", dublin=notified)], DAY, lives)
    assert (alone.current_unit, alone.school_municipality) == ("AZC-1/A", None)  # no school age
    [baby], _, _ = households([mother], DAY, lives)  # a listed child counts as 0 years old
    assert baby.school_municipality is None


def test_needs_become_the_unit_attributes_the_needs_data_names() -> None:
    assessed = ReceptionNeeds(
        first_assessed_at=MADE,
        assessed_at=MADE,
        needs=["accessible-housing", "maternity-care", "mental-health-care", "minor-reception"],
    )
    assert needs_of([case("C1", reception_needs=assessed)]) == Needs(accessible=True, medical=True)
    lgbti = assessed.model_copy(update={"needs": ["lgbti-safe-housing", "women-only-housing"]})
    assert needs_of([case("C1", reception_needs=lgbti)]) == Needs(lgbti=True, women_only=True)
    assert needs_of([case("C1")]) == Needs()


def test_the_phase_of_a_case() -> None:
    assert phase_of(case("C1")) == "procedure"
    assert phase_of(case("C1", procedure="border")) == "border"
    notified = DublinTrack(transfer_decision_notified_at=datetime(2026, 8, 11, 10, 0))
    assert phase_of(case("C1", dublin=notified)) == "transfer"
    gone = replace(notified, transferred_at=datetime(2026, 9, 15, 10, 0))
    assert phase_of(case("C1", dublin=gone)) == "procedure"
    rejected = Decision(
        outcome="unfounded",
        taken_at=datetime(2026, 8, 1, 10, 0),
        taken_seq=7,
        notified_at=datetime(2026, 8, 2, 10, 0),
        right_to_remain=False,
        final=True,
    )
    assert phase_of(case("C1", decision=rejected)) == "departure"
    granted = replace(rejected, outcome="refugee-status")
    assert phase_of(case("C1", decision=granted)) == "procedure"


def site(site_id: str, status: SiteStatus | None = "open", **kind: Any) -> SiteState:
    units = (
        Unit(unit_id="A", capacity=10, occupied=4, attributes=UnitAttributes(**kind)),
        Unit(unit_id="B", capacity=5, closed=True),
    )
    return SiteState(
        site_id=site_id, municipality="GM0106", location_type="AZC", status=status, units=units
    )


def test_only_open_sites_and_their_open_units_are_offered() -> None:
    units, sites = units_and_sites(
        [site("S2", uam=True, age_min=12, age_max=17), site("S1", status="closed")]
    )
    assert [s.id for s in sites] == ["S2"]
    assert [(u.id, u.location_type, u.free) for u in units] == [("S2/A", "AZC", 6)]
    assert units[0].uam is not None
    assert (units[0].uam.age_min, units[0].uam.age_max) == (12, 17)


def test_the_mapped_input_is_solved() -> None:
    units, sites = units_and_sites([site("S1", single_adults=True)])
    found, _, _ = households([case("C1")], DAY)
    result = place(PlacementInput(households=tuple(found), units=tuple(units), sites=tuple(sites)))
    assert [(p.household, p.unit) for p in result.placements] == [("C1", "S1/A")]


@pytest.mark.parametrize("status", [None, "registered"])
def test_a_site_not_yet_open_is_not_offered(status: SiteStatus | None) -> None:
    assert units_and_sites([site("S1", status=status, families=True)]) == ([], [])


def test_a_units_attributes_are_the_solvers() -> None:
    units, _ = units_and_sites(
        [site("S1", single_adults=True, women_only=True, accessible=True, medical=True)]
    )
    unit = units[0]
    assert (unit.single_adults, unit.women_only, unit.accessible, unit.medical) == (
        True, True, True, True
    )  # fmt: skip
    assert (unit.families, unit.lgbti, unit.uam) == (False, False, None)

"""The IND office, family ties and site coordinates reach the solver from the cases and sites.

Worked examples, by hand from the great-circle distance (R = 6,371 km) and the default weights
(``data/weights.yaml``: proximity 10 points per 100 km, ties 15 points):

- IND Zevenaar (51.930 N, 6.071 E) to a site in Arnhem (51.99 N, 5.90 E): 0.06 deg of latitude
  is 6.7 km, 0.171 deg of longitude at 51.96 N is 11.7 km, together 13.5 km: -1.35 points;
  to a site in Groningen (53.22 N, 6.57 E): 143.4 km north and 33.7 km east, 147.3 km: -14.7.
- A family whose relative lives in Groningen scores 15 points there for the tie.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest

from migrationpact.cases.models import FamilyGroup, FamilyMember, Person
from migrationpact.cases.state import CaseState, DublinTrack, initial_state
from migrationpact.reception.placement import PlacementInput, place
from migrationpact.reception.placement.from_cases import (
    Lodging,
    households,
    ind_office_of,
    ties_of,
    units_and_sites,
)
from migrationpact.reception.placement.offices import ind_offices
from migrationpact.reception.sites.events import UnitAttributes
from migrationpact.reception.sites.state import SiteState, Unit

DAY = date(2026, 9, 1)
MADE = datetime(2026, 7, 1, 10, 0)
ARNHEM, GRONINGEN = (51.99, 5.90), (53.22, 6.57)


def case(case_id: str, born: date = date(1990, 3, 2), **changes: Any) -> CaseState:
    person = Person(pseudonym=f"P-{case_id}", date_of_birth=born, sex="F")
    return replace(initial_state(case_id), **{"made_at": MADE, "person": person, **changes})


def site(site_id: str, municipality: str, point: tuple[float, float] | None) -> SiteState:
    attributes = UnitAttributes(families=True, single_adults=True)
    return SiteState(
        site_id=site_id, municipality=municipality, location_type="AZC", status="open",
        units=(Unit(unit_id="A", capacity=10, attributes=attributes),), coordinates=point,
    )  # fmt: skip


def family(relative_lives_in: str | None, group: str = "G1") -> list[CaseState]:
    relative = [
        FamilyMember(relation="sibling", member_state="NLD", municipality=relative_lives_in)
    ]
    listing = [FamilyMember(relation="child"), *(relative if relative_lives_in else [])]
    return [case("C1", family=FamilyGroup(group_id=group, members=listing))]


def proposal(states: list[CaseState], sites: list[SiteState]) -> Any:
    """The solver's answer for ``states`` and ``sites``, mapped as the service maps them."""
    units, solver_sites = units_and_sites(sites)
    found, _, _ = households(states, DAY)
    offices, found, _ = ind_offices(found, solver_sites)
    problem = PlacementInput(
        households=tuple(found), units=tuple(units), sites=tuple(solver_sites),
        ind_offices=tuple(offices),
    )  # fmt: skip
    return place(problem)


def goals(placement: Any) -> dict[str, float]:
    return {g.goal: g.points for g in placement.goals}


# --- the IND office ------------------------------------------------------------------------


def test_the_case_office_reaches_the_household_and_the_solver_places_it_near() -> None:
    result = proposal(
        [case("C1", ind_office="zevenaar")],
        [site("AZC-GRONINGEN", "GM0014", GRONINGEN), site("AZC-ARNHEM", "GM0202", ARNHEM)],
    )
    (placed,) = result.placements
    assert placed.unit == "AZC-ARNHEM/A"
    assert goals(placed)["proximity"] == pytest.approx(-1.35, abs=0.01)
    assert placed.next_best is not None
    assert placed.next_best.score_difference == pytest.approx(14.735 - 1.348, abs=0.01)


def test_without_an_office_proximity_does_not_score() -> None:
    result = proposal([case("C1")], [site("AZC-ARNHEM", "GM0202", ARNHEM)])
    assert "proximity" not in goals(result.placements[0])


def test_a_family_takes_the_office_of_its_first_case_that_has_one() -> None:
    group = [case("C2", ind_office="budel"), case("C1"), case("C3", ind_office="ter-apel")]
    assert ind_office_of(group) == "budel"
    assert ind_office_of([case("C1")]) is None


def test_only_people_in_the_procedure_keep_their_office() -> None:
    notified = DublinTrack(transfer_decision_notified_at=datetime(2026, 8, 1, 10, 0))
    found, _, _ = households(
        [case("C1", ind_office="zevenaar"), case("C2", ind_office="zevenaar", dublin=notified),
         case("C3", ind_office="schiphol", procedure="border")],
        DAY,
    )  # fmt: skip
    assert {h.id: (h.phase, h.ind_office) for h in found} == {
        "C1": ("procedure", "zevenaar"),
        "C2": ("transfer", None),
        "C3": ("border", "schiphol"),
    }


def test_a_site_without_coordinates_turns_the_goal_off_and_is_named() -> None:
    _, sites = units_and_sites(
        [site("AZC-ARNHEM", "GM0202", ARNHEM), site("AZC-X", "GM0014", None)]
    )
    found, _, _ = households([case("C1", ind_office="zevenaar")], DAY)
    offices, kept, unlocated = ind_offices(found, sites)
    assert (offices, kept[0].ind_office, unlocated) == ([], None, ["AZC-X"])
    # without offices named, nobody misses the goal: no site is reported
    assert ind_offices(households([case("C1")], DAY)[0], sites)[2] == []


def test_the_offices_are_placed_as_the_data_places_them() -> None:
    found, _, _ = households([case("C1", ind_office="zevenaar")], DAY)
    offices, _, _ = ind_offices(found, units_and_sites([site("S", "GM0202", ARNHEM)])[1])
    assert [(o.id, o.coordinates) for o in offices] == [("zevenaar", (51.930, 6.071))]


def test_the_sites_coordinates_reach_the_solver() -> None:
    _, sites = units_and_sites([site("AZC-ARNHEM", "GM0202", ARNHEM)])
    assert sites[0].coordinates == ARNHEM


# --- family ties ------------------------------------------------------------------------------


def test_a_relatives_municipality_is_a_tie_and_the_family_goes_there() -> None:
    sites = [site("AZC-ARNHEM", "GM0202", ARNHEM), site("AZC-GRONINGEN", "GM0014", GRONINGEN)]
    result = proposal(family("GM0014"), sites)
    (placed,) = result.placements
    assert placed.unit == "AZC-GRONINGEN/A"
    assert goals(placed)["ties"] == 15
    ties = next(r for r in result.needs_report if r.category == "ties")
    assert (ties.households, ties.met) == (1, 1)


def test_ties_outweigh_the_distance_to_the_office_by_a_little() -> None:
    # Groningen: 15 - 14.74 = +0.26 points; Arnhem: -1.35 points.
    states = [replace(family("GM0014")[0], ind_office="zevenaar")]
    sites = [site("AZC-ARNHEM", "GM0202", ARNHEM), site("AZC-GRONINGEN", "GM0014", GRONINGEN)]
    (placed,) = proposal(states, sites).placements
    assert placed.unit == "AZC-GRONINGEN/A"
    assert goals(placed)["ties"] + goals(placed)["proximity"] == pytest.approx(0.26, abs=0.01)


def test_a_relative_living_in_a_municipality_is_not_in_the_household() -> None:
    found, _, _ = households(family("GM0014"), DAY)
    assert (found[0].persons, found[0].tie_municipalities) == (2, ("GM0014",))
    found, _, _ = households(family(None), DAY)
    assert (found[0].persons, found[0].tie_municipalities) == (2, ())


def test_a_relative_with_a_place_is_a_tie_to_that_site_s_municipality() -> None:
    listing = FamilyGroup(group_id="G", members=[FamilyMember(relation="sibling", case_id="C9")])
    waiting = case("C1", family=listing)
    lodged = {"C9": Lodging("AZC-GRONINGEN/A", "AZC", "GM0014")}
    assert ties_of([waiting], lodged) == ("GM0014",)
    # a relative who waits in the same household is no tie
    assert ties_of([waiting, case("C9")], lodged) == ()


def test_a_placement_names_its_office_and_distance_and_says_them() -> None:
    from migrationpact.reception.placement.texts import why_here

    result = proposal([case("C1", ind_office="zevenaar")], [site("AZC-ARNHEM", "GM0202", ARNHEM)])
    (placed,) = result.placements
    assert (placed.ind_office, placed.ind_distance_km) == ("zevenaar", 13.5)
    said = [str(text) for text in why_here(placed)]
    assert "near the IND office: -1.348 points (13.5 km from zevenaar)" in said
    family_placed = proposal(family("GM0014"), [site("AZC-G", "GM0014", GRONINGEN)]).placements[0]
    assert (family_placed.ind_office, family_placed.ind_distance_km) == (None, None)
    assert "near family: 15 points (relatives live in GM0014)" in [
        str(t) for t in why_here(family_placed)
    ]

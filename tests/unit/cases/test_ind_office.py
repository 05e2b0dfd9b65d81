"""The IND office of a case: the shipped list of offices, the event that names one, what it
refuses and who sees it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.access.policy import EVENT_TYPES
from migrationpact.access.views import case_view
from migrationpact.cases import TransitionError
from migrationpact.cases.codec import from_document, to_document
from migrationpact.cases.events import EventError
from migrationpact.cases.ind_offices import IndOfficeDataError, lists, office, offices_on, read_list
from migrationpact.cases.models import FamilyMember
from migrationpact.law import municipalities
from migrationpact.law.codes import STORED
from migrationpact.law.geo import in_netherlands
from tests.unit.cases.helpers import ev, in_territory, run

MADE = in_territory(made="2026-07-06T10:00", registered="2026-07-08T09:00")
SCREENED = ev("screening_started", "2026-07-05T08:00", entry="border-crossing")


def assigned(office_code: str, at: str = "2026-07-08T11:00"):  # type: ignore[no-untyped-def]
    return ev("ind_office_assigned", at, office=office_code)


# --- the data ---------------------------------------------------------------------------------


def test_every_shipped_office_lies_in_a_known_municipality_in_the_netherlands() -> None:
    offices = [o for item in lists() for o in item.offices]
    assert offices
    for o in offices:
        assert municipalities.known(o.municipality), o.code
        assert in_netherlands(o.coordinates), o.code
        assert o.nl
        assert o.en
    # Nothing is verified yet: the file says so, office by office.
    assert not any(item.verified for item in lists())
    assert not any(o.verified for o in offices)


def test_the_list_in_force_on_a_day() -> None:
    assert [o.code for o in offices_on(date(2026, 7, 1))] == [
        "budel", "den-bosch", "rijsbergen", "schiphol", "ter-apel", "zevenaar",
    ]  # fmt: skip
    assert offices_on(date(2023, 12, 31)) == ()
    assert office("zevenaar").municipality == "GM0299"  # Zevenaar


GOOD = """valid_from: 2024-01-01
source: test
verified: false
offices:
  - {code: xy, nl: X, en: X, municipality: GM0299, coordinates: [51.93, 6.07]}
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("municipality: GM0299", "unknown municipality GM9999"),
        ("coordinates: [51.93, 6.07]", "less than or equal to 90"),
        ("coordinates: [51.93, 6.07]", "outside the Netherlands"),
        ("code: xy", "String should match pattern"),
    ],
)
def test_a_bad_file_is_one_error_naming_the_file(tmp_path: Path, change: str, message: str) -> None:
    replacement = {
        "unknown municipality GM9999": "municipality: GM9999",
        "less than or equal to 90": "coordinates: [91.0, 6.07]",
        "outside the Netherlands": "coordinates: [6.07, 51.93]",
        "String should match pattern": "code: Ter Apel",
    }[message]
    path = tmp_path / "2024-01-01.yaml"
    path.write_text(GOOD.replace(change, replacement), encoding="utf-8")
    with pytest.raises(IndOfficeDataError, match=message) as caught:
        read_list(path)
    assert str(caught.value).startswith("2024-01-01.yaml: ")


def test_an_office_listed_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "2024-01-01.yaml"
    line = "  - {code: xy, nl: X, en: X, municipality: GM0299, coordinates: [51.93, 6.07]}\n"
    path.write_text(GOOD + line, encoding="utf-8")
    with pytest.raises(IndOfficeDataError, match="office xy is listed twice"):
        read_list(path)


# --- the event --------------------------------------------------------------------------------


def test_the_ind_names_the_office_and_a_later_event_moves_the_case() -> None:
    state = run([*MADE, assigned("ter-apel")])
    assert state.ind_office == "ter-apel"
    state = run([*MADE, assigned("ter-apel"), assigned("zevenaar", "2026-07-20T09:00")])
    assert state.ind_office == "zevenaar"
    assert from_document(to_document(state)) == state


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([SCREENED, assigned("ter-apel", "2026-07-05T10:00")], "no application has been made"),
        ([*MADE, assigned("ter-apel"), assigned("ter-apel", "2026-07-09T10:00")], "already"),
    ],
)
def test_refusals(events: list[object], message: str) -> None:
    with pytest.raises(TransitionError, match=message):
        run(events)  # type: ignore[arg-type]


def test_an_office_not_on_the_list_of_the_day_is_refused() -> None:
    # The first list takes effect on 1 January 2024; an assignment dated before it is refused.
    early = in_territory(made="2023-12-20T10:00", registered="2023-12-21T09:00")
    with pytest.raises(TransitionError, match="not open on that day"):
        run([*early, assigned("ter-apel", "2023-12-22T10:00")])


@pytest.mark.parametrize("bad", ["Ter Apel", "TER-APEL", "amsterdam", ""])
def test_an_unknown_office_code_is_refused_when_read(bad: str) -> None:
    with pytest.raises(EventError, match="an IND office's code is needed"):
        assigned(bad)


def test_only_the_ind_records_it_and_coa_sees_it() -> None:
    assert EVENT_TYPES[Organisation.IND] is None  # the IND records every event
    for organisation in (Organisation.COA, Organisation.KMAR, Organisation.DTENV):
        assert "ind_office_assigned" not in (EVENT_TYPES[organisation] or ())
    state = to_document(run([*MADE, assigned("budel")]))
    coa = Principal("coa-1", "C", Organisation.COA, Role.PLANNER)
    ind = Principal("ind-1", "I", Organisation.IND, Role.CASEWORKER)
    assert case_view(coa, state)["ind_office"] == "budel"
    assert case_view(ind, state)["ind_office"] == "budel"


# --- where relatives live ---------------------------------------------------------------------


def test_a_relatives_municipality_is_a_known_cbs_code_in_the_netherlands() -> None:
    assert FamilyMember(relation="sibling", municipality="GM0363").municipality == "GM0363"
    with pytest.raises(ValueError, match="municipality's CBS code is needed"):
        FamilyMember(relation="sibling", municipality="Amsterdam")
    with pytest.raises(ValueError, match="not the Netherlands"):
        FamilyMember(relation="sibling", member_state="DEU", municipality="GM0363")
    # A value stored before the check is read back as it was.
    stored = FamilyMember.model_validate(
        {"relation": "sibling", "municipality": "Amsterdam"}, context=STORED
    )
    assert stored.municipality == "Amsterdam"

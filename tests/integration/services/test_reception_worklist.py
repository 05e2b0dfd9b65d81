"""The reception worklist's use case, on SQLite and PostgreSQL: a case waits for information
until it is given (RCD-01 met), for an assessment until it is made, and for a place while its
application is made and no place is known; a case only in screening waits for nothing yet; the
cases with a place are left out; COA's caseworkers and the IND are refused, and every case
shown is in the access log."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.reception.placement.from_cases import Lodging
from migrationpact.services.errors import Forbidden, Invalid
from migrationpact.services.reception_worklist import needs_place, reception_worklist
from migrationpact.store.accesslog import access_entries
from migrationpact.store.eventstore import EventStore
from migrationpact.store.states import read_open_states
from tests.integration.store.flows import TO_DECISION, drive

PLANNER = Principal(subject="coa-1", name="P", organisation=Organisation.COA, role=Role.PLANNER)
TODAY = date(2026, 7, 20)
MADE: dict[str, Any] = {
    "type": "application_made",
    "occurred_at": "2026-07-06T10:00",
    "entry": "in-territory",
    "facts": {"nationality": "SYR", "age": 30},
    "person": {"pseudonym": "P-1", "names": ["Amal", "Haddad"]},
}
INFORMED: dict[str, Any] = {
    "type": "reception_information_given",
    "occurred_at": "2026-07-07T10:00",
}


@pytest.fixture
def cases(store: EventStore) -> EventStore:
    drive(store, "C-WAITS", [MADE])
    drive(store, "C-INFORMED", [{**MADE, "occurred_at": "2026-07-01T10:00"}, INFORMED], org="COA")
    drive(store, "C-SCREENED", TO_DECISION[:1])  # screening only: no application yet
    return store


def _needs(store: EventStore, **kwargs: Any) -> set[tuple[str, str]]:
    found = reception_worklist(store=store, principal=PLANNER, as_of=TODAY, **kwargs)
    return {(i.need, i.case_id) for i in found.items}


def test_each_case_waits_for_what_coa_still_owes_it(cases: EventStore) -> None:
    assert _needs(cases) == {
        ("information", "C-WAITS"),
        ("assessment", "C-WAITS"),
        ("place", "C-WAITS"),
        ("assessment", "C-INFORMED"),  # RCD-01 met by the information given
        ("place", "C-INFORMED"),
    }
    items = reception_worklist(store=cases, principal=PLANNER, as_of=TODAY).items
    days = [i.day for i in items]
    assert days == sorted(days)
    information = next(i for i in items if i.need == "information")
    assert (information.rule_id, information.person_name) == ("RCD-01", "Amal Haddad")
    assert information.overdue  # three days from 6 July, read on 20 July


def test_the_filters_and_the_cases_with_a_place(cases: EventStore) -> None:
    assert _needs(cases, need="place") == {("place", "C-WAITS"), ("place", "C-INFORMED")}
    assert _needs(cases, overdue=True) == {("information", "C-WAITS")}
    with pytest.raises(Invalid):
        reception_worklist(store=cases, principal=PLANNER, as_of=TODAY, need="bed")


def test_needs_place_leaves_out_who_has_a_suitable_place_and_moves_who_has_not(
    cases: EventStore,
) -> None:
    states = read_open_states(cases.engine).values()
    found = [(need, s.case_id) for need, s in needs_place(states, {})]
    assert found == [("place", "C-INFORMED"), ("place", "C-WAITS")]
    in_azc = {"C-INFORMED": Lodging("AZC-1/A", "AZC")}  # in the procedure: where it belongs
    assert [(n, s.case_id) for n, s in needs_place(states, in_azc)] == [("place", "C-WAITS")]
    in_dol = {"C-INFORMED": Lodging("DOL-1/A", "DOL")}  # no transfer decision: must move
    found = [(n, s.case_id) for n, s in needs_place(states, in_dol)]
    assert found == [("move", "C-INFORMED"), ("place", "C-WAITS")]


@pytest.mark.parametrize(
    ("organisation", "role"),
    [(Organisation.COA, Role.CASEWORKER), (Organisation.IND, Role.CASEWORKER),
     (Organisation.INSPECTIE, Role.MONITOR)],
)  # fmt: skip
def test_only_coas_planners_and_supervisors(
    cases: EventStore, organisation: Organisation, role: Role
) -> None:
    other = Principal(subject="x", name="X", organisation=organisation, role=role)
    with pytest.raises(Forbidden):
        reception_worklist(store=cases, principal=other, as_of=TODAY)
    supervisor = Principal(
        subject="s", name="S", organisation=Organisation.COA, role=Role.SUPERVISOR
    )
    assert reception_worklist(store=cases, principal=supervisor, as_of=TODAY).items


def test_every_case_shown_is_logged_once(cases: EventStore) -> None:
    reception_worklist(store=cases, principal=PLANNER, as_of=TODAY)
    logged = list(access_entries(cases.engine, actor=PLANNER.actor))
    assert sorted(e.case_id or "" for e in logged) == ["C-INFORMED", "C-WAITS"]
    assert {e.action for e in logged} == {"reception.worklist"}
    assert "person.names" in logged[0].fields


def test_a_limit_shows_and_logs_the_first_items_and_counts_them_all(cases: EventStore) -> None:
    first = reception_worklist(store=cases, principal=PLANNER, as_of=TODAY, limit=1)
    assert first.total == 5
    [item] = first.items
    assert (item.need, item.case_id) == ("place", "C-INFORMED")  # made on 1 July: first
    logged = access_entries(cases.engine, actor=PLANNER.actor)
    assert [e.case_id for e in logged] == ["C-INFORMED"]
    with pytest.raises(Invalid):
        reception_worklist(store=cases, principal=PLANNER, as_of=TODAY, limit=0)

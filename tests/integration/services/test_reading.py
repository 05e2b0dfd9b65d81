"""Reading a case, listing cases and the worklist through the use cases, on SQLite and
PostgreSQL: what each principal gets, what the access log says, and what is refused.
"""

from __future__ import annotations

from datetime import date

import pytest

from migrationpact.services.case_pages import list_cases
from migrationpact.services.errors import Forbidden, Invalid, NotFound
from migrationpact.services.reading import (
    Asking,
    read_case,
    read_deadlines,
    read_timeline,
)
from migrationpact.services.worklist import worklist
from migrationpact.store.accesslog import access_entries
from migrationpact.store.assignments import assign
from migrationpact.store.eventstore import EventStore
from tests.integration.services.people import ANALYST, COA, COUNSEL, IND
from tests.integration.store.flows import TO_DECISION, drive


@pytest.fixture
def cases(store: EventStore) -> EventStore:
    """``C-1`` registered (seq 4) and ``C-2`` screened; the counsellor has ``C-2``."""
    drive(store, "C-1", TO_DECISION[:4])
    drive(store, "C-2", TO_DECISION[:1])
    assign(
        store.engine, case_id="C-2", assignee="counsel-1", organisation="legal-counselling",
        assigned_by="ind-1",
    )  # fmt: skip
    return store


def test_a_read_writes_an_access_log_row_with_its_fields(cases: EventStore) -> None:
    read = read_case(
        store=cases, principal=COA, case_id="C-1", timeline=True,
        asking=Asking(purpose="placement", request_id="r-1"),
    )  # fmt: skip
    assert read.state.seq == 4
    assert "person" in read.view
    assert "routing" not in read.view
    assert read.records is None  # COA does not see the timeline
    (entry,) = access_entries(cases.engine)
    assert (entry.actor, entry.action, entry.outcome) == ("coa-1", "case.read", "granted")
    assert (entry.purpose, entry.request_id) == ("placement", "r-1")
    assert list(entry.fields) == read.fields == sorted(read.view)


def test_a_read_with_the_timeline_logs_it_and_the_policys_purpose(cases: EventStore) -> None:
    read = read_case(store=cases, principal=IND, case_id="C-1", timeline=True)
    assert [r.seq for r in read.records or []] == [1, 2, 3, 4]
    (entry,) = access_entries(cases.engine)
    assert entry.purpose.startswith("examination")
    assert entry.fields[-2:] == ("timeline", "payload")


def test_a_refused_read_raises_forbidden_and_is_logged_as_denied(cases: EventStore) -> None:
    with pytest.raises(Forbidden, match="not assigned to you"):
        read_case(store=cases, principal=COUNSEL, case_id="C-1")
    (entry,) = access_entries(cases.engine)
    assert (entry.actor, entry.outcome, entry.fields) == ("counsel-1", "denied", ())
    assert read_case(store=cases, principal=COUNSEL, case_id="C-2").state.case_id == "C-2"


def test_an_unknown_case_is_not_found(cases: EventStore) -> None:
    with pytest.raises(NotFound, match="case C-9 does not exist"):
        read_case(store=cases, principal=IND, case_id="C-9")


def test_a_part_of_the_file_outside_the_sections_is_refused_and_logged(
    cases: EventStore,
) -> None:
    with pytest.raises(Forbidden, match="COA may not see the timeline of a case"):
        read_timeline(store=cases, principal=COA, case_id="C-1")
    (entry,) = access_entries(cases.engine)
    assert (entry.action, entry.outcome) == ("case.timeline", "denied")
    assert read_deadlines(store=cases, principal=COA, case_id="C-1")
    timeline = read_timeline(store=cases, principal=IND, case_id="C-1")
    assert timeline.with_payload
    assert len(timeline.records) == 4


def test_the_list_holds_what_the_principal_may_list(cases: EventStore) -> None:
    page = list_cases(store=cases, principal=IND, stage=None, cursor=None, limit=1)
    assert [s.case_id for s in page.items] == ["C-1"]
    assert page.next_cursor is not None
    rest = list_cases(store=cases, principal=IND, stage=None, cursor=page.next_cursor, limit=1)
    assert ([s.case_id for s in rest.items], rest.next_cursor) == (["C-2"], None)
    mine = list_cases(store=cases, principal=COUNSEL, stage=None, cursor=None, limit=10)
    assert [s.case_id for s in mine.items] == ["C-2"]
    with pytest.raises(Forbidden):
        list_cases(store=cases, principal=ANALYST, stage=None, cursor=None, limit=10)
    with pytest.raises(Invalid) as bad:
        list_cases(store=cases, principal=IND, stage=None, cursor="not-ours!", limit=10)
    assert bad.value.kind == "bad-cursor"
    # the person of a case shown left the service (C-2 has none recorded): its row is logged
    logged = [(e.case_id, e.action, e.fields) for e in access_entries(cases.engine)]
    assert logged == [("C-1", "case.list", ("person.pseudonym", "person.v_number", "person.names"))]


def test_the_worklist_is_the_principals_organisations(cases: EventStore) -> None:
    page = worklist(store=cases, principal=IND, as_of=date(2026, 7, 10), within_days=90, limit=50)
    assert page.organisation == "IND"
    assert page.items
    assert {i.organisation for i in page.items} == {"IND"}
    with pytest.raises(Forbidden, match=r"ministry analyst may not worklist\.read"):
        worklist(store=cases, principal=ANALYST, as_of=date(2026, 7, 10), within_days=7, limit=5)

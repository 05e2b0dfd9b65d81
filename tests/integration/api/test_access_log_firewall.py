"""The firewall in the access log (issue 16): the monitoring bodies' reads of case data are
kept, but no executing organisation's reader sees them; the bodies see the whole log."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from migrationpact.services import pagination
from migrationpact.store.accesslog import access_entries
from migrationpact.store.eventstore import EventStore
from tests.integration.api.conftest import auth
from tests.integration.store.flows import TO_DECISION, drive

MONITORS = ("inspectie", "crm")


@pytest.fixture
def read_by_all(store: EventStore, api: TestClient, tokens: dict[str, str]) -> EventStore:
    """A case read by a caseworker and by both bodies, once granted and once not found."""
    drive(store, "C-FW", TO_DECISION[:4])
    for who in ("ind", *MONITORS):
        assert api.get("/v1/cases/C-FW", headers=auth(tokens, who)).status_code == 200
        assert api.get("/v1/cases/C-NONE", headers=auth(tokens, who)).status_code == 404
    return store


def _actors(api: TestClient, tokens: dict[str, str], reader: str, query: str = "") -> list[str]:
    answer = api.get(f"/v1/access-log?limit=500{query}", headers=auth(tokens, reader))
    assert answer.status_code == 200, answer.text
    return [e["actor"] for e in answer.json()["entries"]]


def test_an_ind_supervisor_sees_no_row_of_a_monitor(
    api: TestClient, tokens: dict[str, str], read_by_all: EventStore
) -> None:
    assert _actors(api, tokens, "ind-lead") == ["ind", "ind"]
    for monitor in MONITORS:
        assert _actors(api, tokens, "ind-lead", f"&actor={monitor}") == []
    assert _actors(api, tokens, "ind-lead", "&caseId=C-FW") == ["ind"]


@pytest.mark.parametrize("reader", MONITORS)
def test_a_monitor_still_sees_every_row(
    reader: str, api: TestClient, tokens: dict[str, str], read_by_all: EventStore
) -> None:
    assert _actors(api, tokens, reader) == ["crm", "crm", "inspectie", "inspectie", "ind", "ind"]


def test_the_rows_are_kept_and_chained(read_by_all: EventStore) -> None:
    # Left out of the executing organisations' view, not out of the log: the controller's
    # audit (``audit verify``) still walks every row.
    organisations = [e.organisation for e in access_entries(read_by_all.engine)]
    assert organisations.count("InspectieJenV") == organisations.count("CRM") == 2
    hidden = access_entries(read_by_all.engine, hidden_organisations={"InspectieJenV", "CRM"})
    assert {e.organisation for e in hidden} == {"IND"}


def test_the_rows_an_ind_supervisor_sees_carry_no_numbers_that_count_the_hidden_ones(
    api: TestClient, tokens: dict[str, str], read_by_all: EventStore
) -> None:
    seen = api.get("/v1/access-log?limit=500", headers=auth(tokens, "ind-lead")).json()
    assert seen["entries"]
    assert all("id" not in e for e in seen["entries"])
    whole = api.get("/v1/access-log?limit=500", headers=auth(tokens, "inspectie")).json()
    ids = [e["id"] for e in whole["entries"]]
    assert ids == sorted(ids, reverse=True)  # the bodies see the numbering: nothing missing
    assert len(set(ids)) == len(ids)


def test_an_ind_supervisor_pages_by_position_and_the_pages_make_the_whole_list(
    api: TestClient, tokens: dict[str, str], read_by_all: EventStore
) -> None:
    headers = auth(tokens, "ind-lead")
    whole = api.get("/v1/access-log?limit=500", headers=headers).json()["entries"]
    first = api.get("/v1/access-log?limit=1", headers=headers).json()
    cursor = first["next_cursor"]
    assert cursor is not None
    assert pagination.decode(cursor) == {"skip": 1}  # a position among the rows they see
    second = api.get(f"/v1/access-log?limit=500&cursor={cursor}", headers=headers).json()
    assert first["entries"] + second["entries"] == whole
    assert second["next_cursor"] is None
    monitor = api.get("/v1/access-log?limit=1", headers=auth(tokens, "inspectie")).json()
    assert "before" in pagination.decode(monitor["next_cursor"])  # the bodies page by row
    wrong = api.get(f"/v1/access-log?cursor={monitor['next_cursor']}", headers=headers)
    assert wrong.status_code == 400  # a row position is no cursor of theirs

"""Finding work through the API: ``q`` and the filters on ``GET /v1/cases`` and
``/v1/worklist``, unknown codes refused, names only for who may see them, a person's cases."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from migrationpact.access import policy
from migrationpact.access.model import Organisation
from migrationpact.cases.events import parse_event
from migrationpact.store import service
from migrationpact.store.eventstore import EventStore
from tests.integration.api.conftest import auth, problem
from tests.support.read_keys import opened_reads


def _made(pseudonym: str, names: list[str]) -> dict[str, Any]:
    return {
        "type": "application_made", "occurred_at": "2026-07-06T10:00", "entry": "in-territory",
        "facts": {"nationality": "SYR", "age": 30},
        "person": {"pseudonym": pseudonym, "names": names, "nationality": "SYR"},
    }  # fmt: skip


@pytest.fixture
def people(store: EventStore) -> None:
    for case_id, pseudonym, names in (
        ("C-A", "P-AMAL", ["Amal", "Haddad"]),
        ("C-B", "P-OMAR", ["Omar", "Noor"]),
        ("C-C", "P-AMAL", ["Amal", "Haddad"]),
    ):
        service.append_event(
            store=store, case_id=case_id, event=parse_event(_made(pseudonym, names)),
            expected_seq=0, actor="ind", organisation="IND",
        )  # fmt: skip
    registered = {"type": "application_registered", "occurred_at": "2026-07-07T09:00",
                  "v_number": "5559382849"}  # fmt: skip
    service.append_event(
        store=store, case_id="C-B", event=parse_event(registered), expected_seq=1,
        actor="ind", organisation="IND",
    )  # fmt: skip


def _ids(api: TestClient, tokens: dict[str, str], query: str, who: str = "ind") -> list[str]:
    answer = api.get(f"/v1/cases?{query}", headers=auth(tokens, who))
    assert answer.status_code == 200, answer.text
    return [c["case_id"] for c in answer.json()["items"]]


@pytest.mark.usefixtures("people")
def test_search_and_filters(api: TestClient, tokens: dict[str, str]) -> None:
    assert _ids(api, tokens, "q=5559382849") == ["C-B"]
    assert _ids(api, tokens, "q=p-amal") == ["C-A", "C-C"]
    assert _ids(api, tokens, "q=noor") == ["C-B"]
    assert _ids(api, tokens, "stage=registered") == ["C-B"]
    assert _ids(api, tokens, "sort=stage") == ["C-A", "C-C", "C-B"]
    item = api.get("/v1/cases?q=noor", headers=auth(tokens, "ind")).json()["items"][0]
    assert (item["pseudonym"], item["v_number"], item["person_name"]) == (
        "P-OMAR", "5559382849", "Omar Noor",
    )  # fmt: skip


@pytest.mark.usefixtures("people")
def test_paging_keeps_the_order(api: TestClient, tokens: dict[str, str]) -> None:
    first = api.get("/v1/cases?sort=stage&limit=2", headers=auth(tokens, "ind")).json()
    assert [c["case_id"] for c in first["items"]] == ["C-A", "C-C"]
    rest = api.get(
        f"/v1/cases?sort=stage&limit=2&cursor={first['next_cursor']}", headers=auth(tokens, "ind")
    ).json()
    assert [c["case_id"] for c in rest["items"]] == ["C-B"]
    assert rest["next_cursor"] is None
    other = api.get(
        f"/v1/cases?sort=nextDue&cursor={first['next_cursor']}", headers=auth(tokens, "ind")
    )
    assert problem(other, 400)["type"].endswith("bad-cursor")


@pytest.mark.parametrize(
    "query", ["rule=NOPE-1", "stage=nope", "procedure=fast", "organisation=ind", "sort=name"]
)
def test_an_unknown_code_is_a_400_problem(
    api: TestClient, tokens: dict[str, str], query: str
) -> None:
    for path in ("/v1/cases", "/v1/worklist"):
        answer = api.get(f"{path}?{query}", headers=auth(tokens, "ind"))
        assert problem(answer, 400)["type"].endswith("unknown-filter"), path


@pytest.mark.usefixtures("people")
def test_names_are_neither_shown_nor_searched_without_the_identity_section(
    api: TestClient, tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    narrowed = {**policy.SECTIONS, Organisation.IND: frozenset({policy.Section.SUMMARY})}
    monkeypatch.setattr(policy, "SECTIONS", narrowed)
    assert _ids(api, tokens, "q=noor") == []
    assert _ids(api, tokens, "q=5559382849") == ["C-B"]
    items = api.get("/v1/cases", headers=auth(tokens, "ind")).json()["items"]
    assert {(i["pseudonym"], i["person_name"]) for i in items} == {(None, None)}
    refused = api.get("/v1/people/P-AMAL/cases", headers=auth(tokens, "ind"))
    assert refused.status_code == 403


@pytest.mark.usefixtures("people")
def test_a_persons_cases_are_listed_and_logged(
    api: TestClient, tokens: dict[str, str], store: EventStore
) -> None:
    answer = api.get("/v1/people/P-AMAL/cases", headers=auth(tokens, "inspectie"))
    assert answer.status_code == 200
    body = answer.json()
    assert [c["case_id"] for c in body["cases"]] == ["C-A", "C-C"]
    assert body["person_name"] == "Amal Haddad"
    logged = opened_reads(store.engine)  # sealed to the Inspectie's key (docs/monitoring.md)
    assert sorted(str(e.case_id) for e in logged if e.action == "person.history") == ["C-A", "C-C"]
    missing = api.get("/v1/people/P-NOBODY/cases", headers=auth(tokens, "inspectie"))
    assert problem(missing, 404)["type"].endswith("person-not-found")
    assert api.get("/v1/people/P-AMAL/cases", headers=auth(tokens, "analyst")).status_code == 403

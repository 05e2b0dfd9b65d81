"""``/v1/reception/plan``, ``/occupancy`` and ``/need``: the use cases' JSON forms, for the
roles the policy names; refusals and bad input are problem documents (on SQLite and PostgreSQL,
through the ``api`` fixture)."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.services.reception_occupancy import expected_need, occupancy_history
from migrationpact.services.reception_plan import plan_dublin_shelter
from migrationpact.store.eventstore import EventStore
from tests.integration.api.conftest import auth, problem
from tests.integration.web.reception_world import add_sites

COA = Principal("coa", "C", Organisation.COA, Role.PLANNER)


@pytest.fixture
def sites(store: EventStore) -> EventStore:
    add_sites(store)
    return store


def test_the_plan_is_the_services_plan(
    api: TestClient, tokens: dict[str, str], sites: EventStore
) -> None:
    r = api.get("/v1/reception/plan?from=2027-01&months=6", headers=auth(tokens, "analyst"))
    assert r.status_code == 200, r.text
    plan = r.json()
    expected = plan_dublin_shelter(store=sites, principal=COA, start=date(2027, 1, 1), months=6)
    assert plan == expected.as_json()
    assert [row["month"] for row in plan["rows"]][:2] == ["2027-01", "2027-02"]
    [held] = plan["held_back"]
    assert (held["site_id"], held["reason"]) == ("DOL-EMMEN", "no-consent")


def test_occupancy_is_the_services_history(
    api: TestClient, tokens: dict[str, str], sites: EventStore
) -> None:
    r = api.get("/v1/reception/occupancy?every=week&by=site", headers=auth(tokens, "inspectie"))
    assert r.status_code == 200, r.text
    found = r.json()
    expected = occupancy_history(store=sites, principal=COA, every="week", by="site")
    assert found == expected.to_json()
    assert set(found) >= {"from", "to", "days", "totals", "emergency_share"}
    assert found["totals"][-1]["group"] == "AZC-ASSEN"
    assert found["totals"][-1]["capacity"] == 58


def test_the_need_is_the_services_need(
    api: TestClient, tokens: dict[str, str], sites: EventStore
) -> None:
    r = api.get("/v1/reception/need?months=3", headers=auth(tokens, "crm"))
    assert r.status_code == 200, r.text
    assert r.json() == expected_need(store=sites, principal=COA, months=3).to_json()
    assert len(r.json()["months"]) == 3


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/v1/reception/plan", {"coa", "analyst", "inspectie", "crm"}),
        ("/v1/reception/occupancy", {"coa", "inspectie", "crm"}),
        ("/v1/reception/need", {"coa", "analyst", "inspectie", "crm"}),
    ],
)
def test_who_may_read_them(
    path: str, allowed: set[str], api: TestClient, tokens: dict[str, str], sites: EventStore
) -> None:
    for who in ("coa", "analyst", "inspectie", "crm", "ind", "kmar", "dtenv", "counsel"):
        r = api.get(path, headers=auth(tokens, who))
        if who in allowed:
            assert r.status_code == 200, (who, path, r.text)
        else:
            problem(r, 403)


@pytest.mark.parametrize(
    "query",
    [
        "plan?months=0",
        "plan?months=61",
        "plan?from=2027-13",
        "plan?from=januari",
        "occupancy?every=hour",
        "occupancy?by=person",
        "occupancy?from=2026-07-01&to=2026-01-01",
        "occupancy?from=2026-02-30",
        "occupancy?from=2020-01-01&to=2026-01-01&every=day",
        "need?months=0",
        "need?months=61",
    ],
)
def test_bad_input_is_a_problem(
    query: str, api: TestClient, tokens: dict[str, str], sites: EventStore
) -> None:
    problem(api.get(f"/v1/reception/{query}", headers=auth(tokens, "coa")), 400)


def test_the_spec_documents_them(api: TestClient) -> None:
    spec = api.get("/v1/openapi.json").json()
    for path in ("/reception/plan", "/reception/occupancy", "/reception/need"):
        operation = spec["paths"][path]["get"]
        assert {"200", "400", "403"} <= set(operation["responses"]), path
        assert operation["summary"]

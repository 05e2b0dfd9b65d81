"""``POST /v1/reception/placements`` and ``/v1/reception/departures`` (SQLite and PostgreSQL):
201 with what was recorded; a refused override, bad input, another role or a case without a
place is a problem document and nothing is written."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from migrationpact.cases.events import parse_event
from migrationpact.services.reception_recording import record_placements
from migrationpact.store.assignments import assign
from migrationpact.store.eventstore import EventStore
from migrationpact.store.reception_sites import placed_cases
from tests.integration.api.conftest import auth, problem
from tests.integration.services.placing import placing_world, site_events
from tests.integration.services.test_reception_placement import PLANNER
from tests.integration.store.flows import TO_TRANSFER


@pytest.fixture
def world(store: EventStore) -> EventStore:
    return placing_world(store)


def test_placements_are_recorded_and_answered_201(
    world: EventStore, api: TestClient, tokens: dict[str, str]
) -> None:
    body = {"overrides": [{"household": "C-ADULT", "unit": "AZC-2/A", "reason": "her brother"}]}
    response = api.post("/v1/reception/placements", json=body, headers=auth(tokens, "coa"))
    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["events"] == 3
    recorded = {r["household"]: r for r in answer["recorded"]}
    assert set(recorded) == {"C-ADULT", "C-DUBLIN", "C-MINOR"}
    assert (recorded["C-ADULT"]["site_id"], recorded["C-ADULT"]["basis"]) == ("AZC-2", "override")
    assert placed_cases(world.engine)["C-ADULT"].site_id == "AZC-2"
    again = api.post("/v1/reception/placements", json={}, headers=auth(tokens, "coa"))
    assert (again.status_code, again.json()["recorded"]) == (201, [])
    gone = api.post(
        "/v1/reception/departures",
        json={"case_id": "C-ADULT", "reason": "housed"},
        headers=auth(tokens, "coa"),
    )
    assert gone.status_code == 201, gone.text
    assert (gone.json()["site_id"], gone.json()["cases"]) == ("AZC-2", ["C-ADULT"])
    assert "C-ADULT" not in placed_cases(world.engine)


@pytest.mark.parametrize(
    ("who", "path", "body", "status", "detail"),
    [
        ("coa", "/v1/reception/placements",
         {"overrides": [{"household": "C-ADULT", "unit": "AZC-1/K2", "reason": "x"}]},
         400, "cannot be placed in unit AZC-1/K2"),
        ("coa", "/v1/reception/placements",
         {"overrides": [{"household": "C-ADULT", "unit": "AZC-1/A", "reason": ""}]}, 400, ""),
        ("coa", "/v1/reception/placements", {"limit": 0}, 400, ""),
        ("coa", "/v1/reception/placements", {"surprise": 1}, 400, ""),
        ("kmar", "/v1/reception/placements", {}, 403, "may not reception.place"),
        ("ind", "/v1/reception/departures", {"case_id": "C-ADULT", "reason": "housed"}, 403, ""),
        ("coa", "/v1/reception/departures", {"case_id": "C-ADULT", "reason": "housed"},
         404, "case C-ADULT has no place"),
        ("coa", "/v1/reception/departures", {"case_id": "C-ADULT", "reason": "bored"}, 400, ""),
    ],
)  # fmt: skip
def test_refusals_are_problems_and_write_nothing(
    world: EventStore,
    api: TestClient,
    tokens: dict[str, str],
    who: str,
    path: str,
    body: dict[str, object],
    status: int,
    detail: str,
) -> None:
    answer = problem(api.post(path, json=body, headers=auth(tokens, who)), status)
    assert detail in answer["detail"]
    assert site_events(world) == []


#: What of a case's place each person sees in GET /v1/cases/{id} (None: no place at all).
SITE_ONLY = {"site_id", "site_name", "municipality", "municipality_name"}
WHOLE = SITE_ONLY | {"location_type", "unit_id", "since"}
SEES: dict[str, set[str] | None] = {
    "coa": WHOLE,
    "inspectie": WHOLE,
    "crm": WHOLE,
    "ind": SITE_ONLY,
    "ind-lead": SITE_ONLY,
    "dtenv": None,  # not at a Dublin shelter residence
    "kmar": None,
    "counsel": None,
}


def test_who_sees_a_case_s_place(
    world: EventStore, api: TestClient, tokens: dict[str, str]
) -> None:
    assign(world.engine, case_id="C-DUBLIN", assignee="counsel", organisation="legal-counselling",
           assigned_by="ind")  # fmt: skip
    record_placements(store=world, principal=PLANNER)
    site = placed_cases(world.engine)["C-DUBLIN"].site_id
    for who, fields in SEES.items():
        view = api.get("/v1/cases/C-DUBLIN", headers=auth(tokens, who)).json()
        place = view.get("place")
        assert (set(place) if place is not None else None) == fields, who
        if place is not None:
            assert place["site_id"] == site
    world.append(case_id="C-DUBLIN", event=parse_event(TO_TRANSFER[-2]), expected_seq=6,
                 idempotency_key=None, actor="ind", organisation="IND")  # fmt: skip
    record_placements(store=world, principal=PLANNER)
    dtenv = api.get("/v1/cases/C-DUBLIN", headers=auth(tokens, "dtenv")).json()["place"]
    assert (dtenv["site_id"], dtenv["location_type"]) == ("DOL-1", "DOL")
    assert "unit_id" not in dtenv

"""The inspections' pages: a body's list and plan form, an inspection with its steps, the
responses on the worklist; everyone else gets the same "not found" on every address, and a body
cannot open the other's inspection unless it was shared.

The register is a fresh one on SQLite and on PostgreSQL (``empty_url``); its clock starts on
Mon 7 Dec 2026, 08:00 UTC."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.monitoring_store.inspections import inspection_references, inspection_state
from migrationpact.monitoring_store.register import Register
from migrationpact.services import monitoring_inspections as inspections
from tests.integration.web.conftest import hidden
from tests.integration.web.world import USERS, World
from tests.support.register import scratch_register

FINDING = "No interpreter was present at the medical check of three women"
INSPECTIE = Principal("inspectie-1", "I", Organisation.INSPECTIE, Role.MONITOR)
CRM = Principal("crm-1", "C", Organisation.CRM, Role.MONITOR)
OTHERS = sorted(name for name, *_ in USERS if name not in {"inspectie", "crm"})


@pytest.fixture
def register(empty_url: str, world: World) -> Iterator[Register]:
    opened = scratch_register(empty_url)
    world.app.state.services.monitor_register = opened
    yield opened
    opened.engine.dispose()


def _inspection(register: Register, who: Principal, body: str, *, respond: bool) -> str:
    """A visit on Mon 2 Nov 2026 with one finding and a recommendation to KMar made Fri 13 Nov
    (its response due Mon 28 Dec: six weeks end on Christmas Day, then Boxing Day and a
    Sunday); answered on 1 Dec if ``respond``."""
    at = datetime(2026, 10, 20, 9, 0)
    reference = inspections.plan_inspection(
        register=register, principal=who, body=body, location="AC-SCHIPHOL",
        planned_for=date(2026, 11, 2), announced=False, at=at,
    )  # fmt: skip
    step: dict[str, Any] = {
        "register": register,
        "principal": who,
        "body": body,
        "reference": reference,
    }
    inspections.record_visit(**step, visited_on=date(2026, 11, 2), announced=False,
                             inspectors=["A. Jansen"], at=datetime(2026, 11, 2, 17, 0))  # fmt: skip
    inspections.record_finding(**step, text=FINDING, rights=["47", "4"],
                               at=datetime(2026, 11, 3, 9, 0))  # fmt: skip
    inspections.make_recommendation(**step, authority="KMar", text="Book interpreters",
                                    findings=[1], made_on=date(2026, 11, 13),
                                    at=datetime(2026, 11, 13, 9, 0))  # fmt: skip
    if respond:
        inspections.record_response(**step, recommendation=1, verdict="accepted",
                                     text="Interpreters are booked", received_on=date(2026, 12, 1),
                                     at=datetime(2026, 12, 1, 9, 0))  # fmt: skip
    return reference


@pytest.fixture
def visits(register: Register) -> dict[str, str]:
    return {
        "inspectie": _inspection(register, INSPECTIE, "InspectieJenV", respond=False),
        "crm": _inspection(register, CRM, "CRM", respond=True),
    }


def _paths(reference: str) -> list[tuple[str, str]]:
    return [
        ("GET", "/monitoring/inspections"),
        ("POST", "/monitoring/inspections"),
        ("GET", f"/monitoring/inspections/{reference}"),
        *[
            ("POST", f"/monitoring/inspections/{reference}/{step}")
            for step in ("visit", "finding", "recommend", "response", "share", "close")
        ],
    ]


@pytest.mark.parametrize("username", OTHERS)
def test_every_other_role_gets_the_same_answer_whether_the_inspection_exists_or_not(
    username: str, signed_in: Callable[[str], TestClient], visits: dict[str, str]
) -> None:
    client = signed_in(username)
    answers = set()
    for reference in (visits["inspectie"], "INS-2222-2222", "not-a-reference"):
        for method, path in _paths(reference):
            got = client.request(method, path, data={"text": "x"}, follow_redirects=False)
            assert got.status_code == 404, (username, path)
            answers.add(re.sub(r"INS-\w+-\w+|not-a-reference", "", got.text.split("<main")[1]))
    assert len(answers) == 1


def test_the_college_sees_its_inspections_in_dutch(
    signed_in: Callable[[str], TestClient], visits: dict[str, str]
) -> None:
    client = signed_in("crm")
    listed = client.get("/monitoring/inspections")
    assert listed.status_code == 200
    table = listed.text.split('id="inspections"')[1].split("</table>")[0]
    assert visits["crm"] in table
    assert "Aanmeldcentrum Schiphol" in table
    assert "onaangekondigd" in table
    assert "nog niet aan een bron getoetst" in listed.text  # the list of locations is unverified
    assert visits["inspectie"] not in listed.text
    page = client.get(f"/monitoring/inspections/{visits['crm']}")
    assert page.status_code == 200
    assert FINDING in page.text
    assert "Koninklijke Marechaussee" in page.text
    assert "overgenomen" in page.text  # the response's verdict
    assert "ma 28 dec 2026" in page.text  # the response was due (answered on 1 Dec)


def test_a_body_cannot_open_the_others_inspection_until_it_is_shared(
    signed_in: Callable[[str], TestClient], visits: dict[str, str], register: Register
) -> None:
    client = signed_in("inspectie")
    theirs = client.get(f"/monitoring/inspections/{visits['crm']}")
    nobody = client.get("/monitoring/inspections/INS-2222-2222")
    assert theirs.status_code == nobody.status_code == 404
    assert FINDING not in theirs.text
    assert theirs.text.split("<main")[1].replace(visits["crm"], "") == nobody.text.split("<main")[
        1
    ].replace("INS-2222-2222", "")
    inspections.share_inspection(
        register=register, principal=CRM, body="CRM", reference=visits["crm"],
        with_body="InspectieJenV",
    )  # fmt: skip
    shared = client.get(f"/monitoring/inspections/{visits['crm']}")
    assert shared.status_code == 200
    assert FINDING in shared.text
    assert 'action="/monitoring/inspections/' not in shared.text  # only the keeper records


def test_an_awaited_response_is_on_the_worklist(
    signed_in: Callable[[str], TestClient], visits: dict[str, str]
) -> None:
    client = signed_in("inspectie")
    worklist = client.get("/monitoring")
    assert worklist.status_code == 200
    table = worklist.text.split('id="monitoring-responses"')[1].split("</table>")[0]
    assert visits["inspectie"] in table
    assert "INS-RESPONSE" in table
    assert "Mon 28 Dec 2026" in table
    assert 'href="/monitoring/inspections"' in worklist.text
    answered = signed_in("crm").get("/monitoring").text
    assert visits["crm"] not in answered  # its one response came in
    assert 'id="monitoring-responses-empty"' in answered


def _post(client: TestClient, path: str, form_page: str, data: dict[str, object]) -> Response:
    token = hidden(client.get(form_page).text, "csrf_token")
    sent: Response = client.post(path, data={"csrf_token": token, **data}, follow_redirects=False)
    return sent


def test_plan_visit_find_recommend_respond_and_close_through_the_forms(
    signed_in: Callable[[str], TestClient], register: Register
) -> None:
    client = signed_in("inspectie")
    planned = _post(client, "/monitoring/inspections", "/monitoring/inspections",
                    {"location": "DC-ROTTERDAM", "planned_for": "2026-12-03",
                     "unannounced": "on", "phases": ["detention"]})  # fmt: skip
    assert planned.status_code == 303, planned.text
    page = planned.headers["location"]
    reference = page.rsplit("/", 1)[1]
    steps: list[tuple[str, dict[str, object]]] = [
        ("visit", {"visited_on": "2026-12-03", "unannounced": "on", "inspectors": "A\nB"}),
        ("finding", {"text": "Cells without daylight", "rights": ["4"], "phase": "detention"}),
        ("recommend", {"authority": "DJI", "text": "Daylight", "findings": ["1"],
                       "made_on": "2026-12-04"}),
        ("response", {"recommendation": "1", "verdict": "partly-accepted",
                      "text": "Two wings", "received_on": "2026-12-07"}),
    ]  # fmt: skip
    for step, data in steps:
        done = _post(client, f"{page}/{step}", page, data)
        assert done.status_code == 303, (step, done.text)
    state = inspection_state(register, reference, "InspectieJenV")
    assert state.visit is not None
    assert state.visit.inspectors == ("A", "B")
    assert not state.visit.announced
    assert state.plan is not None
    assert state.plan.phases == ("detention",)
    assert state.recommendations[0].findings == (1,)
    assert state.recommendations[0].response is not None
    closed = _post(client, f"{page}/close", page, {"reason": "completed"})
    assert closed.status_code == 303
    assert "Custodial Institutions Agency (DJI)" in client.get(page).text


def test_refused_steps_say_their_rule_and_write_nothing(
    signed_in: Callable[[str], TestClient], visits: dict[str, str], register: Register
) -> None:
    client = signed_in("inspectie")
    page = f"/monitoring/inspections/{visits['inspectie']}"
    before = inspection_state(register, visits["inspectie"], "InspectieJenV")
    refused = _post(client, f"{page}/close", page, {"reason": "completed"})
    assert refused.status_code == 422
    assert "IR-6" in refused.text.split('role="alert"')[1]
    future = _post(client, f"{page}/response", page, {"recommendation": "1", "verdict":
                   "accepted", "text": "Later", "received_on": "2027-01-05"})  # fmt: skip
    assert future.status_code == 422
    assert "Received on: The day lies in the future." in future.text.split('role="alert"')[1]
    missing = _post(client, f"{page}/response", page, {"recommendation": "1", "verdict":
                    "accepted", "text": "Later"})  # fmt: skip
    assert "Received on: This field is required." in missing.text.split('role="alert"')[1]
    unknown = _post(client, "/monitoring/inspections", "/monitoring/inspections",
                    {"location": "NOWHERE", "planned_for": "2026-12-20"})  # fmt: skip
    assert unknown.status_code == 422
    assert "IR-1" in unknown.text
    assert inspection_state(register, visits["inspectie"], "InspectieJenV") == before
    assert len(inspection_references(register, "InspectieJenV")) == 1


def test_a_post_without_the_csrf_token_is_refused(
    signed_in: Callable[[str], TestClient], visits: dict[str, str], register: Register
) -> None:
    client = signed_in("inspectie")
    sent = client.post(
        f"/monitoring/inspections/{visits['inspectie']}/close", data={"reason": "cancelled"}
    )
    assert sent.status_code == 403
    assert inspection_state(register, visits["inspectie"], "InspectieJenV").status == "visited"

"""Every role on every endpoint and every part of a case file, against a table written by hand.

The table below is the expectation, stated independently of ``access.policy``: a change in the
policy that is not also made here fails this test, on purpose.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from migrationpact.store.assignments import assign
from migrationpact.store.eventstore import EventStore
from tests.integration.api.conftest import PEOPLE, auth
from tests.integration.store.flows import TO_DECISION, drive

CASE = "C-MATRIX"
EVERYONE = frozenset(PEOPLE)
READERS = frozenset(
    {"ind", "ind-lead", "kmar", "kmar-lead", "coa", "dtenv", "counsel", "inspectie", "crm"}
)
#: Who may open a case: the IND's caseworkers and supervisors and KMar's caseworkers only.
OPENERS = frozenset({"ind", "ind-lead", "kmar"})

#: (method, path, body, headers) → who gets a 2xx; everyone else gets 403.
MATRIX: list[tuple[str, str, Any, dict[str, str], frozenset[str]]] = [
    ("GET", "/v1/cases", None, {}, READERS | {"counsel-2"}),
    (
        "POST",
        "/v1/cases",
        {
            "event": {
                "type": "screening_started",
                "occurred_at": "2026-07-06T10:00",
                "entry": "border-crossing",
            }
        },
        {},
        OPENERS,
    ),
    # Appending to an id with no events opens a case: the same right as POST /v1/cases (F4).
    (
        "POST",
        "/v1/cases/C-OPENED-BY-APPEND/events",
        {
            "type": "screening_started",
            "occurred_at": "2026-07-06T10:00",
            "entry": "border-crossing",
        },
        {"If-Match": '"0"'},
        OPENERS,
    ),
    ("GET", f"/v1/cases/{CASE}", None, {}, READERS),
    ("GET", f"/v1/cases/{CASE}/deadlines", None, {}, READERS),
    ("GET", f"/v1/cases/{CASE}/events", None, {}, READERS - {"coa"}),
    (
        "POST",
        f"/v1/cases/{CASE}/events",
        {
            "type": "facts_recorded",
            "occurred_at": "2026-07-09T12:00",
            "facts": {"medical_grounds": False},
        },
        {"If-Match": '"4"'},
        frozenset({"ind", "ind-lead", "kmar", "kmar-lead"}),
    ),
    ("PUT", f"/v1/cases/{CASE}/assignments/counsel-2", None, {}, frozenset({"ind", "ind-lead"})),
    (
        "GET",
        "/v1/worklist?asOf=2026-07-10",
        None,
        {},
        frozenset({"ind", "ind-lead", "kmar", "kmar-lead", "coa", "dtenv"}),
    ),
    ("GET", "/v1/rules", None, {}, EVERYONE),
    ("GET", "/v1/rules/APR-16", None, {}, EVERYONE),
    ("POST", "/v1/route", {"nationality": "SYR", "age": 30}, {}, EVERYONE),
    ("GET", "/v1/period?start=2026-07-01&length=5+days", None, {}, EVERYONE),
    ("GET", "/v1/statistics", None, {}, frozenset({"analyst", "ind-lead", "inspectie", "crm"})),
    (
        "GET",
        "/v1/statistics/eurostat/migr_asyappctzm?period=2026-07",
        None,
        {},
        frozenset({"analyst", "ind-lead", "inspectie", "crm"}),
    ),
    ("GET", "/v1/access-log", None, {}, frozenset({"ind-lead", "inspectie", "crm"})),
    (
        "GET",
        "/v1/exceeded-limits",
        None,
        {},
        frozenset({"ind-lead", "kmar-lead", "inspectie", "crm"}),
    ),
    # Reception: the sites (no person) for COA and the monitors; who waits, for COA only.
    ("GET", "/v1/reception/sites", None, {}, frozenset({"coa", "inspectie", "crm"})),
    ("GET", "/v1/reception/worklist", None, {}, frozenset({"coa"})),
    # Planning (counts only): the ministry's analysts too; occupancy like the sites.
    ("GET", "/v1/reception/plan", None, {}, frozenset({"coa", "analyst", "inspectie", "crm"})),
    ("GET", "/v1/reception/occupancy", None, {}, frozenset({"coa", "inspectie", "crm"})),
    ("GET", "/v1/reception/need", None, {}, frozenset({"coa", "analyst", "inspectie", "crm"})),
    # The chain twin's runs (simulated people, no case; a run takes the server's time): the
    # ministry's analysts only.
    ("GET", "/v1/twin-runs", None, {}, frozenset({"analyst"})),
    (
        "POST",
        "/v1/twin-runs",
        {"scenario": "small", "replications": 1, "seed": 1},
        {},
        frozenset({"analyst"}),
    ),
]

#: Parts of a case file each person must see (True) or must not see (False).
FULL = {
    "person": True,
    "routing": True,
    "screening_form": True,
    "deadlines": True,
    "facts.security_risk": True,
    "facts.age": True,
    "dublin": True,
}
FIELDS: dict[str, dict[str, bool]] = {
    "ind": FULL,
    "ind-lead": FULL,
    "counsel": FULL,
    "inspectie": FULL,
    "crm": FULL,
    "kmar": {
        "person": True,
        "routing": False,
        "screening_form": False,
        "deadlines": True,
        "facts.security_risk": False,
        "facts.age": False,
        "dublin": True,
    },
    "dtenv": {
        "person": True,
        "routing": False,
        "screening_form": False,
        "deadlines": True,
        "facts.security_risk": False,
        "facts.age": False,
        "dublin": True,
    },
    "coa": {
        "person": True,
        "routing": False,
        "screening_form": False,
        "deadlines": True,
        "facts.security_risk": False,
        "facts.age": True,
        "dublin": True,
    },
}

FIELDS["kmar-lead"] = FIELDS["kmar"]


@pytest.fixture
def matrix_case(store: EventStore) -> EventStore:
    flow = [dict(TO_DECISION[0], person={"pseudonym": "P-1", "names": ["Amal", "Haddad"]})]
    flow += TO_DECISION[1:4]
    drive(store, CASE, flow)
    assign(
        store.engine,
        case_id=CASE,
        assignee="counsel",
        organisation="legal-counselling",
        assigned_by="ind",
    )
    return store


def _has(view: dict[str, Any], field: str) -> bool:
    if "." in field:
        outer, inner = field.split(".")
        return isinstance(view.get(outer), dict) and inner in view[outer]
    return field in view


@pytest.mark.parametrize("who", sorted(PEOPLE))
def test_every_endpoint(
    who: str, api: TestClient, tokens: dict[str, str], matrix_case: EventStore
) -> None:
    for method, path, body, headers, allowed in MATRIX:
        r = api.request(method, path, json=body, headers=auth(tokens, who, **headers))
        if who in allowed:
            assert 200 <= r.status_code < 300, (who, method, path, r.text)
        else:
            assert r.status_code == 403, (who, method, path, r.status_code, r.text)
            assert r.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("who", sorted(PEOPLE))
def test_every_part_of_the_case_file(
    who: str, api: TestClient, tokens: dict[str, str], matrix_case: EventStore
) -> None:
    r = api.get(f"/v1/cases/{CASE}", headers=auth(tokens, who))
    expected = FIELDS.get(who)
    if expected is None:
        assert r.status_code == 403
        return
    assert r.status_code == 200, r.text
    view = r.json()
    shown = {field: _has(view, field) for field in expected}
    assert shown == expected


def test_a_counsellor_lists_only_assigned_cases(
    api: TestClient, tokens: dict[str, str], matrix_case: EventStore
) -> None:
    mine = api.get("/v1/cases", headers=auth(tokens, "counsel")).json()["items"]
    other = api.get("/v1/cases", headers=auth(tokens, "counsel-2")).json()["items"]
    assert [c["case_id"] for c in mine] == [CASE]
    assert other == []


#: What each reader sees of decided cases: (stage of an appealed decision, closed_reason of a
#: case closed on protection granted, whether the consequence of a late appeal shows).
#: KMar, COA and DTenV do not see the asylum account, so nothing that gives its outcome away.
OUTCOME: dict[str, tuple[str, str | None, bool]] = {
    "ind": ("appeal", "protection-granted", True),
    "ind-lead": ("appeal", "protection-granted", True),
    "inspectie": ("appeal", "protection-granted", True),
    "crm": ("appeal", "protection-granted", True),
    "kmar": ("decided", None, False),
    "coa": ("decided", None, False),
    "dtenv": ("decided", None, False),
}


@pytest.fixture
def decided_cases(store: EventStore) -> EventStore:
    refused = [
        *TO_DECISION[:6],
        {"type": "decision_taken", "occurred_at": "2026-09-01T10:00", "outcome": "unfounded"},
        {"type": "decision_notified", "occurred_at": "2026-09-02T10:00"},
        {"type": "appeal_lodged", "occurred_at": "2026-12-20T10:00"},
    ]
    drive(store, "C-DECIDED", refused)
    closing = {
        "type": "case_closed",
        "occurred_at": "2026-09-10T10:00",
        "reason": "protection-granted",
    }
    drive(store, "C-CLOSED", [*TO_DECISION, closing])
    return store


@pytest.mark.parametrize("who", sorted(OUTCOME))
def test_the_outcome_of_a_decision_only_as_the_sections_allow(
    who: str, api: TestClient, tokens: dict[str, str], decided_cases: EventStore
) -> None:
    stage, closed_reason, late_appeal = OUTCOME[who]
    decided = api.get("/v1/cases/C-DECIDED", headers=auth(tokens, who)).json()
    closed = api.get("/v1/cases/C-CLOSED", headers=auth(tokens, who)).json()
    assert decided["stage"] == stage
    assert closed["closed"] is True
    assert closed.get("closed_reason") == closed_reason
    codes = [c.get("code") for c in decided.get("consequences", [])]
    assert ("late-appeal" in codes) is late_appeal
    listed = api.get("/v1/cases", headers=auth(tokens, who)).json()["items"]
    assert {c["case_id"]: c["stage"] for c in listed} == {"C-DECIDED": stage, "C-CLOSED": "closed"}


@pytest.mark.parametrize("who", ["kmar", "coa", "dtenv"])
def test_no_filtering_by_the_stage_of_a_decision_without_the_asylum_account(
    who: str, api: TestClient, tokens: dict[str, str], decided_cases: EventStore
) -> None:
    for stage in ("notified", "appeal", "final", "decided"):
        r = api.get(f"/v1/cases?stage={stage}", headers=auth(tokens, who))
        assert r.status_code == 400, (stage, r.text)
    assert api.get("/v1/cases?stage=appeal", headers=auth(tokens, "ind")).status_code == 200

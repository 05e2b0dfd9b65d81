"""Crafted input answers 4xx and writes nothing (security probe F8 and F10).

Texts and lists of events, persons, family groups, screening forms and facts are bounded; a lone
surrogate (valid JSON, not valid UTF-8) is refused before the store hashes it; a worklist window
past the calendar's last day and an access-log cursor that is huge, negative or a boolean are
refused, where each used to end in a 500.
"""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from migrationpact.store.eventstore import EventStore
from tests.integration.api.conftest import auth, problem
from tests.integration.store.flows import TO_DECISION, drive

CASE = "C-CRAFT"


@pytest.fixture
def one_case(store: EventStore) -> EventStore:
    drive(store, CASE, TO_DECISION[:4])
    return store


def _append(api: TestClient, tokens: dict[str, str], event: dict[str, Any]) -> Any:
    headers = auth(tokens, "ind", **{"If-Match": '"4"', "Content-Type": "application/json"})
    return api.post(f"/v1/cases/{CASE}/events", content=json.dumps(event), headers=headers)


OVER_LONG: dict[str, dict[str, Any]] = {
    "note of 4001 characters": {
        "type": "absconded",
        "occurred_at": "2026-07-10T10:00",
        "note": "A" * 4001,
    },
    "51 needs": {
        "type": "vulnerability_assessed",
        "occurred_at": "2026-07-10T10:00",
        "assessment": "both",
        "needs": ["x"] * 51,
    },
    "a need of 4001 characters": {
        "type": "vulnerability_assessed",
        "occurred_at": "2026-07-10T10:00",
        "assessment": "both",
        "needs": ["x" * 4001],
    },
    "lone surrogate in a note": {
        "type": "absconded",
        "occurred_at": "2026-07-10T10:00",
        "note": "\ud800",
    },
}


@pytest.mark.parametrize("name", sorted(OVER_LONG))
def test_over_long_or_broken_text_in_an_event_is_refused(
    name: str, api: TestClient, tokens: dict[str, str], one_case: EventStore
) -> None:
    problem(_append(api, tokens, OVER_LONG[name]), 400)
    state = one_case.state(CASE)
    assert state is not None
    assert state.seq == 4


PERSONS: dict[str, dict[str, Any]] = {
    "pseudonym of 201 characters": {"pseudonym": "P" * 201},
    "21 names": {"pseudonym": "P-1", "names": ["n"] * 21},
    "a name of 201 characters": {"pseudonym": "P-1", "names": ["n" * 201]},
    "place of birth of 201 characters": {"pseudonym": "P-1", "place_of_birth": "x" * 201},
    "21 languages": {"pseudonym": "P-1", "languages": ["ara"] * 21},
}


@pytest.mark.parametrize("name", sorted(PERSONS))
def test_over_long_person_fields_are_refused(
    name: str, api: TestClient, tokens: dict[str, str], store: EventStore
) -> None:
    event = {
        "type": "application_made",
        "occurred_at": "2026-07-10T10:00",
        "entry": "in-territory",
        "person": PERSONS[name],
    }
    r = api.post("/v1/cases", json={"event": event}, headers=auth(tokens, "ind"))
    problem(r, 400)
    assert api.get("/v1/cases", headers=auth(tokens, "ind")).json()["items"] == []


def test_an_over_long_family_group_and_screening_form_are_refused(
    api: TestClient, tokens: dict[str, str], store: EventStore
) -> None:
    family = {"group_id": "G" * 201}
    form = {"names": ["n"] * 21, "health_check": "h" * 2001}
    for event in (
        {
            "type": "application_made",
            "occurred_at": "2026-07-10T10:00",
            "entry": "in-territory",
            "family": family,
        },
        {
            "type": "screening_completed",
            "occurred_at": "2026-07-10T10:00",
            "referral": "registration-authority",
            "form": form,
        },
    ):
        r = api.post("/v1/cases", json={"event": event}, headers=auth(tokens, "ind"))
        assert 400 <= r.status_code < 500, r.text


def test_over_long_routing_facts_are_refused(api: TestClient, tokens: dict[str, str]) -> None:
    r = api.post("/v1/route", json={"crisis": "c" * 201}, headers=auth(tokens, "ind"))
    assert 400 <= r.status_code < 500, r.text


@pytest.mark.parametrize(
    "query",
    ["asOf=9999-12-31", "asOf=9999-12-25&withinDays=366", "asOf=9999-12-31&withinDays=1"],
)
def test_a_worklist_window_past_the_calendar_is_refused(
    query: str, api: TestClient, tokens: dict[str, str], store: EventStore
) -> None:
    problem(api.get(f"/v1/worklist?{query}", headers=auth(tokens, "ind")), 400)


def test_the_last_day_with_no_window_is_still_a_worklist(
    api: TestClient, tokens: dict[str, str], store: EventStore
) -> None:
    r = api.get("/v1/worklist?asOf=9999-12-31&withinDays=0", headers=auth(tokens, "ind"))
    assert r.status_code == 200, r.text


def _cursor(position: object) -> str:
    raw = json.dumps({"before": position}).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize("before", [10**30, -(10**30), True, 2**63, 0])
def test_an_access_log_cursor_out_of_range_is_refused(
    before: object, api: TestClient, tokens: dict[str, str], store: EventStore
) -> None:
    r = api.get(f"/v1/access-log?cursor={_cursor(before)}", headers=auth(tokens, "inspectie"))
    assert problem(r, 400)["type"].endswith("/bad-cursor")

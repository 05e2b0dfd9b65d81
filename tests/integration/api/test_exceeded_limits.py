"""The exceeded-limits list and late deadlines in the API.

Faults of the user trial: a deadline met late looked exactly like one met on time in
``GET /v1/cases/{id}/deadlines``, and the monitoring bodies could not find a screening that
ran past its seven days (SR Art. 8(3)). The cases are those of ``tests.support.exceeded``.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from migrationpact.store.eventstore import EventStore
from tests.integration.api.conftest import auth, problem
from tests.support.exceeded import screening_overruns
from tests.support.read_keys import opened_reads


@pytest.fixture
def overruns(store: EventStore) -> EventStore:
    screening_overruns(store)
    return store


def _list(api: TestClient, tokens: dict[str, str], who: str = "inspectie", **query: Any) -> Any:
    return api.get("/v1/exceeded-limits", params=query, headers=auth(tokens, who))


def test_a_screening_met_two_days_late_says_so_in_the_deadlines(
    api: TestClient, tokens: dict[str, str], overruns: EventStore
) -> None:
    r = api.get("/v1/cases/C-LATE/deadlines", headers=auth(tokens, "ind"))
    assert r.status_code == 200, r.text
    scr = next(d for d in r.json()["deadlines"] if d["key"] == "SCR-01")
    assert scr["status"] == "met"
    assert scr["closed_at"] == "2026-07-15T12:00:00"
    assert "after the deadline ended" in scr["closed_reason"]
    assert (scr["late"], scr["days_late"], scr["hours_late"]) == (True, 2, None)
    on_time = api.get("/v1/cases/C-ONTIME/deadlines", headers=auth(tokens, "ind")).json()
    scr = next(d for d in on_time["deadlines"] if d["key"] == "SCR-01")
    assert (scr["closed_at"], scr["late"], scr["days_late"]) == ("2026-07-13T16:00:00", False, None)
    case = api.get("/v1/cases/C-LATE", headers=auth(tokens, "ind")).json()
    entry = next(d for d in case["deadlines"] if d["key"] == "SCR-01")
    shown = (entry["closed_at"], entry["late"], entry["days_late"])
    assert shown == ("2026-07-15T12:00:00", True, 2)


def test_a_monitor_finds_every_screening_that_ran_past_seven_days(
    api: TestClient, tokens: dict[str, str], overruns: EventStore
) -> None:
    r = _list(api, tokens, rule=["SCR-01", "SCR-02", "SCR-03"])
    assert r.status_code == 200, r.text
    items = {i["case_id"]: i for i in r.json()["items"]}
    assert set(items) == {"C-LATE", "C-LAPSED", "C-OPEN"}  # not the one completed in time
    assert (items["C-LATE"]["kind"], items["C-LATE"]["days_late"]) == ("met-late", 2)
    assert items["C-LATE"]["closed_at"] == "2026-07-15T12:00:00"
    assert items["C-LAPSED"]["kind"] == "lapsed"
    assert items["C-LAPSED"]["closed_at"] == items["C-LAPSED"]["ended_at"] == "2026-07-14T00:00:00"
    assert items["C-OPEN"]["kind"] == "overdue"
    assert items["C-OPEN"]["days_late"] > 0
    assert [i["case_id"] for i in r.json()["items"]] == ["C-LAPSED", "C-LATE", "C-OPEN"]
    assert all("names" not in i for i in r.json()["items"])
    logged = opened_reads(overruns.engine)  # sealed to the Inspectie's key (docs/monitoring.md)
    assert logged[0].action == "oversight.exceeded"
    assert logged[0].outcome == "granted"


def test_the_list_filters_by_kind_organisation_and_period_and_pages(
    api: TestClient, tokens: dict[str, str], overruns: EventStore
) -> None:
    late = _list(api, tokens, "kmar-lead", kind="met-late", rule="SCR-01").json()["items"]
    assert [i["case_id"] for i in late] == ["C-LATE"]
    july = _list(api, tokens, rule="SCR-01", **{"from": "2026-07-01", "to": "2026-07-31"})
    assert {i["case_id"] for i in july.json()["items"]} == {"C-LATE", "C-LAPSED"}
    assert _list(api, tokens, rule="SCR-01", organisation="COA").json()["items"] == []
    seen, cursor = [], None
    while True:
        page = _list(api, tokens, rule="SCR-01", limit=1, **({"cursor": cursor} if cursor else {}))
        body = page.json()
        seen += [i["case_id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == ["C-LAPSED", "C-LATE", "C-OPEN"]


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ({"organisation": "ind"}, "organisation"),
        ({"rule": "SCR-99"}, "SCR-99"),
        ({"from": "2026-08-01", "to": "2026-07-01"}, "before it starts"),
        ({"cursor": "bm9wZQ"}, "cursor"),
    ],
)
def test_a_filter_that_cannot_be_answered_is_refused(
    api: TestClient, tokens: dict[str, str], query: dict[str, str], word: str
) -> None:
    assert word in problem(_list(api, tokens, **query), 400)["detail"]


@pytest.mark.parametrize("who", ["ind", "kmar", "coa", "counsel", "analyst"])
def test_caseworkers_counsellors_and_analysts_may_not_list_exceeded_limits(
    api: TestClient, tokens: dict[str, str], who: str
) -> None:
    problem(_list(api, tokens, who), 403)


@pytest.mark.parametrize("who", ["ind-lead", "kmar-lead", "inspectie", "crm"])
def test_supervisors_and_monitors_may(api: TestClient, tokens: dict[str, str], who: str) -> None:
    assert _list(api, tokens, who).status_code == 200

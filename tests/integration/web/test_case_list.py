"""The case list: by the policy, paged with a cursor, filtered by stage; counsellors see theirs."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from migrationpact.cases.events import parse_event
from migrationpact.store import service
from tests.integration.web.conftest import caselist_ids
from tests.integration.web.world import World, made


@pytest.mark.parametrize("username", ["ind-en", "kmar", "coa", "inspectie"])
def test_those_who_may_list_cases_see_every_case(
    signed_in: Callable[[str], TestClient], username: str
) -> None:
    page = signed_in(username).get("/cases")
    assert page.status_code == 200
    assert caselist_ids(page.text) == ["C-OVERDUE", "C-TODAY", "C-WEEK"]
    assert page.text.count("<h1>") == 1


def test_the_analyst_is_refused_the_list(signed_in: Callable[[str], TestClient]) -> None:
    analyst = signed_in("analyst")
    assert analyst.get("/cases").status_code == 403
    assert analyst.get("/cases/list").status_code == 403


def test_a_counsellor_sees_only_the_assigned_cases(
    signed_in: Callable[[str], TestClient],
) -> None:
    counsellor = signed_in("counsellor")
    page = counsellor.get("/cases")
    assert page.status_code == 200
    assert "My clients" in page.text
    assert caselist_ids(page.text) == ["C-WEEK"]
    assert caselist_ids(counsellor.get("/cases?stage=registered").text) == ["C-WEEK"]
    assert "C-OVERDUE" not in counsellor.get("/cases?stage=registered").text
    assert counsellor.get("/cases/C-OVERDUE").status_code == 403


def test_the_stage_filter(signed_in: Callable[[str], TestClient]) -> None:
    ind = signed_in("ind-en")
    page = ind.get("/cases?stage=made")
    assert caselist_ids(page.text) == ["C-TODAY"]
    assert '<option value="made" selected>' in page.text
    assert "Cases at stage “application made”" in page.text
    assert "No cases found." in ind.get("/cases/list?stage=final").text


def test_the_list_is_paged_with_a_cursor(
    signed_in: Callable[[str], TestClient], world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("migrationpact.web.caselist.PAGE_SIZE", 2)
    ind = signed_in("ind-en")
    first = ind.get("/cases")
    assert caselist_ids(first.text) == ["C-OVERDUE", "C-TODAY"]
    found = re.search(r'href="(/cases\?cursor=[^"]+)" rel="next"', first.text)
    assert found
    second = ind.get(found.group(1).replace("&amp;", "&"))
    assert caselist_ids(second.text) == ["C-WEEK"]
    assert 'rel="next"' not in second.text
    assert ind.get("/cases?cursor=not-a-cursor").status_code == 400
    service.append_event(
        store=world.store,
        case_id="C-ZZZ",
        event=parse_event(made(0.01, "Zara")),
        expected_seq=0,
        actor="ind",
        organisation="IND",
    )
    assert caselist_ids(ind.get(found.group(1).replace("&amp;", "&")).text) == ["C-WEEK", "C-ZZZ"]


def test_open_a_case_by_id_from_the_list(signed_in: Callable[[str], TestClient]) -> None:
    ind = signed_in("ind-en")
    response = ind.get("/cases?case_id=C-WEEK", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/cases/C-WEEK"
    assert ind.get("/cases?case_id=../etc").status_code == 404


@pytest.mark.parametrize(
    ("username", "home"),
    [
        ("ind", "/worklist"),
        ("counsellor", "/cases"),
        ("inspectie", "/cases"),
        ("analyst", "/statistics"),
    ],
)
def test_where_people_land_after_sign_in(
    signed_in: Callable[[str], TestClient], username: str, home: str
) -> None:
    response = signed_in(username).get("/", follow_redirects=False)
    assert response.headers["location"] == home


@pytest.mark.parametrize(
    ("username", "shown", "hidden_paths"),
    [
        ("ind-en", ["/worklist", "/cases", "/cases/new"], ["/statistics", "/access-log"]),
        (
            "ind-super",
            ["/worklist", "/cases", "/cases/new", "/statistics", "/access-log", "/exceeded-limits"],
            ["/monitoring"],
        ),
        ("counsellor", ["/cases"], ["/worklist", "/cases/new", "/statistics", "/access-log"]),
        (
            "inspectie",
            [
                "/cases",
                "/statistics",
                "/access-log",
                "/exceeded-limits",
                "/reception/sites",
                "/reception/plan",
                "/reception/occupancy",
                "/reception/need",
                "/monitoring",
            ],
            ["/worklist", "/cases/new", "/reception/worklist", "/reception/placement"],
        ),
        (
            "analyst",
            ["/statistics", "/reception/plan", "/reception/need", "/twin/runs"],
            ["/worklist", "/cases", "/cases/new", "/access-log", "/reception/sites"],
        ),
        (
            "coa",
            [
                "/worklist",
                "/cases",
                "/reception/worklist",
                "/reception/sites",
                "/reception/placement",
                "/reception/plan",
                "/reception/occupancy",
                "/reception/need",
            ],
            ["/cases/new", "/statistics", "/access-log", "/twin/runs"],
        ),
    ],
)
def test_the_menu_shows_only_the_pages_the_policy_allows(
    signed_in: Callable[[str], TestClient],
    username: str,
    shown: list[str],
    hidden_paths: list[str],
) -> None:
    page = signed_in(username).get("/rules")
    menu = page.text.split('<ul class="nav">')[1].split("</ul>")[0]
    links = re.findall(r'href="([^"]+)"', menu)
    assert links == [*shown, "/rules", "/route"]
    assert not set(hidden_paths) & set(links)

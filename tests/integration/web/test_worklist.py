"""The worklist page: overdue, due today, due this week, for the user's organisation."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from fastapi.testclient import TestClient

from tests.integration.web.world import World


def _group(html: str, key: str) -> str:
    return html.split(f'id="group-{key}"')[1].split("</section>")[0]


def test_the_worklist_groups_the_organisations_deadlines(
    signed_in: Callable[[str], TestClient],
) -> None:
    page = signed_in("ind-en").get("/worklist")
    assert page.status_code == 200
    overdue = _group(page.text, "overdue")
    assert 'href="/cases/C-OVERDUE"' in overdue
    assert "APR-25" in overdue
    assert "days overdue" in overdue
    assert "⚠ UNVERIFIED" in overdue  # a warning in words, not colour only
    week = _group(page.text, "week")
    assert 'href="/cases/C-WEEK"' in week
    assert "AMMR-01" in week
    assert "AMMR Art. 39(1)" in week
    assert re.search(r"\w{3} \d{1,2} \w{3} \d{4}", week)  # English day format
    assert page.text.count("<h1>") == 1


def test_the_worklist_is_in_dutch_for_a_dutch_user(
    signed_in: Callable[[str], TestClient],
) -> None:
    page = signed_in("ind").get("/worklist")
    assert "Termijn verstreken" in page.text
    assert "dagen te laat" in page.text
    assert "NIET GEVERIFIEERD" in page.text


def test_each_organisation_sees_its_own_deadlines(
    signed_in: Callable[[str], TestClient],
) -> None:
    page = signed_in("coa").get("/worklist")
    assert "RCD-01" in page.text
    assert "APR-25" not in page.text


def test_an_organisation_without_a_worklist_is_told_so(
    signed_in: Callable[[str], TestClient],
) -> None:
    page = signed_in("inspectie").get("/worklist")
    assert page.status_code == 403
    assert "Your organisation has no worklist." in page.text


def test_the_worklist_is_as_of_the_stores_clock_in_dutch_time(
    world: World, signed_in: Callable[[str], TestClient]
) -> None:
    # 23:30 UTC on 31 March 2027 is already 1 April in the Netherlands (CEST, UTC+2): the page
    # takes its day from the store's clock in Dutch time, not from the server's local date.
    world.store.clock = lambda: datetime(2027, 3, 31, 23, 30)
    page = signed_in("ind-en").get("/worklist")
    assert "Open deadlines on April 1, 2027" in page.text

"""Late and lapsed deadlines on the case page, and the exceeded-limits page.

Faults of the user trial: a screening completed two days late read "nagekomen", exactly like
one completed in time; the monitoring bodies could not find a screening that ran past its seven
days (SR Art. 8(3)) and had no list of exceeded limits. The cases are those of
``tests.support.exceeded`` (screening due Mon 13 Jul 2026).
"""

from __future__ import annotations

import html as markup
import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.integration.web.conftest import hidden
from tests.integration.web.world import World
from tests.support.exceeded import screening_overruns


@pytest.fixture
def overruns(world: World) -> World:
    screening_overruns(world.store)
    return world


def _row(page: str, row_id: str) -> str:
    body = page.split(f'id="{row_id}"')[1].split("</tr>")[0]
    return " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _dutch(client: TestClient, path: str) -> str:
    page = client.get(path)
    switched = client.post(
        "/language",
        data={"lang": "nl", "next": path, "csrf_token": hidden(page.text, "csrf_token")},
    )
    assert '<html lang="nl">' in switched.text
    text: str = switched.text
    return text


def test_the_case_page_says_a_screening_was_met_two_days_late_and_when(
    signed_in: Callable[[str], TestClient], overruns: World
) -> None:
    late = _row(signed_in("ind").get("/cases/C-LATE").text, "deadline-SCR-01")
    assert "nagekomen — 2 dagen te laat" in late
    assert "nagekomen op wo 15 jul 2026 12:00" in late
    on_time = _row(signed_in("ind").get("/cases/C-ONTIME").text, "deadline-SCR-01")
    assert "te laat" not in on_time
    assert "nagekomen op ma 13 jul 2026 16:00" in on_time
    lapsed = _row(signed_in("ind-en").get("/cases/C-LAPSED").text, "deadline-SCR-01")
    assert "lapsed" in lapsed
    assert "ran out Tue 14 Jul 2026 00:00" in lapsed


def test_a_monitor_finds_the_screenings_that_ran_past_seven_days(
    signed_in: Callable[[str], TestClient], overruns: World
) -> None:
    monitor = signed_in("inspectie")
    page = monitor.get("/exceeded-limits", params={"limits": "screening"})
    assert page.status_code == 200
    assert 'href="/exceeded-limits"' in page.text  # in the menu
    rows = re.findall(r'id="exceeded-(C-[A-Z]+)-SCR-01"', page.text)
    assert rows == ["C-LAPSED", "C-LATE", "C-OPEN"]
    assert "met — 2 days late" in _row(page.text, "exceeded-C-LATE-SCR-01")
    assert "ran out" in _row(page.text, "exceeded-C-LAPSED-SCR-01")
    assert "days overdue" in _row(page.text, "exceeded-C-OPEN-SCR-01")
    late_only = monitor.get("/exceeded-limits", params={"limits": "screening", "kind": "met-late"})
    assert re.findall(r'id="exceeded-(C-[A-Z]+)-SCR-01"', late_only.text) == ["C-LATE"]


def test_the_dutch_page_is_dutch_and_a_bad_filter_is_said_beside_it(
    signed_in: Callable[[str], TestClient], overruns: World
) -> None:
    supervisor = signed_in("kmar-super")
    page = _dutch(supervisor, "/exceeded-limits?rule=SCR-01")
    assert "Overschreden termijnen" in page
    assert "nagekomen — 2 dagen te laat" in _row(page, "exceeded-C-LATE-SCR-01")
    bad = supervisor.get("/exceeded-limits", params={"rule": "SCR-99", "from": "2026-08-01"})
    assert bad.status_code == 422
    assert "Het regelboek kent geen regel SCR-99." in bad.text
    reversed_period = supervisor.get(
        "/exceeded-limits", params={"from": "2026-08-01", "to": "2026-07-01"}
    )
    assert "De periode eindigt voordat die begint." in reversed_period.text


@pytest.mark.parametrize("username", ["ind", "kmar", "coa", "counsellor", "analyst"])
def test_others_may_not_open_the_exceeded_limits(
    signed_in: Callable[[str], TestClient], username: str
) -> None:
    client = signed_in(username)
    assert client.get("/exceeded-limits").status_code == 403
    assert 'href="/exceeded-limits"' not in client.get("/rules").text

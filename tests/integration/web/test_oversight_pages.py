"""Statistics (counts only, never a case id) and the access log (read only, filtered)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from migrationpact.store.accesslog import access_entries
from migrationpact.store.sealed_reads import env_name
from migrationpact.store.statistics import case_statistics
from tests.integration.web.world import World
from tests.support.visible import visible_text


def _count(html: str, table: str, label: str) -> int:
    body = html.split(f'id="{table}"')[1].split("</table>")[0]
    found = re.search(rf'<th scope="row">{re.escape(label)}</th><td>(\d+)</td>', body)
    assert found, f"no row {label!r} in {table}"
    return int(found.group(1))


@pytest.mark.parametrize("username", ["analyst", "inspectie", "ind-super"])
def test_statistics_for_those_the_policy_allows(
    signed_in: Callable[[str], TestClient], username: str
) -> None:
    assert signed_in(username).get("/statistics").status_code == 200


@pytest.mark.parametrize("username", ["ind", "kmar", "coa", "counsellor"])
def test_statistics_refused_to_others(
    signed_in: Callable[[str], TestClient], username: str
) -> None:
    assert signed_in(username).get("/statistics").status_code == 403


@pytest.fixture(params=["random", "like-a-case-id"])
def tokens(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Session and CSRF tokens as made, or made to hold what a case id looks like (``C-Q``),
    as about one random token in a hundred does."""
    if request.param == "like-a-case-id":
        made = secrets.token_urlsafe
        monkeypatch.setattr(secrets, "token_urlsafe", lambda n: "C-Q" + made(n))
    return str(request.param)


def test_the_analyst_sees_counts_and_no_case_id(
    signed_in: Callable[[str], TestClient], world: World, tokens: str
) -> None:
    html = signed_in("analyst").get("/statistics").text
    counted = case_statistics(world.store.engine)
    assert counted.cases == 3
    assert 'id="stat-total">3<' in html
    assert _count(html, "stat-stage", "registered") == counted.by_stage["registered"] == 2
    assert _count(html, "stat-stage", "application made") == 1
    assert _count(html, "stat-organisation", "IND") == counted.open_deadlines_by_organisation["IND"]
    shown = visible_text(html)  # not the page's random CSRF token, which may hold "C-X"
    assert "registered" in shown
    assert not re.search(r"C-[A-Z]", shown)  # no case id shown
    assert "Haddad" not in shown
    assert 'href="/cases' not in html


def test_the_api_and_the_page_count_the_same(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    client = signed_in("analyst")
    answer = client.get("/v1/statistics").json()
    counted = case_statistics(world.store.engine)
    assert answer == {
        "cases": counted.cases,
        "by_stage": counted.by_stage,
        "by_procedure": counted.by_procedure,
        "open_deadlines_by_organisation": counted.open_deadlines_by_organisation,
    }


@pytest.mark.parametrize("username", ["inspectie", "ind-super"])
def test_the_access_log_for_monitors_and_ind_supervisors(
    signed_in: Callable[[str], TestClient], username: str
) -> None:
    signed_in("ind").get("/cases/C-WEEK")
    signed_in("coa").get("/cases/C-WEEK/account")  # refused, and logged as such
    page = signed_in(username).get("/access-log?case_id=C-WEEK")
    assert page.status_code == 200
    table = page.text.split('id="access-log"')[1].split("</table>")[0]
    rows = table.split("<tbody>")[1].split("</tr>")[:-1]
    assert len(rows) == 2
    assert "coa" in rows[0]
    assert "refused" in rows[0]
    assert "ind " in rows[1]
    assert "granted" in rows[1]
    assert all("C-WEEK" in row for row in rows)
    assert '<form method="post"' not in page.text.split("<main")[1]  # read only


def test_the_access_log_filters_by_actor(signed_in: Callable[[str], TestClient]) -> None:
    signed_in("ind").get("/cases/C-WEEK")
    signed_in("kmar").get("/cases/C-TODAY")
    page = signed_in("inspectie").get("/access-log?actor=kmar")
    table = page.text.split('id="access-log"')[1].split("</table>")[0]
    assert "C-TODAY" in table
    assert "C-WEEK" not in table
    assert 'value="kmar"' in page.text


def test_a_bad_filter_is_an_error_in_place(signed_in: Callable[[str], TestClient]) -> None:
    page = signed_in("inspectie").get("/access-log?case_id=../x&actor=kmar")
    assert page.status_code == 422
    assert 'href="#f-case-id"' in page.text
    assert 'aria-invalid="true"' in page.text
    assert 'value="../x"' in page.text
    assert 'value="kmar"' in page.text


@pytest.mark.parametrize("username", ["ind", "kmar", "coa", "counsellor", "analyst"])
def test_the_access_log_refused_to_others(
    signed_in: Callable[[str], TestClient], username: str
) -> None:
    assert signed_in(username).get("/access-log").status_code == 403


def _log_rows(client: TestClient) -> list[str]:
    page = client.get("/access-log?case_id=C-WEEK")
    assert page.status_code == 200
    table = page.text.split('id="access-log"')[1].split("</table>")[0]
    return table.split("<tbody>")[1].split("</tr>")[:-1] if "<tbody>" in table else []


def test_an_ind_supervisor_does_not_see_the_monitors_reads(
    signed_in: Callable[[str], TestClient],
) -> None:
    # The firewall (docs/monitoring.md): the monitored do not learn what the bodies look at.
    signed_in("ind").get("/cases/C-WEEK")
    assert signed_in("inspectie").get("/cases/C-WEEK").status_code == 200
    supervisor = _log_rows(signed_in("ind-super"))
    assert len(supervisor) == 1
    assert "ind " in supervisor[0]
    assert "inspectie" not in "".join(supervisor)
    assert "Iris Peeters" not in "".join(supervisor)
    # The monitor's own read is sealed (store.sealed_reads): it opens in the register only.
    monitor = _log_rows(signed_in("inspectie"))
    assert len(monitor) == 1
    assert "inspectie" not in "".join(monitor)


def test_a_monitors_read_is_refused_when_it_cannot_be_sealed(
    world: World, signed_in: Callable[[str], TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    monitor = signed_in("inspectie")
    before = len(access_entries(world.store.engine, limit=500))
    monkeypatch.delenv(env_name("InspectieJenV"))
    page = monitor.get("/cases/C-WEEK")
    assert page.status_code == 503
    assert "public keys are not configured" in visible_text(page.text)
    assert "Omar" not in page.text  # nothing of the case left without its log row
    assert len(access_entries(world.store.engine, limit=500)) == before

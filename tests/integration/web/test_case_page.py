"""The case page: sections by organisation, deadlines with their basis, the access log."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from migrationpact.store.accesslog import access_entries
from tests.integration.web.world import World


def test_ind_sees_the_whole_case(signed_in: Callable[[str], TestClient], world: World) -> None:
    page = signed_in("ind-en").get("/cases/C-OVERDUE")
    assert page.status_code == 200
    html = page.text
    assert "Case C-OVERDUE — Amal Haddad" in html
    assert 'id="deadline-APR-25"' in html
    row = html.split('id="deadline-APR-25"')[1].split("</tr>")[0]
    assert "UNVERIFIED" in row
    assert "days overdue" in row
    assert '<details class="derivation">' in row
    assert "APR Art. 73" in row
    assert "APR Art. 20(2)" in row
    assert "http://data.europa.eu/eli/reg/2024/1348/oj" in row
    assert 'id="timeline-title"' in html
    assert "#2" in html
    assert "/cases/C-OVERDUE/account" in html
    assert "/cases/C-OVERDUE/record/application_lodged" in html
    assert "Not available to your organisation" not in html
    logged = access_entries(world.store.engine, case_id="C-OVERDUE")
    assert logged[0].actor == "ind-en"
    assert logged[0].action == "case.read"
    assert "payload" in logged[0].fields
    assert "deadlines" in logged[0].fields


def test_coa_does_not_see_the_asylum_account(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    coa = signed_in("coa")
    page = coa.get("/cases/C-OVERDUE")
    assert page.status_code == 200
    html = page.text
    assert "Niet beschikbaar voor uw organisatie" in html
    assert "/cases/C-OVERDUE/account" not in html
    assert "/cases/C-OVERDUE/events/" not in html
    assert "RCD-01" in html  # the deadlines section is COA's
    assert "security_risk" not in html
    offered = {
        line.split("/record/")[1].split('"')[0] for line in html.splitlines() if "/record/" in line
    }
    assert offered == {"vulnerability_assessed", "absconded", "reappeared"}
    for path in ("/cases/C-OVERDUE/account", "/cases/C-OVERDUE/events/1"):
        refused = coa.get(path)
        assert refused.status_code == 403
        assert "Niet beschikbaar voor uw organisatie" in refused.text
    assert coa.get("/cases/C-OVERDUE/record/decision_taken").status_code == 403
    entries = access_entries(world.store.engine, case_id="C-OVERDUE")
    denied = [e.action for e in entries if e.outcome == "denied"]
    assert denied[:2] == ["case.event", "case.account"]  # refused reads are logged too


def test_ind_opens_the_asylum_account_and_an_event(
    signed_in: Callable[[str], TestClient],
) -> None:
    ind = signed_in("ind-en")
    account = ind.get("/cases/C-OVERDUE/account")
    assert account.status_code == 200
    assert "Routing explanation" in account.text
    assert "APPL-01" in account.text
    event = ind.get("/cases/C-OVERDUE/events/1")
    assert event.status_code == 200
    assert "security_risk" in event.text
    assert ind.get("/cases/C-OVERDUE/events/99").status_code == 404


def test_an_unknown_case_is_an_html_404(signed_in: Callable[[str], TestClient]) -> None:
    page = signed_in("ind-en").get("/cases/C-NOPE")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "There is no such case." in page.text


def test_open_a_case_by_id(signed_in: Callable[[str], TestClient]) -> None:
    response = signed_in("ind").get("/cases?case_id=C-WEEK", follow_redirects=False)
    assert response.headers["location"] == "/cases/C-WEEK"

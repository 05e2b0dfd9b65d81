"""The indicators page: a monitor sees the figures of the newest feed in a chart and a table, in
Dutch; asks who is behind a pseudonym; every other role gets the same "not found" as on every
register page. The case store is the web world's; the register a fresh one (SQLite and
PostgreSQL)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.monitoring_store.feed import pseudonym
from migrationpact.monitoring_store.register import Register
from migrationpact.services import monitoring_indicators
from migrationpact.services.monitoring_feed import make_feed
from tests.integration.web.conftest import hidden
from tests.integration.web.world import USERS, World
from tests.support.register import scratch_register

KEY = b"feed-key-of-the-case-system-0123456789"
CRM = Principal("crm-1", "C", Organisation.CRM, Role.MONITOR)
OTHERS = sorted(name for name, *_ in USERS if name not in {"inspectie", "crm"})
PATHS = [("GET", "/monitoring/indicators"), ("POST", "/monitoring/indicators/reidentify")]


@pytest.fixture
def register(empty_url: str, world: World) -> Iterator[Register]:
    opened = scratch_register(empty_url)
    world.app.state.services.monitor_register = opened
    yield opened
    opened.engine.dispose()


@pytest.fixture
def fed(register: Register, world: World) -> str:
    """The world's cases fed into the register; the pseudonym of one of them."""
    lines = make_feed(store=world.store, key=KEY)
    monitoring_indicators.import_feed(register=register, principal=CRM, body="CRM", lines=lines)
    case_id = sorted({r.case_id for r in world.store.records()})[0]
    return pseudonym(KEY, case_id)


def test_a_monitor_sees_the_indicators_in_dutch_with_a_chart(
    signed_in: Callable[[str], TestClient], fed: str, register: Register
) -> None:
    page = signed_in("crm").get("/monitoring/indicators?period=year")
    assert page.status_code == 200
    html = page.text
    assert "Indicatoren uit de zaakgegevens" in html
    assert "<svg" in html
    assert 'id="chart-indicators' in html
    # The table says what the use case counted, in Dutch, with the article from the rule book.
    found = monitoring_indicators.indicators(
        register=register, principal=CRM, body="CRM", period="year"
    )
    row = next(r for r in found["rows"] if r["indicator"] == "needs-assessment")
    table = re.sub(r"\s+", " ", html.split('id="indicators"')[1].split("</table>")[0])
    assert (
        '<th scope="row">Bijzondere opvangbehoeften later beoordeeld dan de termijn</th> '
        f"<td>art. 25, eerste lid, Opvangrichtlijn</td> <td>2026</td> "
        f'<td class="numeric">{row["count"]}</td> <td class="numeric">{row["flagged"]}</td>'
    ) in table
    assert "needs-assessment" not in html  # no codes on a Dutch page
    assert fed not in html  # the requests list is empty: no pseudonym shown yet


def test_a_monitor_asks_who_is_behind_a_pseudonym(
    signed_in: Callable[[str], TestClient], fed: str, register: Register
) -> None:
    client = signed_in("crm")
    token = hidden(client.get("/monitoring/indicators").text, "csrf_token")
    bad = client.post("/monitoring/indicators/reidentify",
                      data={"csrf_token": token, "pseudonym": fed, "purpose": "  "})  # fmt: skip
    assert bad.status_code == 422
    assert "Een verzoek noemt het doel, in 1 tot 2000 tekens" in bad.text
    done = client.post(
        "/monitoring/indicators/reidentify",
        data={"csrf_token": token, "pseudonym": fed, "purpose": "Signaal over dit kind"},
    )
    assert done.status_code == 200  # followed the redirect back to the page
    assert re.search(r"Het kenmerk is REID-\w{4}-\w{4}", done.text)
    logged = monitoring_indicators.reidentification_log(register=register, principal=CRM,
                                                        body="CRM")  # fmt: skip
    assert [(r["pseudonym"], r["purpose"], r["case_id"]) for r in logged] == [
        (fed, "Signaal over dit kind", None)
    ]


@pytest.mark.parametrize("username", OTHERS)
def test_every_other_role_gets_the_same_not_found(
    username: str, signed_in: Callable[[str], TestClient], fed: str
) -> None:
    client = signed_in(username)
    answers = set()
    for method, path in PATHS:
        got = client.request(method, path, data={"pseudonym": fed, "purpose": "x"},
                             follow_redirects=False)  # fmt: skip
        assert got.status_code == 404, (username, path)
        answers.add(got.text.split("<main")[1])
    assert len(answers) == 1

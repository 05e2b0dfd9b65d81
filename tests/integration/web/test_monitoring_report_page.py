"""The annual report's page: a monitor reads their body's report or the joint one, in their
language, with a chart and a PDF; everyone else gets the register's one "not found" page.

The case store is the web world's (SQLite); the register a fresh one on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.monitoring_store.register import Register
from migrationpact.services import monitoring
from migrationpact.services.monitoring_report import annual_report
from migrationpact.services.monitoring_report_document import report_document
from tests.integration.monitoring.test_report import dutch_text, shown_english
from tests.integration.web.world import USERS, World
from tests.support.register import scratch_register

MONITORS = {"inspectie", "crm"}
OTHERS = sorted(name for name, *_ in USERS if name not in MONITORS)
CRM = Principal("crm-1", "C", Organisation.CRM, Role.MONITOR)
ADDRESSES = ("/monitoring/report", "/monitoring/report?year=2026&scope=joint&public=1",
             "/monitoring/report.pdf?year=2026")  # fmt: skip


@pytest.fixture
def register(empty_url: str, world: World) -> Iterator[Register]:
    opened = scratch_register(empty_url)
    world.app.state.services.monitor_register = opened
    for fields in ({"phase": "detention"}, {"phase": "screening"}, {"rights": ["18"]}):
        signal = {"source": "lawyer", "channel": "email", "content": "Held at the border"}
        monitoring.submit_signal(register=opened, signal=signal | fields, submitted_by="test")
    yield opened
    opened.engine.dispose()


def main(html: str) -> str:
    return html.split("<main")[1]


@pytest.mark.parametrize("username", OTHERS)
def test_every_other_role_gets_the_registers_not_found(
    username: str, signed_in: Callable[[str], TestClient], register: Register
) -> None:
    client = signed_in(username)
    nothing = main(client.get("/monitoring/files/MON-2222-2222").text)
    for address in ADDRESSES:
        got = client.get(address)
        assert got.status_code == 404, (username, address)
        assert main(got.text) == nothing


def test_a_monitor_reads_the_report_of_their_body_with_a_chart(
    signed_in: Callable[[str], TestClient], register: Register
) -> None:
    page = signed_in("inspectie").get("/monitoring/report?year=2026")
    assert page.status_code == 200
    assert "<h1>Annual report 2026 of the monitoring mechanism</h1>" in page.text
    assert "Of Inspectie Justitie en Veiligheid." in page.text
    phases = page.text.split('id="report-signals-phase"')[1].split("</table>")[0]
    assert re.search(r"detention</th><td class=\"n\">1</td>", phases)
    assert 'id="chart-report-signals-phase"' in page.text
    assert 'href="/monitoring/report.pdf?year=2026&amp;scope=body"' in page.text


def test_the_college_reads_the_joint_public_report_in_dutch(
    signed_in: Callable[[str], TestClient], register: Register
) -> None:
    page = signed_in("crm").get("/monitoring/report?year=2026&scope=joint&public=1")
    assert page.status_code == 200
    assert "Jaarverslag 2026 van het monitoringsmechanisme" in page.text
    assert "Openbare versie." in page.text
    assert "&lt; 5" in page.text
    assert 'id="chart-report-signals-phase"' not in page.text  # its bars would show small counts
    assert not re.search(r"MON-[A-Z0-9]{4}-[A-Z0-9]{4}", page.text)
    report = annual_report(register=register, principal=CRM, year=2026, scope="joint", public=True)
    assert shown_english(report, dutch_text(main(page.text))) == []
    assert "Signals by phase" in shown_english(report, report_document(report, "en"))


def test_the_pdf_is_the_same_report(
    signed_in: Callable[[str], TestClient], register: Register
) -> None:
    got = signed_in("crm").get("/monitoring/report.pdf?year=2026&scope=joint")
    assert got.status_code == 200
    assert got.headers["content-type"] == "application/pdf"
    assert 'filename="report-joint-2026.pdf"' in got.headers["content-disposition"]
    assert got.content.startswith(b"%PDF-")


def test_a_year_without_a_report_is_said_in_the_page(
    signed_in: Callable[[str], TestClient], register: Register
) -> None:
    page = signed_in("crm").get("/monitoring/report?year=2019")
    assert page.status_code == 422
    assert "Er is geen verslag over dat jaar" in page.text
    assert signed_in("crm").get("/monitoring/report.pdf?year=2019").status_code == 400

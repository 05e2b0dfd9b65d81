"""The register page of a body's reads of case data (``/monitoring/case-reads``): a monitor
sees their body's reads, opened from the sealed rows of the case store's access log; the other
body does not; everyone else gets the register's one "not found". The register is a fresh one
on SQLite and on PostgreSQL (``empty_url``)."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from migrationpact.monitoring_store.case_reads import read_key_env_name
from migrationpact.monitoring_store.register import Register
from tests.integration.web.world import USERS, World
from tests.support.read_keys import PRIVATE
from tests.support.register import scratch_register
from tests.support.visible import visible_text

MONITORS = {"inspectie", "crm"}
OTHERS = sorted(name for name, *_ in USERS if name not in MONITORS)
PAGE = "/monitoring/case-reads"


@pytest.fixture
def register(empty_url: str, world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[Register]:
    """A register holding both bodies' private keys for their reads (in the environment)."""
    for body, key in PRIVATE.items():
        raw = key.private_bytes_raw()
        monkeypatch.setenv(read_key_env_name(body), base64.urlsafe_b64encode(raw).decode())
    opened = scratch_register(empty_url)
    world.app.state.services.monitor_register = opened
    yield opened
    opened.engine.dispose()


def _rows(html: str) -> list[str]:
    if 'id="monitoring-case-reads"' not in html:
        return []
    table = html.split('id="monitoring-case-reads"')[1].split("</table>")[0]
    return table.split("<tbody>")[1].split("</tr>")[:-1]


def test_a_monitor_sees_their_bodys_reads_and_not_the_others(
    signed_in: Callable[[str], TestClient], register: Register
) -> None:
    inspectie = signed_in("inspectie")
    assert inspectie.get("/cases/C-WEEK").status_code == 200
    page = inspectie.get(PAGE)
    assert page.status_code == 200
    rows = _rows(page.text)
    assert len(rows) == 1
    assert "inspectie" in rows[0]
    assert "C-WEEK" in rows[0]
    crm = signed_in("crm").get(PAGE)
    assert crm.status_code == 200
    assert _rows(crm.text) == []
    unopened = crm.text.split('id="monitoring-case-reads-unopened">')[1].split("</p>")[0]
    assert unopened.startswith("1 ")  # Inspectie's read: sealed to the other body's key
    assert _rows(inspectie.get(f"{PAGE}?case_id=C-OVERDUE").text) == []
    assert len(_rows(inspectie.get(f"{PAGE}?case_id=C-WEEK").text)) == 1


def test_the_listing_is_logged_in_the_register(
    signed_in: Callable[[str], TestClient], register: Register
) -> None:
    assert signed_in("crm").get(PAGE).status_code == 200
    with register.engine.connect() as conn:
        logged = conn.execute(text("SELECT organisation, action, outcome FROM monitor_reads")).all()
    assert [tuple(row) for row in logged] == [("CRM", "case-reads", "granted")]


@pytest.mark.parametrize("username", OTHERS)
def test_everyone_else_gets_the_registers_not_found(
    username: str, signed_in: Callable[[str], TestClient], register: Register
) -> None:
    client = signed_in(username)
    page = client.get(PAGE)
    assert page.status_code == 404
    same = client.get("/monitoring/files/MON-2222-2222")  # the register's one answer
    assert visible_text(page.text) == visible_text(same.text)


def test_a_case_id_that_is_none_is_said(
    signed_in: Callable[[str], TestClient], register: Register
) -> None:
    page = signed_in("inspectie").get(f"{PAGE}?case_id=../x")
    assert page.status_code == 422
    assert "This is not a case id." in visible_text(page.text)


def test_without_the_bodys_private_key_the_page_says_so(
    signed_in: Callable[[str], TestClient], register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(read_key_env_name("CRM"))
    monkeypatch.setenv("MIGRATIONPACT_MONITOR_KEY_DIR", "/nonexistent-key-dir")
    page = signed_in("crm").get(PAGE)
    assert page.status_code == 400
    assert "no key of CRM for its reads of case data" in visible_text(page.text)

"""In a real browser: the register's own app (``monitor serve``) on a port of its own, beside the
case system on another. One browser signs in to both on the same host; each keeps its own
session (cookies do not tell ports apart, so the register's cookies have names of their own),
and the register's sign-in and pages pass axe-core. Marked ``browser``."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from playwright.sync_api import Page, expect

from migrationpact.access.model import Organisation, Role
from migrationpact.auth.users import User, UserDirectory
from migrationpact.monitor_app import create_monitor_app
from migrationpact.monitoring_store.register import Register
from migrationpact.services import monitoring
from migrationpact.services.monitoring_serve import RegisterServices
from migrationpact.services.settings import ServiceSettings
from tests.browser.conftest import screenshot
from tests.browser.pages import axe_violations, sign_in
from tests.integration.web.world import PASSWORD
from tests.support.passwords import CHEAP
from tests.support.register import scratch_register

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Register]:
    opened = scratch_register(f"sqlite:///{tmp_path_factory.mktemp('own') / 'register.db'}")
    yield opened
    opened.engine.dispose()


@pytest.fixture(scope="module")
def register_server(register: Register) -> Iterator[str]:
    """The register's own app, served on a free port of ``localhost``."""
    settings = ServiceSettings(database_url="sqlite:///nowhere/cases.db")
    users = UserDirectory(
        [User("crm", "Cato Rechtman", Organisation.CRM, Role.MONITOR, CHEAP.hash(PASSWORD), "nl")]
    )
    app = create_monitor_app(
        settings, services=RegisterServices.build(settings, register=register, users=users)
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the register's server did not start within 10 s")
        time.sleep(0.05)
    yield f"http://localhost:{port}"
    server.should_exit = True
    thread.join(timeout=5)


def test_one_browser_is_signed_in_to_the_case_system_and_the_register_apart(
    page: Page, live_server: str, register_server: str, register: Register
) -> None:
    reference = monitoring.submit_signal(
        register=register,
        signal={"source": "lawyer", "channel": "email", "content": "Refused at the gate",
                "rights": ["18"]},
        submitted_by="test",
    )  # fmt: skip
    page.goto(f"{register_server}/login")
    assert axe_violations(page) == []
    sign_in(page, live_server, "crm")  # the case system's monitor of the same name
    sign_in(page, register_server, "crm")  # and the register's own user
    expect(page.locator("#monitoring-worklist")).to_contain_text(reference)
    assert axe_violations(page) == []
    screenshot(page, "45-register-app-worklist")
    nav = page.get_by_role("navigation")
    expect(nav.get_by_role("link")).to_have_count(6)  # the register's pages only
    page.goto(f"{live_server}/cases")
    assert "/login" not in page.url  # the case system's session was not replaced
    page.goto(f"{register_server}/monitoring")
    assert "/login" not in page.url  # nor the register's by it
    expect(page.locator("#monitoring-worklist")).to_contain_text(reference)

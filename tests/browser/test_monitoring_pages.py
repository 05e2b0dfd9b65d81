"""In a real browser: a monitor of the Inspectie opens the register's worklist, a file and the
intake form, enters a signal and triages a file. axe-core checks each page; screenshots go to
``artifacts/screenshots/``. Marked ``browser``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from migrationpact.monitoring_store.register import Register
from migrationpact.services import monitoring
from tests.browser.conftest import screenshot
from tests.browser.pages import axe_violations, sign_in
from tests.integration.web.world import World
from tests.support.register import scratch_register

pytestmark = pytest.mark.browser


@pytest.fixture
def register(live_world: World, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Register]:
    opened = scratch_register(f"sqlite:///{tmp_path_factory.mktemp('register') / 'm.db'}")
    services = live_world.app.state.services
    services.monitor_register = opened
    yield opened
    services.monitor_register = None
    opened.engine.dispose()


def test_a_monitor_works_in_the_register(page: Page, live_server: str, register: Register) -> None:
    reference = monitoring.submit_signal(
        register=register,
        signal={"source": "lawyer", "channel": "email", "content": "Nine days without a lawyer",
                "phase": "detention"},
        submitted_by="test",
    )  # fmt: skip
    sign_in(page, live_server, "inspectie")
    page.get_by_role("link", name="Monitoring files").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Monitoring worklist")
    expect(page.locator("#monitoring-worklist")).to_contain_text(reference)
    assert axe_violations(page) == []
    screenshot(page, "40-monitoring-worklist")
    page.get_by_role("link", name=reference).first.click()
    expect(page.locator("#file-events")).to_contain_text("Nine days without a lawyer")
    assert axe_violations(page) == []
    screenshot(page, "41-monitoring-file")
    page.locator("#t-kind").select_option("allegation")
    page.locator("#t-phase").select_option("detention")
    page.locator("#t-right-6").check()
    page.get_by_role("button", name="Record the triage").click()
    expect(page.locator("#file-events")).to_contain_text("Triaged")
    page.goto(f"{live_server}/monitoring/intake")
    assert axe_violations(page) == []
    page.locator("#f-source").select_option("own-observation")
    page.locator("#f-channel").select_option("visit")
    page.locator("#f-content").fill("A cell without daylight")
    page.get_by_role("button", name="Submit the signal").click()
    expect(page.locator("#submitted")).to_contain_text("MON-")
    screenshot(page, "42-monitoring-intake-done")

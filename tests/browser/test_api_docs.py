"""The API's interactive documentation works in a real browser, under the service's own CSP.

It must load without any outside site (no CDN: government networks often have none) and
without inline scripts, which the Content-Security-Policy refuses.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Request, expect

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def test_the_api_docs_render_from_this_server_only(page: Page, live_server: str) -> None:
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    def _request(request: Request) -> None:
        if not request.url.startswith(live_server) and not request.url.startswith("data:"):
            outside.append(request.url)

    page.on("request", _request)
    page.goto(f"{live_server}/v1/docs")
    # The page waits for /v1/openapi.json, which the server builds on first request: seconds on
    # a loaded two-core machine, hence a wait longer than expect's default of five.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text(
        "migrationpact", timeout=30_000
    )
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    screenshot(page, "16-api-docs")
    assert outside == []
    assert [e for e in errors if "Content Security Policy" in e or "CSP" in e] == []

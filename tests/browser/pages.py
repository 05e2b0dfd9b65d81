"""Steps the browser tests share: signing in, and the axe-core accessibility check."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

from tests.browser.conftest import AXE
from tests.integration.web.world import PASSWORD

#: axe-core's tags for the WCAG 2.0 and 2.1 success criteria of levels A and AA.
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/login" not in url)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """The WCAG 2.1 A/AA violations axe-core finds on the page as it is now."""
    if not AXE.exists():
        raise AssertionError(f"{AXE} is missing: run `npm ci` at the repository root")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result: dict[str, Any] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
    ]

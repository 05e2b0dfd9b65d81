"""In a real browser: an IND caseworker signs in through the organisation's OpenID Connect
provider (its own login and consent pages) and sees the worklist, then signs out there too.

The provider is the certified ``oidc-provider`` package, started by the test
(``tests.support.oidc``). Marked ``browser``; every wait is on a condition.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import _free_port, screenshot, serving
from tests.support.oidc import CASEWORKER, Provider, oidc_world, running_provider

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def oidc_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Provider]]:
    port = _free_port()
    base = f"http://localhost:{port}"
    with running_provider(base) as provider:
        world = oidc_world(tmp_path_factory.mktemp("oidc-browser"), provider, base_url=base)
        with serving(world.app, port):
            yield base, provider
        world.store.engine.dispose()


def test_a_caseworker_signs_in_at_the_provider_and_out_again(
    page: Page, oidc_server: tuple[str, Provider]
) -> None:
    base, provider = oidc_server
    page.goto(f"{base}/login")
    expect(page.get_by_label("Wachtwoord")).to_have_count(0)  # production: no password form
    page.get_by_role("link", name="Aanmelden bij uw organisatie").click()

    page.wait_for_url(f"{provider.issuer}/interaction/**")
    page.locator('input[name="login"]').fill(CASEWORKER)
    page.locator('input[name="password"]').fill("any password")
    page.get_by_role("button", name="Sign-in").click()
    expect(page.get_by_role("button", name="Continue")).to_be_visible()  # the consent page
    page.get_by_role("button", name="Continue").click()

    page.wait_for_url(f"{base}/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkvoorraad van IND")
    expect(page.locator(".who")).to_contain_text("Anna Jansen")
    screenshot(page, "oidc-01-worklist")

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(f"{provider.issuer}/session/end**")
    page.get_by_role("button", name="Yes, sign me out").click()
    page.wait_for_url(f"{base}/login")
    expect(page.get_by_role("link", name="Aanmelden bij uw organisatie")).to_be_visible()

"""In a real browser: COA's planner finds the reception sites, filters them and opens one.

The list shows each site's municipality and location type by name and its free places; the
filter is a plain form (no script needed); the site page shows its units in words and its
history. axe-core checks both pages; screenshots go to ``artifacts/screenshots/``. Marked
``browser``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.pages import axe_violations, sign_in
from tests.integration.web.reception_world import add_sites
from tests.integration.web.world import World

pytestmark = pytest.mark.browser


def test_the_planner_opens_the_site_list_and_a_site(
    page: Page, live_server: str, live_world: World
) -> None:
    add_sites(live_world.store)  # a second import records nothing
    sign_in(page, live_server, "coa")
    page.get_by_role("link", name="Opvanglocaties").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opvanglocaties")
    sites = page.locator("#reception-sites")
    expect(sites.locator("#site-AZC-ASSEN")).to_contain_text("Asielzoekerscentrum")
    expect(sites.locator("#site-AZC-ASSEN")).to_contain_text("Assen")
    expect(sites.locator("#site-DOL-EMMEN")).to_contain_text("gevraagd")
    assert axe_violations(page) == []
    screenshot(page, "30-reception-sites")

    page.get_by_label("Locatietype").select_option("DOL")
    page.get_by_role("button", name="Filteren").click()
    page.wait_for_url("**/reception/sites?type=DOL*")
    expect(page.locator("#site-AZC-ASSEN")).to_have_count(0)
    page.get_by_role("link", name="Dublinonderdaklocatie Emmen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Dublinonderdaklocatie Emmen")
    expect(page.locator("#unit-A")).to_contain_text("Alleenstaande volwassenen")
    expect(page.locator("#site-history")).to_contain_text("Locatie geregistreerd")
    assert axe_violations(page) == []
    screenshot(page, "31-reception-site")


def test_the_planner_reads_the_phase_in_plan(
    page: Page, live_server: str, live_world: World
) -> None:
    """The plan page: the chart is an image with a Dutch name, the same figures in a table,
    a site held back for want of consent; the form works without script."""
    add_sites(live_world.store)
    sign_in(page, live_server, "coa")
    page.get_by_role("link", name="Ingroeiplan Dublinopvang").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ingroeiplan Dublinonderdaklocaties")
    chart = page.get_by_role(
        "img", name="Benodigde plaatsen en capaciteit op locaties met instemming, per maand"
    )
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box is not None
    assert box["width"] > 200  # scaled to its box, not collapsed
    expect(page.locator("#held-DOL-EMMEN")).to_contain_text("geen instemming van de gemeente")
    page.get_by_label("Aantal maanden vooruit").fill("3")
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_url("**/reception/plan?*months=3*")
    expect(page.locator("#plan-months tbody tr")).to_have_count(3)
    assert axe_violations(page) == []
    screenshot(page, "32-reception-plan")

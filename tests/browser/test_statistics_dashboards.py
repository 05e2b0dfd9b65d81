"""In a real browser: the statistics dashboards with their charts, filters and downloads.

A monitor (exact figures) opens the statistics, sees the series chart and the breakdown chart
(SVG, ``role="img"``, titled) each beside its table, chooses other figures through the form,
and downloads the CSV; the Dutch analyst (suppressed figures) sees the same page in Dutch.
axe-core checks each page; screenshots go to ``artifacts/screenshots/``. Marked ``browser``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.pages import axe_violations, sign_in

pytestmark = pytest.mark.browser


def test_a_monitor_uses_the_dashboards(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "inspectie")
    page.goto(f"{live_server}/statistics")
    series = page.locator("svg#chart-series")
    expect(series).to_be_visible()
    expect(series).to_have_attribute("role", "img")
    expect(page.locator("#chart-series-title")).to_have_text("Asylum applicants per month")
    expect(page.locator("svg#chart-breakdown")).to_be_visible()
    expect(page.locator("#dash-series")).to_be_visible()
    expect(page.locator("#dash-breakdown")).to_contain_text("Syria")
    assert axe_violations(page) == []
    screenshot(page, "40-statistics-dashboards")

    page.get_by_label("Figures", exact=True).select_option("pending")
    page.get_by_label("Breakdown", exact=True).select_option("age")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#chart-series-title")).to_contain_text("pending at the end of the month")
    expect(page.locator("#dash-breakdown")).to_contain_text("18 to 34")
    assert axe_violations(page) == []
    screenshot(page, "41-statistics-pending-by-age")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download these figures (CSV)").click()
    assert download.value.suggested_filename.startswith("statistics-pending-")
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "Month,Pending applications"


def test_the_dutch_analyst_sees_the_dashboards_in_dutch(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "crm")  # a Dutch monitor: the page in Dutch
    page.goto(f"{live_server}/statistics?measure=dublin")
    expect(page.locator("#chart-series-title")).to_have_text(
        "Dublinverzoeken en overdrachten per maand"
    )
    expect(page.locator("svg#chart-breakdown")).to_have_count(0)
    assert axe_violations(page) == []
    page.goto(f"{live_server}/statistics?from=2026-13")
    expect(page.locator("main")).to_contain_text("2026-13 is geen maand")
    screenshot(page, "42-statistics-bad-month")

"""In a real browser: a ministry analyst downloads the progress report from the statistics page.

The form's choices are found by their labels, the page passes axe-core, and the download is a
PDF named after the period and language. Marked ``browser``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.pages import axe_violations, sign_in

pytestmark = pytest.mark.browser


def test_an_analyst_downloads_the_progress_report(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "analyst")
    page.goto(f"{live_server}/statistics")
    expect(page.get_by_role("heading", name="Implementation progress report")).to_be_visible()
    page.get_by_label("Period", exact=True).select_option("2026-H2")
    page.get_by_label("Language of the report").select_option("nl")
    page.get_by_label("Format").select_option("pdf")
    assert axe_violations(page) == []
    screenshot(page, "30-progress-report-form")
    with page.expect_download() as waiting:
        page.get_by_role("button", name="Download the report").click()
    download = waiting.value
    assert download.suggested_filename == "progress-report-2026-H2-nl.pdf"
    path = download.path()
    assert path is not None
    with open(path, "rb") as saved:
        assert saved.read(5) == b"%PDF-"

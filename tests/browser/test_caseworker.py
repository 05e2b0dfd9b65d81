"""In a real browser: an IND caseworker handles an overdue case; COA is kept out of the account.

Marked ``browser``. Screenshots of the main pages go to ``artifacts/screenshots/``.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.pages import axe_violations, sign_in

pytestmark = pytest.mark.browser


def test_ind_records_a_lodging_from_the_worklist(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/login")
    assert axe_violations(page) == []
    screenshot(page, "01-login")
    sign_in(page, live_server, "ind")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkvoorraad van IND")
    overdue = page.locator("section", has=page.locator("#group-overdue"))
    row = overdue.locator("tr", has_text="C-OVERDUE")
    expect(row).to_contain_text("APR-25")
    expect(row).to_contain_text("NIET GEVERIFIEERD")
    assert axe_violations(page) == []
    screenshot(page, "02-worklist")

    row.get_by_role("link", name="C-OVERDUE").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Zaak C-OVERDUE")
    assert axe_violations(page) == []
    screenshot(page, "03-case")

    page.get_by_role("link", name="Verzoek ingediend").click()
    moment = page.get_by_label("Datum en tijd waarop het gebeurde")
    expect(moment).to_have_value(re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d$"))  # now
    moment.fill("")
    page.get_by_role("button", name="Vastleggen").click()  # nothing left: an error in place
    expect(page.locator("#error-summary")).to_contain_text("Dit veld is verplicht.")
    expect(page.get_by_label("Datum en tijd waarop het gebeurde")).to_have_attribute(
        "aria-invalid", "true"
    )
    assert axe_violations(page) == []
    screenshot(page, "04-form-with-errors")

    now = datetime.now().strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("Datum en tijd waarop het gebeurde").fill(now)
    page.get_by_role("button", name="Vastleggen").click()
    page.wait_for_url("**/cases/C-OVERDUE?recorded=3*")
    expect(page.get_by_role("status")).to_contain_text("Gebeurtenis 3 vastgelegd.")
    new_deadline = page.locator("#deadline-APR-13")
    expect(new_deadline).to_contain_text("art. 35, vierde lid, Procedureverordening")
    expect(new_deadline).to_contain_text("lopend")
    expect(page.locator(".deadline-changes")).to_contain_text("APR-04: lopend → nagekomen")
    screenshot(page, "05-case-after-lodging")


def test_coa_cannot_open_the_asylum_account(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "coa")
    page.goto(f"{live_server}/cases/C-WEEK")
    account = page.locator("#account")
    expect(account).to_contain_text("Niet beschikbaar voor uw organisatie")
    expect(page.locator("#timeline")).to_contain_text("Niet beschikbaar voor uw organisatie")
    screenshot(page, "06-case-as-coa")
    response = page.goto(f"{live_server}/cases/C-WEEK/account")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Niet toegestaan")


def test_rules_and_route_checker_are_accessible(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "ind-en")
    page.goto(f"{live_server}/rules")
    expect(page.get_by_role("link", name="APR-13")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "07-rules")
    page.get_by_role("link", name="APR-25").click()
    expect(page.locator("h2").first).to_contain_text("UNVERIFIED")
    screenshot(page, "08-rule")

    page.goto(f"{live_server}/route")
    page.get_by_label("How the person arrived").select_option("border-crossing")
    page.get_by_label("Applied for international protection").select_option("yes")
    page.get_by_label("Nationality").fill("BGD")
    page.get_by_label("Date the application was made").fill("2026-07-02")
    page.get_by_label("Age").fill("25")
    page.get_by_role("button", name="Check the route").click()
    expect(page.locator("#route-result")).to_contain_text("APR-R6")
    assert axe_violations(page) == []
    screenshot(page, "09-route-checker")


def test_the_keyboard_reaches_the_skip_link_first(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "ind")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

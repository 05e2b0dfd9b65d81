"""In a real browser: opening cases, the way to a decision, and the oversight pages.

A KMar officer opens a case with a screening; an IND caseworker opens one with an application
(with a family member, which the case page then shows) and records registration, lodging, the
decision and its notification through the forms, and finds the appeal period with its article
on the case page. A monitor uses the case list, the
statistics and the access log. axe-core checks every new page; screenshots go to
``artifacts/screenshots/``. Marked ``browser``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.pages import axe_violations, sign_in

pytestmark = pytest.mark.browser

WHEN = "Datum en tijd waarop het gebeurde"
FINDINGS = (
    "unaccompanied",
    "security-risk",
    "misled-authorities",
    "special-needs-unsupported",
    "medical-grounds",
    "detention-guarantees-unmet",
    "border-capacity-reached",
    "annual-maximum-reached",
)


def _ago(minutes: int) -> str:
    return (datetime.now() - timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M")


def _record(page: Page, link: str, minutes_ago: int, seq: int) -> None:
    page.get_by_role("link", name=link, exact=True).click()
    page.get_by_label(WHEN).fill(_ago(minutes_ago))
    if link == "Besluit genomen":
        page.get_by_label("Uitkomst").select_option("unfounded")
    page.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_role("status")).to_contain_text(f"Gebeurtenis {seq} vastgelegd.")


def test_kmar_opens_a_case_with_a_screening(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "kmar")
    page.get_by_role("link", name="Nieuwe zaak").click()
    page.get_by_role("link", name="Screening begonnen").click()
    page.locator("#f-case-id").fill("C-KMAR-BROWSER")
    page.get_by_label(WHEN).fill(_ago(30))
    page.get_by_label("Hoe de persoon binnenkwam").select_option("border-crossing")
    page.get_by_label("Locatie").fill("Schiphol")
    page.get_by_label("Namen").fill("Samir, Nasser")
    page.locator("#f-person-nationality").fill("SYR")
    page.get_by_role("button", name="Zaak openen").click()
    page.wait_for_url("**/cases/C-KMAR-BROWSER?recorded=1")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Samir Nasser")
    expect(page.locator("dl.summary")).to_contain_text("screening")


def test_ind_opens_a_case_and_reaches_the_appeal_period(page: Page, live_server: str) -> None:
    sign_in(page, live_server, "ind")
    page.get_by_role("link", name="Nieuwe zaak").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Verzoek gedaan").click()
    page.locator("#f-case-id").fill("C-IND-BROWSER")
    page.get_by_label("Namen").fill("Amira, Saleh")
    page.get_by_role("button", name="Zaak openen").click()  # no date, no entry: errors in place
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Dit veld is verplicht.")
    expect(page.get_by_label(WHEN)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Namen")).to_have_value("Amira, Saleh")
    assert axe_violations(page) == []
    screenshot(page, "10-new-case-with-errors")

    page.get_by_label(WHEN).fill(_ago(50))
    page.get_by_label("Hoe de persoon binnenkwam").select_option("in-territory")
    page.locator("#f-person-nationality").fill("SYR")
    page.locator("#f-facts-age").fill("30")
    for finding in FINDINGS:
        page.locator(f"#f-facts-{finding}").select_option("no")
    page.locator("#f-family-members-0-relation").select_option("child")
    page.locator("#f-family-members-0-member-state").select_option("DEU")
    screenshot(page, "11-new-case-form")
    page.get_by_role("button", name="Zaak openen").click()
    page.wait_for_url("**/cases/C-IND-BROWSER?recorded=1")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amira Saleh")
    family = page.get_by_role("table", name="Gezinsleden")
    expect(family).to_contain_text("Kind")
    expect(family).to_contain_text("Duitsland")  # the member state by its Dutch name
    assert axe_violations(page) == []

    _record(page, "Verzoek geregistreerd", 40, 2)
    _record(page, "Verzoek ingediend", 30, 3)
    _record(page, "Besluit genomen", 20, 4)
    _record(page, "Besluit bekendgemaakt", 10, 5)
    appeal = page.locator("#deadline-NL-APR-19")
    expect(appeal).to_contain_text("art. 67, zevende lid, onder b, Procedureverordening")
    expect(appeal).to_contain_text("lopend")
    screenshot(page, "12-case-with-appeal-period")


def test_a_monitor_uses_the_case_list_statistics_and_access_log(
    page: Page, live_server: str
) -> None:
    sign_in(page, live_server, "inspectie")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cases")  # they land on the list
    expect(page.locator("#case-list")).to_contain_text("C-WEEK")
    page.get_by_label("Stage").select_option("registered")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#case-list")).to_contain_text("C-WEEK")
    expect(page.locator("#case-list")).not_to_contain_text("C-TODAY")
    assert axe_violations(page) == []
    screenshot(page, "13-case-list")

    page.get_by_role("link", name="C-WEEK").click()
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Statistics").click()
    expect(page.locator("#stat-total")).not_to_have_text("0")
    assert axe_violations(page) == []
    screenshot(page, "14-statistics")

    page.get_by_role("link", name="Access log").click()
    page.get_by_label("Case id").fill("C-WEEK")
    page.get_by_role("button", name="Filter").click()
    # The monitor's own read of C-WEEK is sealed (docs/monitoring.md): shown in the register only.
    expect(page.locator("main")).not_to_contain_text("inspectie")
    expect(page.locator("main")).not_to_contain_text("monitoring-body")
    assert axe_violations(page) == []
    screenshot(page, "15-access-log")

"""The progress report from the statistics page: the form (labelled choices), the download in
both languages and both formats, and the refusals (a choice not offered, a role without
statistics)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.integration.web.world import World

ADDRESS = "/statistics/progress-report"


def test_the_statistics_page_offers_the_report(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    html = signed_in("analyst").get("/statistics").text
    form = html.split('id="progress-form"')[1].split("</form>")[0]
    for name in ("period", "language", "format"):
        assert f'<label for="progress-{name}">' in form
        assert f'id="progress-{name}" name="{name}"' in form
    assert '<option value="2026-H2">second half of 2026</option>' in form
    assert '<option value="2026-07">July 2026</option>' in form
    assert 'value="2026-05"' not in form  # before the Pact applied
    assert '<option value="pdf">PDF</option>' in form


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "Progress report on the implementation of the Pact: third quarter of 2026"),
        ("nl", "Voortgangsrapportage implementatie Migratiepact: derde kwartaal van 2026"),
    ],
)
def test_the_html_download_in_either_language(
    signed_in: Callable[[str], TestClient], world: World, language: str, title: str
) -> None:
    got = signed_in("analyst").get(
        ADDRESS, params={"period": "2026-Q3", "language": language, "format": "html"}
    )
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/html")
    disposition = got.headers["content-disposition"]
    assert disposition == f'attachment; filename="progress-report-2026-Q3-{language}.html"'
    assert f"<h1>{title}</h1>" in got.text
    assert f'<html lang="{language}">' in got.text


def test_the_pdf_download(signed_in: Callable[[str], TestClient], world: World) -> None:
    got = signed_in("analyst").get(ADDRESS, params={"period": "2026-H2", "format": "pdf"})
    assert got.status_code == 200
    assert got.headers["content-type"] == "application/pdf"
    assert got.content.startswith(b"%PDF-")


@pytest.mark.parametrize(
    "params",
    [
        {"period": "2026-H3"},
        {"period": "2026-05"},
        {"period": "2099-H1"},
        {"period": ""},
        {"period": "2026-H2", "format": "docx"},
        {"period": "2026-H2", "language": "de"},
    ],
)
def test_a_choice_not_offered_is_a_400_in_the_persons_language(
    signed_in: Callable[[str], TestClient], world: World, params: dict[str, str]
) -> None:
    got = signed_in("crm").get(ADDRESS, params=params)  # crm reads in Dutch
    assert got.status_code == 400
    assert "Voor die keuze is er geen voortgangsrapportage" in got.text
    assert "has not begun" not in got.text
    assert "not a period" not in got.text


@pytest.mark.parametrize("username", ["ind", "coa", "counsellor"])
def test_roles_without_statistics_are_refused(
    signed_in: Callable[[str], TestClient], world: World, username: str
) -> None:
    assert signed_in(username).get(ADDRESS, params={"period": "2026-H2"}).status_code == 403


def test_the_shelter_plan_is_left_out_for_a_role_that_may_not_read_it(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    """An IND supervisor reads statistics but not the phase-in plan: the section says so."""
    html = signed_in("ind-super").get(ADDRESS, params={"period": "2026-H2", "language": "en"}).text
    dublin = html.split('id="report-section-dublin"')[1].split("</section>")[0]
    assert "The Dublin shelter phase-in plan is not open to your role." in dublin
    assert not re.search(r'id="report-progress-dublin-shelter"', dublin)

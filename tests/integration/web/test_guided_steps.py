"""Guided steps on the case page: the next step first, forms filled in, what a step changed."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from migrationpact.cases.events import parse_event
from migrationpact.store import service
from tests.integration.web.conftest import hidden
from tests.integration.web.world import World, moment


def _record_nav(html: str) -> str:
    start = html.index('<nav aria-labelledby="record-title"')
    return html[start : html.index("</nav>", start)]


def _offered_before_the_fold(html: str) -> list[str]:
    shown = _record_nav(html).split("<details>")[0]
    return re.findall(r'/record/([a-z_]+)"', shown)


def test_the_next_step_meets_the_most_urgent_deadline_and_done_steps_are_folded_away(
    signed_in: Callable[[str], TestClient],
) -> None:
    html = signed_in("ind-en").get("/cases/C-OVERDUE").text  # registered, not lodged
    offered = _offered_before_the_fold(html)
    # APR-25 (the IND's, 30 days from the making 40 days ago) is the IND's most overdue
    # deadline; COA's RCD-01 (3 days) is older, but it is COA's to meet.
    assert offered[0] == "vulnerability_assessed"
    assert "Next step" in html
    assert "(meets APR-25, RCD-02)" in html
    assert "reception_information_given" in offered
    assert "application_lodged" in offered
    for done in ("application_made", "application_registered", "screening_completed"):
        assert done not in offered
        assert f"/record/{done}" in _record_nav(html).split("<details>")[1]  # still reachable
    # The IND's own deadlines first (APR-25, then AMMR-01), then the others' by their end:
    # RCD-01 (COA) before APR-04 (the applicant's lodging).
    assert offered.index("take_charge_request_sent") < offered.index("reception_information_given")
    assert offered.index("reception_information_given") < offered.index("application_lodged")


def test_the_dutch_page_shows_the_steps_in_dutch(signed_in: Callable[[str], TestClient]) -> None:
    nav = _record_nav(signed_in("ind").get("/cases/C-OVERDUE").text)
    assert "Volgende stap" in nav
    assert "voldoet aan APR-25, RCD-02" in nav
    assert "Next step" not in nav
    assert "meets" not in nav


def test_coa_records_reception_information_through_its_form(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    coa = signed_in("coa")
    page = coa.get("/cases/C-OVERDUE/record/reception_information_given")
    assert page.status_code == 200
    form = {n: hidden(page.text, n) for n in ("csrf_token", "expected_seq", "idempotency_key")}
    response = coa.post(
        "/cases/C-OVERDUE/record/reception_information_given",
        data={**form, "occurred_at": moment(0.01), "language": "ara"},
    )
    assert response.status_code == 200
    state = service.get_case(store=world.store, case_id="C-OVERDUE")
    rcd = state.deadline("RCD-01")
    assert rcd is not None
    assert rcd.status != "open"


def test_the_time_starts_at_now_and_the_screening_form_with_what_is_known(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    person = {
        "pseudonym": "P-Sami", "names": ["Sami", "Nasser"], "nationality": "SYR", "sex": "M",
        "date_of_birth": "1990-04-01", "languages": ["apc", "eng"],
    }  # fmt: skip
    started = {
        "type": "screening_started", "occurred_at": moment(1), "entry": "border-crossing",
        "person": person,
    }  # fmt: skip
    service.append_event(
        store=world.store, case_id="C-SCREEN", event=parse_event(started), expected_seq=0,
        actor="kmar", organisation="KMar",
    )  # fmt: skip
    page = signed_in("kmar").get("/cases/C-SCREEN/record/screening_completed").text

    def value(name: str) -> str:
        found = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', page)
        assert found, name
        return found.group(1)

    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", value("occurred_at"))
    assert value("form.names") == "Sami, Nasser"
    assert value("form.nationality") == "SYR"
    assert value("form.date_of_birth") == "1990-04-01"
    assert value("form.languages") == "apc, eng"
    chosen = re.search(r'name="form.reason_for_screening".*?</select>', page, re.S)
    assert chosen is not None
    assert re.search(r'value="border-crossing"\s+selected', chosen.group(0))


def test_after_recording_the_page_shows_each_deadline_that_changed(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    ind = signed_in("ind")
    page = ind.get("/cases/C-OVERDUE/record/application_lodged").text
    form = {n: hidden(page, n) for n in ("csrf_token", "expected_seq", "idempotency_key")}
    response = ind.post(
        "/cases/C-OVERDUE/record/application_lodged", data={**form, "occurred_at": moment(0.01)}
    )
    assert response.status_code == 200
    html = response.text
    assert "Gebeurtenis 3 vastgelegd." in html
    changes = html.split('class="deadline-changes"')[1].split("</section>")[0]
    assert "Termijnen die deze gebeurtenis veranderde" in changes
    assert re.search(r">APR-04</a>: lopend → nagekomen<", changes)  # lodging meets APR-04
    apr13 = service.get_case(store=world.store, case_id="C-OVERDUE").deadline("APR-13")
    assert apr13 is not None
    assert re.search(r">APR-13</a>: — → \w\w \d+ \w+ \d{4}<", changes)  # started by lodging
    # Without a recorded event, or with one the case does not have, the page shows no changes.
    assert 'class="deadline-changes"' not in ind.get("/cases/C-OVERDUE").text
    assert 'class="deadline-changes"' not in ind.get("/cases/C-OVERDUE?recorded=99").text

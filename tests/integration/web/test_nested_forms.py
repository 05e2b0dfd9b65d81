"""Forms of events with nested data on an existing case, and rule titles in the language."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from migrationpact.cases.events import parse_event
from migrationpact.store import service
from migrationpact.web.event_forms import NESTED_FORMS, key_id
from migrationpact.web.forms import read_form
from tests.integration.web.conftest import hidden
from tests.integration.web.world import World, moment


def _form(client: TestClient, case_id: str, event_type: str) -> dict[str, str]:
    page = client.get(f"/cases/{case_id}/record/{event_type}")
    assert page.status_code == 200, page.text
    return {
        name: hidden(page.text, name) for name in ("csrf_token", "expected_seq", "idempotency_key")
    }


def test_facts_recorded_as_yes_no_or_not_recorded(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    ind = signed_in("ind-en")
    page = ind.get("/cases/C-TODAY/record/facts_recorded")
    assert "<legend>Routing facts</legend>" in page.text
    form = {
        **_form(ind, "C-TODAY", "facts_recorded"),
        "occurred_at": moment(0.01),
        "facts.medical_grounds": "yes",
        "facts.security_risk": "",
        "facts.age": "17",
    }
    response = ind.post("/cases/C-TODAY/record/facts_recorded", data=form)
    assert response.status_code == 200, response.text
    facts = service.get_case(store=world.store, case_id="C-TODAY").facts
    assert facts.medical_grounds is True
    assert facts.age == 17
    assert facts.security_risk is False  # not recorded here: the earlier answer stays


def test_kmar_may_record_facts_but_not_suspend_a_clock(
    signed_in: Callable[[str], TestClient],
) -> None:
    kmar = signed_in("kmar")
    assert kmar.get("/cases/C-TODAY/record/facts_recorded").status_code == 200
    assert kmar.get("/cases/C-TODAY/record/clock_suspended").status_code == 403
    case = kmar.get("/cases/C-TODAY").text
    assert "/record/facts_recorded" in case
    assert "/record/clock_suspended" not in case


def test_a_clock_is_suspended_and_resumed(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    ind = signed_in("ind-en")
    base = {**_form(ind, "C-WEEK", "clock_suspended"), "occurred_at": moment(0.02)}
    missing = ind.post("/cases/C-WEEK/record/clock_suspended", data=base)
    assert missing.status_code == 422
    for field_id in (
        "f-deadlines",
        "f-legal-basis-instrument",
        "f-legal-basis-article",
        "f-reason",
    ):
        assert f'href="#{field_id}"' in missing.text
    assert "<legend>Legal basis of the suspension</legend>" in missing.text
    form = {
        **base,
        "deadlines": "AMMR-01",
        "legal_basis.instrument": "AMMR",
        "legal_basis.article": "46",
        "legal_basis.paragraph": "1",
        "reason": "the applicant absconded",
    }
    response = ind.post("/cases/C-WEEK/record/clock_suspended", data=form)
    assert response.status_code == 200, response.text
    history = service.case_history(store=world.store, case_id="C-WEEK")
    assert history[-1].type == "clock_suspended"
    assert history[-1].payload["legal_basis"][0]["article"] == "46"
    resumed = {**_form(ind, "C-WEEK", "clock_resumed"), "occurred_at": moment(0.01)}
    assert ind.post("/cases/C-WEEK/record/clock_resumed", data=resumed).status_code == 200
    assert service.case_history(store=world.store, case_id="C-WEEK")[-1].type == "clock_resumed"


def test_worklist_and_case_page_name_the_rule_in_the_users_language(
    signed_in: Callable[[str], TestClient],
) -> None:
    dutch = signed_in("ind")
    week = dutch.get("/worklist").text.split('id="group-week"')[1].split("</section>")[0]
    case = dutch.get("/cases/C-WEEK").text.split('id="deadline-AMMR-01"')[1].split("</th>")[0]
    english = signed_in("ind-en").get("/worklist").text.split('id="group-week"')[1]
    english_title = english.split("AMMR-01</span>")[1].split("<")[0].strip()
    dutch_title = week.split("AMMR-01</span>")[1].split("<")[0].strip()
    assert dutch_title
    assert english_title
    assert dutch_title != english_title
    assert dutch_title in case  # the same helper, the same words on both pages


def test_an_application_after_a_screening_records_the_family_group_once(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    started = {"type": "screening_started", "occurred_at": moment(1), "entry": "border-crossing"}
    service.create_case(
        store=world.store,
        event=parse_event(started),
        actor="kmar",
        organisation="KMar",
        case_id="C-SCREENED",
    )
    ind = signed_in("ind-en")
    page = ind.get("/cases/C-SCREENED/record/application_made").text
    assert "<legend>Family group</legend>" in page
    form = {
        **_form(ind, "C-SCREENED", "application_made"),
        "occurred_at": moment(0.5),
        "family.includes_minors": "yes",
        "family.members.0.relation": "child",
        "family.members.0.case_id": "C-TODAY",
        "family.members.2.relation": "sibling",
        "family.members.2.member_state": "BEL",
        "family.members.2.legally_resident": "no",
    }
    first = ind.post("/cases/C-SCREENED/record/application_made", data=form)
    second = ind.post("/cases/C-SCREENED/record/application_made", data=form)
    assert first.status_code == second.status_code == 200, second.text
    history = service.case_history(store=world.store, case_id="C-SCREENED")
    assert [r.type for r in history] == ["screening_started", "application_made"]
    family = service.get_case(store=world.store, case_id="C-SCREENED").family
    assert family is not None
    assert family.includes_minors is True
    assert family.group_id == key_id("G-", form, "family group:")
    assert [
        (m.relation, m.case_id, m.member_state, m.legally_resident) for m in family.members
    ] == [
        ("child", "C-TODAY", None, None),
        ("sibling", None, "BEL", False),
    ]


def test_an_application_without_family_rows_sends_no_family_group() -> None:
    values = {
        "occurred_at": "2026-11-30T10:00",
        "family.members.0.relation": "",
        "idempotency_key": "k" * 12,
    }
    data, errors = read_form(NESTED_FORMS["application_made"], values)
    assert errors == {}
    assert "family" not in data
    data, _ = read_form(
        NESTED_FORMS["application_made"], {**values, "family.includes_minors": "no"}
    )
    assert data["family"] == {
        "includes_minors": False,
        "group_id": key_id("G-", values, "family group:"),
    }

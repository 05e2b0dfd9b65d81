"""The new-case page: who may open a case, errors in place, one case per double submit."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from migrationpact.store import service
from migrationpact.web.event_forms import FIRST_FORMS
from migrationpact.web.forms import read_form
from tests.integration.web.conftest import hidden
from tests.integration.web.world import World, moment


def _form(client: TestClient, event_type: str) -> dict[str, str]:
    page = client.get(f"/cases/new/{event_type}")
    assert page.status_code == 200, page.text
    return {
        "csrf_token": hidden(page.text, "csrf_token"),
        "idempotency_key": hidden(page.text, "idempotency_key"),
    }


def _case_id(page: str) -> str:
    return page.split('name="case_id"')[1].split('value="')[1].split('"')[0]


@pytest.mark.parametrize(
    ("username", "offered", "not_offered"),
    [
        ("kmar", ["screening_started", "application_made"], ["take_charge_request_received"]),
        ("ind-en", ["screening_started", "application_made", "take_charge_request_received"], []),
    ],
)
def test_the_first_events_offered_are_the_policys(
    signed_in: Callable[[str], TestClient],
    username: str,
    offered: list[str],
    not_offered: list[str],
) -> None:
    page = signed_in(username).get("/cases/new")
    assert page.status_code == 200
    for event_type in offered:
        assert f'href="/cases/new/{event_type}"' in page.text
    for event_type in not_offered:
        assert f'href="/cases/new/{event_type}"' not in page.text
    assert 'href="/cases/new" aria-current="page"' in page.text


@pytest.mark.parametrize("username", ["coa", "inspectie", "counsellor", "analyst"])
def test_those_who_may_not_open_cases_are_refused(
    signed_in: Callable[[str], TestClient], username: str
) -> None:
    client = signed_in(username)
    assert client.get("/cases/new").status_code == 403
    assert client.get("/cases/new/application_made").status_code == 403
    assert 'href="/cases/new"' not in client.get("/rules").text  # not in the menu either


def test_kmar_may_not_record_a_take_charge_request(
    signed_in: Callable[[str], TestClient],
) -> None:
    assert signed_in("kmar").get("/cases/new/take_charge_request_received").status_code == 403


def test_kmar_opens_a_case_with_a_screening(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    kmar = signed_in("kmar")
    page = kmar.get("/cases/new/screening_started")
    case_id = _case_id(page.text)
    assert case_id.startswith("C-")
    form = {
        "csrf_token": hidden(page.text, "csrf_token"),
        "idempotency_key": hidden(page.text, "idempotency_key"),
        "case_id": case_id,
        "occurred_at": moment(0.1),
        "entry": "border-crossing",
        "location": "Schiphol",
        "person.names": "Samir, Nasser",
        "person.date_of_birth": "1999-05-01",
        "person.date_of_birth_estimated": "on",
        "person.nationality": "SYR",
        "person.sex": "M",
        "person.languages": "ara, eng",
    }
    response = kmar.post("/cases/new/screening_started", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/cases/{case_id}?recorded=1"
    state = service.get_case(store=world.store, case_id=case_id)
    assert state.stage == "screening"
    assert state.person is not None
    assert state.person.names == ["Samir", "Nasser"]
    assert state.person.date_of_birth_estimated is True
    assert state.person.languages == ["ara", "eng"]
    assert state.person.pseudonym.startswith("P-")
    history = service.case_history(store=world.store, case_id=case_id)
    assert history[0].organisation == "KMar"
    assert history[0].payload["location"] == "Schiphol"


def test_a_double_submit_opens_one_case(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    ind = signed_in("ind-en")
    form = {
        **_form(ind, "application_made"),
        "case_id": "",  # left empty: made from the idempotency key, the same both times
        "occurred_at": moment(0.1),
        "entry": "in-territory",
        "person.nationality": "ERI",
        "facts.age": "34",
        "facts.security_risk": "no",
        "facts.unaccompanied": "",
    }
    first = ind.post("/cases/new/application_made", data=form, follow_redirects=False)
    second = ind.post("/cases/new/application_made", data=form, follow_redirects=False)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    case_id = first.headers["location"].split("/cases/")[1].split("?")[0]
    assert len(service.case_history(store=world.store, case_id=case_id)) == 1
    before = {s.case_id for s in service.list_cases(store=world.store)}
    assert before == {"C-OVERDUE", "C-WEEK", "C-TODAY", case_id}
    state = service.get_case(store=world.store, case_id=case_id)
    assert state.facts.nationality == "ERI"  # taken from the person
    assert state.facts.age == 34
    assert state.facts.security_risk is False
    assert state.facts.unaccompanied is None  # not recorded stays unknown


def test_errors_are_shown_in_place_and_the_input_is_kept(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    ind = signed_in("ind-en")
    form = {
        **_form(ind, "application_made"),
        "case_id": "C-NEW-1",
        "occurred_at": "yesterday",
        "person.names": "Amira, Saleh",
        "person.nationality": "eritrea",
        "facts.age": "thirty",
        "facts.medical_grounds": "yes",
    }
    response = ind.post("/cases/new/application_made", data=form)
    assert response.status_code == 422
    html = response.text
    assert 'class="error-summary"' in html
    for field_id in ("f-occurred-at", "f-entry", "f-facts-age"):
        assert f'href="#{field_id}"' in html
        assert f'id="{field_id}-error"' in html
    assert 'aria-describedby="f-facts-age-hint f-facts-age-error"' in html
    assert 'value="Amira, Saleh"' in html
    assert 'value="eritrea"' in html
    assert 'value="thirty"' in html
    assert 'value="C-NEW-1"' in html
    assert '<option value="yes" selected>' in html
    assert hidden(html, "idempotency_key") == form["idempotency_key"]
    form.update(occurred_at=moment(0.1), entry="in-territory", **{"facts.age": "30"})
    second = ind.post("/cases/new/application_made", data=form)
    assert second.status_code == 422  # the model's check of the nationality, at its field
    assert 'id="f-person-nationality-error"' in second.text
    assert "ISO 3166-1" in second.text
    assert "C-NEW-1" not in {s.case_id for s in service.list_cases(store=world.store)}


def test_a_taken_case_id_is_an_error_at_the_case_id(
    signed_in: Callable[[str], TestClient],
) -> None:
    ind = signed_in("ind")
    form = {
        **_form(ind, "application_made"),
        "case_id": "C-WEEK",
        "occurred_at": moment(0.1),
        "entry": "in-territory",
    }
    response = ind.post("/cases/new/application_made", data=form)
    assert response.status_code == 409
    assert 'id="f-case-id-error"' in response.text
    assert "Er bestaat al een zaak met dit nummer." in response.text
    reserved = ind.post("/cases/new/application_made", data={**form, "case_id": "new"})
    assert reserved.status_code == 422
    assert 'id="f-case-id-error"' in reserved.text


def test_a_post_without_the_csrf_token_is_refused(
    signed_in: Callable[[str], TestClient],
) -> None:
    ind = signed_in("ind-en")
    form = {**_form(ind, "application_made"), "csrf_token": "forged"}
    assert ind.post("/cases/new/application_made", data=form).status_code == 403


def test_ind_opens_a_case_with_a_take_charge_request(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    ind = signed_in("ind-en")
    form = {
        **_form(ind, "take_charge_request_received"),
        "case_id": "C-TCR-1",
        "occurred_at": moment(0.1),
        "member_state": "DEU",
        "hit_based": "on",
        "registered_on": "2026-07-01",
        "person.names": "Yonas",
    }
    response = ind.post(
        "/cases/new/take_charge_request_received", data=form, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    state = service.get_case(store=world.store, case_id="C-TCR-1")
    assert state.stage == "request-received"
    payload = service.case_history(store=world.store, case_id="C-TCR-1")[0].payload
    assert payload["member_state"] == "DEU"
    assert payload["hit_based"] is True
    assert payload["registered_on"] == "2026-07-01"


def test_a_new_case_with_a_family_group_keeps_one_group_id_on_a_double_submit(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    kmar = signed_in("kmar")
    form = {
        **_form(kmar, "application_made"),
        "case_id": "C-FAMILY-1",
        "occurred_at": moment(0.1),
        "entry": "border-crossing",
        "family.includes_minors": "no",
        "family.members.1.relation": "spouse",
        "family.members.1.member_state": "NLD",
        "family.members.1.legally_resident": "yes",
        "family.members.1.case_id": "C-WEEK",
    }
    first = kmar.post("/cases/new/application_made", data=form, follow_redirects=False)
    second = kmar.post("/cases/new/application_made", data=form, follow_redirects=False)
    assert first.status_code == second.status_code == 303, second.text
    history = service.case_history(store=world.store, case_id="C-FAMILY-1")
    assert len(history) == 1
    group = history[0].payload["family"]
    assert group["includes_minors"] is False
    assert group["members"] == [
        {
            "relation": "spouse",
            "case_id": "C-WEEK",
            "pseudonym": None,
            "member_state": "NLD",
            "legally_resident": True,
            "municipality": None,
        }
    ]
    state = service.get_case(store=world.store, case_id="C-FAMILY-1")
    assert state.family is not None
    assert state.family.group_id == group["group_id"]
    again, _ = read_form(FIRST_FORMS["application_made"], form)  # what a repeat would send
    assert again["family"]["group_id"] == group["group_id"]
    other, _ = read_form(FIRST_FORMS["application_made"], {**form, "idempotency_key": "k" * 12})
    assert other["family"]["group_id"] != group["group_id"]

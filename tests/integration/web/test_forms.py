"""Event forms: recording once, concurrent changes, errors in place with what was typed."""

from __future__ import annotations

import html
from collections.abc import Callable

from fastapi.testclient import TestClient

from migrationpact.store import service
from migrationpact.web.event_forms import form_for
from migrationpact.web.forms import read_form
from tests.integration.web.conftest import hidden
from tests.integration.web.world import World, moment


def _form(client: TestClient, case_id: str, event_type: str) -> dict[str, str]:
    page = client.get(f"/cases/{case_id}/record/{event_type}")
    assert page.status_code == 200, page.text
    return {
        name: hidden(page.text, name) for name in ("csrf_token", "expected_seq", "idempotency_key")
    }


def test_recording_a_lodging_starts_the_examination_deadline(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    ind = signed_in("ind-en")
    form = {**_form(ind, "C-OVERDUE", "application_lodged"), "occurred_at": moment(0.01)}
    response = ind.post("/cases/C-OVERDUE/record/application_lodged", data=form)
    assert response.status_code == 200
    assert "Event 3 recorded." in response.text
    row = response.text.split('id="deadline-APR-13"')[1].split("</tr>")[0]
    assert "APR Art. 35(3)" in row or "APR Art. 35" in row
    again = ind.post("/cases/C-OVERDUE/record/application_lodged", data=form)
    assert again.status_code == 200  # the double submit answers with the first result
    history = service.case_history(store=world.store, case_id="C-OVERDUE")
    assert [r.type for r in history].count("application_lodged") == 1


def test_a_concurrent_change_is_reported_not_overwritten(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    ind = signed_in("ind-en")
    stale = {**_form(ind, "C-OVERDUE", "application_lodged"), "occurred_at": moment(0.01)}
    fresh = {**_form(ind, "C-OVERDUE", "application_lodged"), "occurred_at": moment(0.02)}
    assert ind.post("/cases/C-OVERDUE/record/application_lodged", data=fresh).status_code == 200
    response = ind.post("/cases/C-OVERDUE/record/application_lodged", data=stale)
    assert response.status_code == 409
    assert "The case changed while you were filling in this form" in response.text
    assert f'value="{stale["occurred_at"]}"' in response.text
    assert service.get_case(store=world.store, case_id="C-OVERDUE").seq == 3


def test_field_errors_are_shown_in_place_with_what_was_typed(
    signed_in: Callable[[str], TestClient],
) -> None:
    ind = signed_in("ind-en")
    form = {
        **_form(ind, "C-OVERDUE", "screening_completed"),
        "occurred_at": "30-11-2026 10:00",
        "form.nationality": "syria",
        "form.place_of_birth": "Aleppo",
        "referral": "registration-authority",
    }
    response = ind.post("/cases/C-OVERDUE/record/screening_completed", data=form)
    assert response.status_code == 422
    html = response.text
    assert 'class="error-summary"' in html
    assert 'href="#f-occurred-at"' in html
    assert 'aria-describedby="f-occurred-at-hint f-occurred-at-error"' in html
    assert 'id="f-occurred-at-error"' in html
    assert "YYYY-MM-DDTHH:MM" in html
    assert 'value="Aleppo"' in html
    assert 'value="syria"' in html
    assert html.count("<h1>") == 1
    form["occurred_at"] = moment(0.01)
    second = ind.post("/cases/C-OVERDUE/record/screening_completed", data=form)
    assert second.status_code == 422
    assert 'id="f-form-nationality-error"' in second.text
    assert "ISO 3166-1" in second.text


def test_a_refused_event_names_the_rule(signed_in: Callable[[str], TestClient]) -> None:
    ind = signed_in("ind-en")
    form = {
        **_form(ind, "C-OVERDUE", "decision_taken"),
        "occurred_at": moment(0.01),
        "outcome": "unfounded",
    }
    response = ind.post("/cases/C-OVERDUE/record/decision_taken", data=form)
    assert response.status_code == 422
    assert "The event was refused:" in response.text
    assert "APR Art. 35" in response.text
    assert '<option value="unfounded" selected>' in response.text


def _refusal(client: TestClient, case_id: str, event_type: str, **fields: str) -> str:
    """The text of the form sent back after the state machine refused the event."""
    form = {**_form(client, case_id, event_type), "occurred_at": moment(0.01), **fields}
    response = client.post(f"/cases/{case_id}/record/{event_type}", data=form)
    assert response.status_code == 422, response.text
    return html.unescape(response.text)


def test_a_refusal_is_explained_in_the_users_language(
    signed_in: Callable[[str], TestClient],
) -> None:
    dutch = _refusal(signed_in("ind"), "C-OVERDUE", "decision_taken", outcome="unfounded")
    assert (
        "De gebeurtenis is geweigerd: Besluit genomen — een besluit wordt genomen op een "
        "ingediend verzoek (APR Art. 35)"
    ) in dutch
    assert "a decision is taken on a lodged application" not in dutch
    english = _refusal(signed_in("ind-en"), "C-OVERDUE", "decision_taken", outcome="unfounded")
    assert (
        "The event was refused: Decision taken — a decision is taken on a lodged application "
        "(APR Art. 35)"
    ) in english


def test_a_refusal_with_a_value_is_explained_in_dutch(
    signed_in: Callable[[str], TestClient],
) -> None:
    fields = {
        "deadlines": "NO-SUCH-DEADLINE",
        "legal_basis.instrument": "AMMR",
        "legal_basis.article": "46",
        "legal_basis.paragraph": "1",
        "reason": "the applicant absconded",
    }
    text = _refusal(signed_in("ind"), "C-WEEK", "clock_suspended", **fields)
    assert "in deze zaak loopt geen termijn 'NO-SUCH-DEADLINE' (AMMR Art. 46(1))" in text


def test_htmx_gets_the_form_back_or_a_redirect(signed_in: Callable[[str], TestClient]) -> None:
    ind = signed_in("ind-en")
    form = _form(ind, "C-OVERDUE", "application_lodged")
    headers = {"HX-Request": "true", "X-CSRF-Token": form.pop("csrf_token")}
    bad = ind.post("/cases/C-OVERDUE/record/application_lodged", data=form, headers=headers)
    assert bad.status_code == 422
    assert 'id="event-form"' in bad.text
    form["occurred_at"] = moment(0.01)
    good = ind.post("/cases/C-OVERDUE/record/application_lodged", data=form, headers=headers)
    assert good.headers["HX-Redirect"].startswith("/cases/C-OVERDUE?recorded=3")


def test_a_form_post_without_the_csrf_token_is_refused(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    ind = signed_in("ind-en")
    form = _form(ind, "C-OVERDUE", "application_lodged")
    form.pop("csrf_token")
    form["occurred_at"] = moment(0.01)
    response = ind.post("/cases/C-OVERDUE/record/application_lodged", data=form)
    assert response.status_code == 403
    assert service.get_case(store=world.store, case_id="C-OVERDUE").seq == 2


def test_coa_may_not_post_an_event_it_may_not_record(
    signed_in: Callable[[str], TestClient],
) -> None:
    coa = signed_in("coa")
    token = hidden(coa.get("/cases/C-OVERDUE").text, "csrf_token")
    response = coa.post(
        "/cases/C-OVERDUE/record/decision_taken",
        data={"csrf_token": token, "expected_seq": "2", "idempotency_key": "k" * 12},
    )
    assert response.status_code == 403


def test_every_main_form_renders(signed_in: Callable[[str], TestClient]) -> None:
    ind = signed_in("ind-en")
    for event_type in (
        "screening_completed",
        "application_registered",
        "application_lodged",
        "decision_taken",
        "decision_notified",
        "appeal_lodged",
        "take_charge_request_sent",
        "reply_received",
        "transfer_decision_taken",
        "transfer_decision_notified",
        "transfer_carried_out",
        "case_closed",
    ):
        page = ind.get(f"/cases/C-WEEK/record/{event_type}")
        assert page.status_code == 200, event_type
        assert 'type="datetime-local"' in page.text


ROWS = "form.family_members_in_member_states"


def test_the_screening_form_reads_filled_family_rows_and_drops_empty_ones() -> None:
    data, errors = read_form(
        form_for("screening_completed"),
        {
            "occurred_at": "2026-11-30T10:00",
            "referral": "registration-authority",
            f"{ROWS}.0.relation": "spouse",
            f"{ROWS}.0.member_state": "DEU",
            f"{ROWS}.0.legally_resident": "yes",
            f"{ROWS}.1.relation": "",
            f"{ROWS}.1.member_state": " ",
            f"{ROWS}.1.legally_resident": "",
            f"{ROWS}.1.case_id": "",
            f"{ROWS}.2.relation": "child",
            f"{ROWS}.2.legally_resident": "no",
            f"{ROWS}.2.case_id": "C-WEEK",
        },
    )
    assert errors == {}
    assert data["form"]["family_members_in_member_states"] == [
        {"relation": "spouse", "member_state": "DEU", "legally_resident": True},
        {"relation": "child", "legally_resident": False, "case_id": "C-WEEK"},
    ]


def test_a_family_row_without_relation_is_an_error_at_that_row(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    ind = signed_in("ind-en")
    page = ind.get("/cases/C-OVERDUE/record/screening_completed").text
    assert "<legend>Family members in member states</legend>" in page
    assert "<legend>Family member 3</legend>" in page
    form = {
        **_form(ind, "C-OVERDUE", "screening_completed"),
        "occurred_at": moment(0.01),
        "referral": "registration-authority",
        f"{ROWS}.1.member_state": "DEU",  # the first row is left empty
        f"{ROWS}.2.relation": "parent",
    }
    response = ind.post("/cases/C-OVERDUE/record/screening_completed", data=form)
    assert response.status_code == 422
    html = response.text
    error = html.split('id="f-form-family-members-in-member-states-1-relation-error"')[1]
    assert "Fill this in, or leave the whole row empty." in error.split("</p>")[0]
    assert 'href="#f-form-family-members-in-member-states-1-relation"' in html
    assert 'id="f-form-family-members-in-member-states-0-relation-error"' not in html
    assert 'value="DEU"' in html
    assert service.get_case(store=world.store, case_id="C-OVERDUE").seq == 2

"""The forms offer codes to pick and refuse text that is no code, in the page's language; a
value recorded before codes were checked still replays and is shown marked, never rewritten."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi.testclient import TestClient

from migrationpact.cases.dublin import TakeBackNotificationSent
from migrationpact.store import service
from tests.integration.web.conftest import hidden
from tests.integration.web.world import World, moment


def _form(client: TestClient, case_id: str, event_type: str) -> tuple[str, dict[str, str]]:
    page = client.get(f"/cases/{case_id}/record/{event_type}")
    assert page.status_code == 200, page.text
    names = ("csrf_token", "expected_seq", "idempotency_key")
    return page.text, {name: hidden(page.text, name) for name in names}


def test_the_member_state_is_picked_from_the_ammr_states_by_dutch_name(
    signed_in: Callable[[str], TestClient],
) -> None:
    page, _ = _form(signed_in("ind"), "C-OVERDUE", "take_charge_request_sent")
    select = page.split('<select id="f-member-state"')[1].split("</select>")[0]
    assert '<option value="DEU">Duitsland</option>' in select
    assert '<option value="CHE">Zwitserland</option>' in select
    assert 'value="TUR"' not in select


def test_duitsland_typed_as_member_state_is_refused_in_dutch(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    ind = signed_in("ind")
    _, hidden_fields = _form(ind, "C-OVERDUE", "take_charge_request_sent")
    form = {**hidden_fields, "occurred_at": moment(0.01), "member_state": "Duitsland"}
    response = ind.post("/cases/C-OVERDUE/record/take_charge_request_sent", data=form)
    assert response.status_code == 422
    error = response.text.split('id="f-member-state-error"')[1].split("</p>")[0]
    assert "Kies een" in error
    assert service.get_case(store=world.store, case_id="C-OVERDUE").seq == 2


def test_a_nationality_is_typed_with_suggestions_and_a_bad_language_refused(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    ind = signed_in("ind")
    page, hidden_fields = _form(ind, "C-OVERDUE", "screening_completed")
    assert 'list="f-form-nationality-codes"' in page
    assert '<option value="SYR">Syrië</option>' in page
    form = {
        **hidden_fields,
        "occurred_at": moment(0.01),
        "referral": "registration-authority",
        "form.nationality": "Syrië",
        "form.languages": "ara, xx1",
    }
    response = ind.post("/cases/C-OVERDUE/record/screening_completed", data=form)
    assert response.status_code == 422
    html = response.text
    assert "Kies een nationaliteit uit de lijst" in html
    assert "Kies een taal uit de lijst" in html
    assert service.get_case(store=world.store, case_id="C-OVERDUE").seq == 2


def test_an_old_bad_member_state_replays_and_is_shown_marked(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    # Recorded before member states were checked: the model's checks are bypassed, as the old
    # code did not have them.
    old = TakeBackNotificationSent.model_construct(
        occurred_at=datetime.fromisoformat(moment(1)),
        member_state="Duitsland",
        note=None,
    )
    service.append_event(
        store=world.store, case_id="C-OVERDUE", event=old, expected_seq=2,
        actor="ind", organisation="IND",
    )  # fmt: skip
    records = service.case_history(store=world.store, case_id="C-OVERDUE")
    assert records[-1].payload["member_state"] == "Duitsland"  # kept, not rewritten
    assert records[-1].event().member_state == "Duitsland"  # type: ignore[attr-defined]
    assert service.get_case(store=world.store, case_id="C-OVERDUE").dublin.partner_state == (
        "Duitsland"
    )
    dutch = signed_in("ind").get("/cases/C-OVERDUE").text
    assert "Lidstaat: Duitsland (geen geldige code)" in dutch
    english = signed_in("ind-en").get("/cases/C-OVERDUE").text
    assert "Member state: Duitsland (not a valid code)" in english

"""What the event forms refuse, whoever fills them in (security probe 2026-12, F4 and F9).

- an event dated in the future or before 2000 comes back as the form, with the error at its
  moment field in the page's language (422), nothing written;
- the record form of a case id that has no events (``expected_seq`` 0) opens a case: a KMar
  supervisor, who may not open cases, gets 403 and no case.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from migrationpact.store import service
from tests.integration.web.conftest import hidden
from tests.integration.web.world import World, moment

AHEAD = {
    "en": "This moment lies in the future. Record the event once it has happened.",
    "nl": "Dit moment ligt in de toekomst. Leg de gebeurtenis vast als die heeft plaatsgevonden.",
}
TOO_EARLY = {
    "en": "Events before 1 January 2000 are not recorded. Check the date.",
    "nl": "Gebeurtenissen van vóór 1 januari 2000 worden niet vastgelegd. Controleer de datum.",
}


def _tomorrow() -> str:
    return (datetime.now() + timedelta(days=1)).isoformat(timespec="minutes")


def _form(client: TestClient, case_id: str, event_type: str) -> dict[str, str]:
    page = client.get(f"/cases/{case_id}/record/{event_type}")
    assert page.status_code == 200, page.text
    return {
        name: hidden(page.text, name) for name in ("csrf_token", "expected_seq", "idempotency_key")
    }


@pytest.mark.parametrize(("username", "language"), [("ind-en", "en"), ("ind", "nl")])
@pytest.mark.parametrize("when", ["ahead", "too-early"])
def test_an_event_dated_in_the_future_or_before_2000_is_a_form_error(
    signed_in: Callable[[str], TestClient], world: World, username: str, language: str, when: str
) -> None:
    client = signed_in(username)
    occurred_at, message = (
        (_tomorrow(), AHEAD) if when == "ahead" else ("1999-12-31T10:00", TOO_EARLY)
    )
    form = {**_form(client, "C-OVERDUE", "application_lodged"), "occurred_at": occurred_at}
    response = client.post("/cases/C-OVERDUE/record/application_lodged", data=form)
    assert response.status_code == 422, response.text
    assert message[language] in response.text
    assert 'id="f-occurred-at-error"' in response.text
    assert f'value="{occurred_at}"' in response.text
    assert service.get_case(store=world.store, case_id="C-OVERDUE").seq == 2


def test_a_new_case_dated_in_the_future_is_a_form_error(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    kmar = signed_in("kmar")
    page = kmar.get("/cases/new/screening_started")
    form = {
        "csrf_token": hidden(page.text, "csrf_token"),
        "idempotency_key": hidden(page.text, "idempotency_key"),
        "case_id": "C-AHEAD",
        "occurred_at": _tomorrow(),
        "entry": "border-crossing",
        "person.names": "Samir, Nasser",
    }
    response = kmar.post("/cases/new/screening_started", data=form, follow_redirects=False)
    assert response.status_code == 422, response.text
    assert AHEAD["nl"] in response.text
    assert {s.case_id for s in service.list_cases(store=world.store)} == {
        "C-OVERDUE",
        "C-WEEK",
        "C-TODAY",
    }


def _opening(client: TestClient) -> dict[str, str]:
    """The probe's form: a case id with no events, ``expected_seq`` 0, a fresh key."""
    token = _form(client, "C-OVERDUE", "facts_recorded")
    return {
        "csrf_token": token["csrf_token"],
        "expected_seq": "0",
        "idempotency_key": "0123456789abcdef",
        "occurred_at": moment(0.1),
        "entry": "border-crossing",
        "person.names": "Test Person",
    }


def test_a_kmar_supervisor_opens_no_case_through_the_record_form(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    supervisor = signed_in("kmar-super")
    assert supervisor.get("/cases/new").status_code == 403
    response = supervisor.post(
        "/cases/C-WEBNEW/record/application_made",
        data=_opening(supervisor),
        follow_redirects=False,
    )
    assert response.status_code == 403, response.text
    assert world.store.seq_of("C-WEBNEW") is None


def test_who_may_open_a_case_still_may_through_the_record_form(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    kmar = signed_in("kmar")
    response = kmar.post(
        "/cases/C-WEBNEW/record/application_made", data=_opening(kmar), follow_redirects=False
    )
    assert response.status_code == 303, response.text
    assert world.store.seq_of("C-WEBNEW") == 1

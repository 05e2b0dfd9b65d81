"""The IND office and where relatives live, in words: on the case page (Dutch and English), in
the IND's form (the offices by name), and in the placement proposal's reasons (the kilometres
to the office by its name, the municipality where the relatives live)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from migrationpact.cases.events import parse_event
from migrationpact.services.reception_sites import import_sites
from migrationpact.store import service
from tests.integration.services.test_reception_places import SITES
from tests.integration.web.conftest import hidden
from tests.integration.web.reception_world import PLANNER
from tests.integration.web.world import World, made, moment


def _record(world: World, case_id: str, seq: int, data: dict[str, Any]) -> None:
    service.append_event(store=world.store, case_id=case_id, event=parse_event(data),
                         expected_seq=seq, actor="ind", organisation="IND")  # fmt: skip


def _world(world: World) -> None:
    import_sites(store=world.store, principal=PLANNER, data=SITES)
    office = {"type": "ind_office_assigned", "occurred_at": moment(38), "office": "zevenaar"}
    _record(world, "C-OVERDUE", 2, office)
    family = {"group_id": "G-1", "members": [
        {"relation": "child"},
        {"relation": "sibling", "member_state": "NLD", "municipality": "GM0014"}]}  # fmt: skip
    _record(world, "C-FAM", 0, {**made(20, "Rana"), "family": family})


def test_the_case_page_names_the_office_and_where_relatives_live(
    world: World, signed_in: Callable[[str], TestClient]
) -> None:
    _world(world)
    dutch = signed_in("ind").get("/cases/C-OVERDUE").text
    assert "<dt>IND-kantoor</dt><dd>IND Zevenaar</dd>" in dutch
    english = signed_in("ind-en").get("/cases/C-OVERDUE").text
    assert "<dt>IND office</dt><dd>IND Zevenaar</dd>" in english
    assert "zevenaar" not in dutch  # the code itself is never shown
    family = signed_in("ind").get("/cases/C-FAM").text
    assert "Woont in (gemeente)" in family
    assert "<td>Groningen</td>" in family
    assert "GM0014" not in family
    timeline = signed_in("ind").get("/cases/C-OVERDUE").text
    assert "IND-kantoor toegewezen" in timeline


def test_the_ind_picks_the_office_by_name_and_coa_may_not(
    world: World, signed_in: Callable[[str], TestClient]
) -> None:
    form = signed_in("ind").get("/cases/C-OVERDUE/record/ind_office_assigned")
    assert form.status_code == 200
    assert '<option value="ter-apel">IND Ter Apel (aanmeldcentrum)</option>' in form.text
    english = signed_in("ind-en").get("/cases/C-OVERDUE/record/ind_office_assigned").text
    assert '<option value="ter-apel">IND Ter Apel (application centre)</option>' in english
    assert signed_in("coa").get("/cases/C-OVERDUE/record/ind_office_assigned").status_code == 403


def test_the_proposal_says_how_far_the_office_is_and_where_relatives_live(
    world: World, signed_in: Callable[[str], TestClient]
) -> None:
    _world(world)
    page = signed_in("coa").get("/reception/placement").text
    assert "dicht bij het IND-loket: -1.348 punten (13.5 km van IND Zevenaar)" in page
    assert "dicht bij familie: 15 punten (familie woont in Groningen)" in page
    assert "zevenaar)" not in page


def test_kmar_records_where_a_relative_lives_by_the_municipalitys_name(
    world: World, signed_in: Callable[[str], TestClient]
) -> None:
    kmar = signed_in("kmar")
    page = kmar.get("/cases/new/application_made")
    assert '<option value="GM0014">Groningen</option>' in page.text
    form = {
        "csrf_token": hidden(page.text, "csrf_token"),
        "idempotency_key": hidden(page.text, "idempotency_key"),
        "case_id": "C-REL-1", "occurred_at": moment(0.1), "entry": "border-crossing",
        "family.members.0.relation": "sibling", "family.members.0.member_state": "NLD",
        "family.members.0.municipality": "GM0014",
    }  # fmt: skip
    done = kmar.post("/cases/new/application_made", data=form, follow_redirects=False)
    assert done.status_code == 303, done.text
    (made_event,) = service.case_history(store=world.store, case_id="C-REL-1")
    assert made_event.payload["family"]["members"][0]["municipality"] == "GM0014"
    wrong = kmar.post(
        "/cases/new/application_made",
        data={**form, "case_id": "C-REL-2", "family.members.0.municipality": "Groningen"},
        follow_redirects=False,
    )
    assert wrong.status_code == 422
    assert "Kies een van de mogelijkheden." in wrong.text

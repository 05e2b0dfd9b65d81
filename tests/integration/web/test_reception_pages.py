"""COA's reception pages: the worklist, the sites and a site, and the placement proposal.

They open for COA (the monitoring bodies see the sites only), answer 403 to everyone else and
send who is not signed in to the sign-in page; they speak Dutch (municipalities and location
types by name, attributes in words), filter by GET forms, and log every person they show.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from migrationpact.store.accesslog import access_entries
from migrationpact.web import reception_worklist
from tests.integration.web.conftest import hidden
from tests.integration.web.reception_world import add_sites
from tests.integration.web.world import World

PAGES = ("/reception/worklist", "/reception/sites", "/reception/sites/AZC-ASSEN",
         "/reception/placement")  # fmt: skip


def _table(html: str, table_id: str) -> str:
    return html.split(f'id="{table_id}"')[1].split("</table>")[0]


def test_coa_opens_every_page_and_the_menu_names_them(
    world: World, signed_in: Callable[[str], TestClient]
) -> None:
    add_sites(world.store)
    coa = signed_in("coa")
    for page in PAGES:
        response = coa.get(page)
        assert response.status_code == 200, (page, response.text)
    menu = coa.get("/reception/sites").text.split("<nav")[1].split("</nav>")[0]
    for path, label in (("/reception/worklist", "Opvangwerkvoorraad"),
                        ("/reception/sites", "Opvanglocaties"),
                        ("/reception/placement", "Plaatsingsvoorstel")):  # fmt: skip
        assert f'href="{path}"' in menu
        assert label in menu


def test_others_are_refused_and_strangers_sent_to_sign_in(
    world: World, signed_in: Callable[[str], TestClient], client: TestClient
) -> None:
    add_sites(world.store)
    for who in ("ind", "kmar", "counsellor", "analyst"):
        browser = signed_in(who)
        for page in PAGES:
            assert browser.get(page).status_code == 403, (who, page)
        nav = browser.get("/rules").text.split("</nav>")[0]
        # the analysts see the plan and the need (counts only: test_reception_charts.py)
        assert not [page for page in PAGES if f'href="{page}"' in nav], who
    monitor = signed_in("inspectie")  # the sites, not the people waiting
    assert monitor.get("/reception/sites").status_code == 200
    assert monitor.get("/reception/sites/AZC-ASSEN").status_code == 200
    assert monitor.get("/reception/worklist").status_code == 403
    assert monitor.get("/reception/placement").status_code == 403
    answer = client.get("/reception/sites", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login")


def test_the_site_list_in_dutch_with_places_and_filters(
    world: World, signed_in: Callable[[str], TestClient]
) -> None:
    add_sites(world.store)
    coa = signed_in("coa")
    table = _table(coa.get("/reception/sites").text, "reception-sites")
    assert "Assen" in table
    assert "Emmen" in table
    assert "GM0106" not in table
    assert "Dublinonderdaklocatie" in table  # the location type's Dutch label
    assert "toegestaan" in table
    assert "gevraagd" in table
    assert '<td class="numeric">35</td>' in table  # AZC Assen: 58 places, 23 residents
    only = _table(coa.get("/reception/sites?type=DOL").text, "reception-sites")
    assert "DOL-EMMEN" in only
    assert "AZC-ASSEN" not in only
    here = _table(coa.get("/reception/sites?municipality=GM0106").text, "reception-sites")
    assert "AZC-ASSEN" in here
    assert "DOL-EMMEN" not in here
    wrong = coa.get("/reception/sites?type=NOPE")
    assert wrong.status_code == 422
    assert "Kies een van de genoemde locatietypen." in wrong.text
    assert 'id="reception-sites"' not in wrong.text


def test_the_site_page_units_consent_rules_and_history(
    world: World, signed_in: Callable[[str], TestClient]
) -> None:
    add_sites(world.store)
    coa = signed_in("coa")
    page = coa.get("/reception/sites/AZC-ASSEN").text
    units = _table(page, "site-units")
    assert "<td>Alleenstaande volwassenen, Toegankelijk</td>" in units
    assert "Alleenstaande minderjarigen, van 15 tot en met 17 jaar" in units
    assert "30" in units  # unit A: 50 places, 20 residents
    consent = page.split('id="site-consent"')[1].split("</dl>")[0]
    assert "toegestaan" in consent
    assert "3 jun 2019" in consent
    rules = page.split('id="site-rules"')[1].split("</dl>")[0]
    assert "70" in rules
    assert "gezinnen" in rules
    history = _table(page, "site-history")
    assert "Locatie geregistreerd" in history
    assert "Assen" in history
    assert "GM0106" not in history
    missing = coa.get("/reception/sites/NOPE")
    assert missing.status_code == 404
    assert "Deze opvanglocatie bestaat niet." in missing.text


def test_the_worklist_names_who_waits_for_what_and_logs_them(
    world: World, signed_in: Callable[[str], TestClient]
) -> None:
    coa = signed_in("coa")
    html = coa.get("/reception/worklist").text
    table = _table(html, "reception-worklist")
    # C-OVERDUE was made 40 days ago: information (3 days) and assessment (30 days) overdue.
    assert 'id="rw-information-C-OVERDUE"' in table
    assert 'id="rw-assessment-C-OVERDUE"' in table
    for case_id in ("C-OVERDUE", "C-WEEK", "C-TODAY"):
        assert f'id="rw-place-{case_id}"' in table
    assert "Amal Haddad" in table
    rows = table.split("<tbody>")[1]
    # soonest first: C-WEEK's place (made 57 days ago) before C-OVERDUE's (40 days ago)
    assert rows.index("rw-place-C-WEEK") < rows.index("rw-information-C-OVERDUE")
    places = _table(coa.get("/reception/worklist?need=place").text, "reception-worklist")
    assert "rw-information" not in places
    assert "rw-place-C-TODAY" in places
    late = _table(coa.get("/reception/worklist?overdue=true").text, "reception-worklist")
    assert "rw-place" not in late
    assert "rw-information-C-OVERDUE" in late
    assert "rw-information-C-TODAY" not in late
    wrong = coa.get("/reception/worklist?need=nope")
    assert wrong.status_code == 422
    assert "Kies een van de genoemde behoeften." in wrong.text
    logged = {e.case_id for e in access_entries(world.store.engine, limit=100)
              if e.action == "reception.worklist"}  # fmt: skip
    assert logged == {"C-OVERDUE", "C-WEEK", "C-TODAY"}


def test_the_placement_proposal_explains_each_place(
    world: World, signed_in: Callable[[str], TestClient]
) -> None:
    add_sites(world.store)
    coa = signed_in("coa")
    page = coa.get("/reception/placement").text
    placed = _table(page, "placements")
    for case_id in ("C-OVERDUE", "C-WEEK", "C-TODAY"):
        assert f'href="/cases/{case_id}"' in placed
    assert "AZC Assen" in placed
    assert "Huishouden" in placed
    assert "punten" in placed
    assert "(Assen)" in placed
    assert "GM0106" not in placed
    assert 'class="placement-actions"' in placed
    report = _table(page, "needs-report")
    assert "Alleenstaande volwassenen" in report
    one = coa.get("/reception/placement?limit=1").text
    assert _table(one, "placements").count("<tr id=") == 1
    wrong = coa.get("/reception/placement?limit=0")
    assert wrong.status_code == 422
    assert "Geef een geheel getal" in wrong.text
    logged = {e.case_id for e in access_entries(world.store.engine, limit=100)
              if e.action == "reception.place"}  # fmt: skip
    assert logged == {"C-OVERDUE", "C-WEEK", "C-TODAY"}


def test_a_long_worklist_shows_its_first_items_and_says_how_many_there_are(
    signed_in: Callable[[str], TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reception_worklist, "LIMIT", 2)
    table = _table(signed_in("coa").get("/reception/worklist").text, "reception-worklist")
    assert "De eerste 2 van 9 punten" in table  # three cases, each waiting for three things
    assert table.count('<tr id="rw-') == 2


def test_a_planner_places_elsewhere_records_the_places_and_they_are_gone_from_the_proposal(
    world: World, signed_in: Callable[[str], TestClient]
) -> None:
    add_sites(world.store)
    coa = signed_in("coa")
    refused = coa.get(
        "/reception/placement",
        params={"household": "C-OVERDUE", "unit": "AZC-ASSEN/K2", "why": "dichter bij school"},
    )
    assert refused.status_code == 400  # a unit for unaccompanied minors: a hard constraint
    assert "Huishouden C-OVERDUE kan niet in eenheid AZC-ASSEN/K2 worden geplaatst" in refused.text
    assert "cannot be placed" not in refused.text  # said in the page's language
    unsaid = coa.get("/reception/placement", params={"household": "C-OVERDUE", "unit": "X"})
    assert unsaid.status_code == 422
    assert "Zeg waarom" in unsaid.text
    page = coa.get(
        "/reception/placement",
        params={"household": "C-OVERDUE", "unit": "AZC-ASSEN/A", "why": "naast haar zus"},
    ).text
    row = next(r for r in _table(page, "placements").split("<tr ")[1:] if "C-OVERDUE" in r)
    assert "Door u elders geplaatst" in row
    form = page.split('id="record-form"')[1].split("</form>")[0]
    assert 'value="C-OVERDUE=AZC-ASSEN/A"' in form
    data = {"csrf_token": hidden(page, "csrf_token"), "limit": "100",
            "override": "C-OVERDUE=AZC-ASSEN/A", "reason": "naast haar zus"}  # fmt: skip
    assert coa.post("/reception/placement", data={**data, "csrf_token": "x"}).status_code == 403
    done = coa.post("/reception/placement", data=data)
    assert done.status_code == 200, done.text
    notice = done.text.split('id="recorded"')[1].split("</div>")[0]
    assert "Vastgelegd: 3 huishouden(s)" in notice
    assert "elders geplaatst: naast haar zus" in notice
    assert "Deze plaatsen vastleggen" not in done.text  # recorded: nothing more to record here
    again = coa.get("/reception/placement").text
    assert "C-OVERDUE" not in again.split('id="placed-title"')[1].split("</section>")[0]
    site = coa.get("/reception/sites/AZC-ASSEN").text
    assert "23" in site  # 20 counted, and the three placed

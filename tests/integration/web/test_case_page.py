"""The case page: sections by organisation, deadlines with their basis, the access log."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from migrationpact.cases.events import parse_event
from migrationpact.store import service
from migrationpact.store.accesslog import access_entries
from migrationpact.store.assignments import assign
from tests.integration.web.conftest import hidden
from tests.integration.web.world import World, made, moment


def test_ind_sees_the_whole_case(signed_in: Callable[[str], TestClient], world: World) -> None:
    page = signed_in("ind-en").get("/cases/C-OVERDUE")
    assert page.status_code == 200
    html = page.text
    assert "Case C-OVERDUE — Amal Haddad" in html
    assert 'id="deadline-APR-25"' in html
    row = html.split('id="deadline-APR-25"')[1].split("</tr>")[0]
    assert "UNVERIFIED" in row
    assert "days overdue" in row
    assert '<details class="derivation">' in row
    assert "APR Art. 73" in row
    assert "APR Art. 20(2)" in row
    assert "http://data.europa.eu/eli/reg/2024/1348/oj" in row
    assert 'id="timeline-title"' in html
    assert "#2" in html
    assert "/cases/C-OVERDUE/account" in html
    assert "/cases/C-OVERDUE/record/application_lodged" in html
    assert "Not available to your organisation" not in html
    logged = access_entries(world.store.engine, case_id="C-OVERDUE")
    assert logged[0].actor == "ind-en"
    assert logged[0].action == "case.read"
    assert "payload" in logged[0].fields
    assert "deadlines" in logged[0].fields


def test_the_case_header_shows_labels_in_the_page_language_not_codes(
    signed_in: Callable[[str], TestClient],
) -> None:
    dutch = signed_in("ind").get("/cases/C-OVERDUE").text
    assert "<dt>Fase</dt><dd>geregistreerd</dd>" in dutch
    assert "<dd>reguliere procedure (reguliere behandeling)</dd>" in dutch
    assert "<dt>Verantwoordelijkheidsregime</dt><dd>AMMR</dd>" in dutch  # a name stays a name
    english = signed_in("ind-en").get("/cases/C-OVERDUE").text
    assert "<dt>Stage</dt><dd>registered</dd>" in english
    assert "<dd>regular procedure (regular examination)</dd>" in english


def test_coa_does_not_see_the_asylum_account(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    coa = signed_in("coa")
    page = coa.get("/cases/C-OVERDUE")
    assert page.status_code == 200
    html = page.text
    assert "Niet beschikbaar voor uw organisatie" in html
    assert "/cases/C-OVERDUE/account" not in html
    assert "/cases/C-OVERDUE/events/" not in html
    assert "RCD-01" in html  # the deadlines section is COA's
    assert "security_risk" not in html
    offered = {
        line.split("/record/")[1].split('"')[0] for line in html.splitlines() if "/record/" in line
    }
    assert offered == {
        "special_needs_assessed", "reception_information_given", "absconded", "reappeared",
        "education_access_given",
    }  # fmt: skip
    # RCD-01 (reception information within 3 days, RCD Art. 5(1)) is COA's most urgent.
    assert 'id="next-step" href="/cases/C-OVERDUE/record/reception_information_given"' in html
    for path in ("/cases/C-OVERDUE/account", "/cases/C-OVERDUE/events/1"):
        refused = coa.get(path)
        assert refused.status_code == 403
        assert "Niet beschikbaar voor uw organisatie" in refused.text
    assert coa.get("/cases/C-OVERDUE/record/decision_taken").status_code == 403
    entries = access_entries(world.store.engine, case_id="C-OVERDUE")
    denied = [e.action for e in entries if e.outcome == "denied"]
    assert denied[:2] == ["case.event", "case.account"]  # refused reads are logged too


def test_ind_opens_the_asylum_account_and_an_event(
    signed_in: Callable[[str], TestClient],
) -> None:
    ind = signed_in("ind-en")
    account = ind.get("/cases/C-OVERDUE/account")
    assert account.status_code == 200
    assert "Routing explanation" in account.text
    assert "APPL-01" in account.text
    event = ind.get("/cases/C-OVERDUE/events/1")
    assert event.status_code == 200
    assert "security_risk" in event.text
    assert ind.get("/cases/C-OVERDUE/events/99").status_code == 404


def test_an_unknown_case_is_an_html_404(signed_in: Callable[[str], TestClient]) -> None:
    page = signed_in("ind-en").get("/cases/C-NOPE")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "There is no such case." in page.text


def test_every_page_of_an_unknown_case_logs_the_attempt_as_not_found(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    ind = signed_in("ind-en")
    for path in ("/cases/C-NOPE", "/cases/C-NOPE/account", "/cases/C-NOPE/events/1"):
        assert ind.get(path).status_code == 404
    logged = access_entries(world.store.engine, case_id="C-NOPE")
    assert sorted((e.action, e.outcome) for e in logged) == [
        ("case.account", "not-found"),
        ("case.event", "not-found"),
        ("case.read", "not-found"),
    ]


def test_open_a_case_by_id(signed_in: Callable[[str], TestClient]) -> None:
    response = signed_in("ind").get("/cases?case_id=C-WEEK", follow_redirects=False)
    assert response.headers["location"] == "/cases/C-WEEK"


def _family_case(world: World, ind: TestClient) -> None:
    """C-FAM: screened (with a parent in Germany, through the form) and applied with a group."""
    started = {"type": "screening_started", "occurred_at": moment(2), "entry": "border-crossing"}
    service.create_case(
        store=world.store, event=parse_event(started), actor="kmar", organisation="KMar",
        case_id="C-FAM",
    )  # fmt: skip
    page = ind.get("/cases/C-FAM/record/screening_completed").text
    rows = "form.family_members_in_member_states"
    screened = ind.post(
        "/cases/C-FAM/record/screening_completed",
        data={
            **{n: hidden(page, n) for n in ("csrf_token", "expected_seq", "idempotency_key")},
            "occurred_at": moment(1.5),
            "referral": "registration-authority",
            f"{rows}.0.relation": "parent",
            f"{rows}.0.member_state": "DEU",
            f"{rows}.0.legally_resident": "yes",
        },
    )
    assert screened.status_code == 200, screened.text
    made = {
        "type": "application_made",
        "occurred_at": moment(1),
        "family": {
            "group_id": "G-TEST",
            "includes_minors": True,
            "members": [
                {"relation": "spouse", "case_id": "C-WEEK"},
                {"relation": "sibling", "case_id": "C-TODAY", "legally_resident": False},
                {"relation": "child", "case_id": "C-NOPE", "member_state": "BEL"},
            ],
        },
    }
    service.append_event(
        store=world.store, case_id="C-FAM", event=parse_event(made), expected_seq=2,
        actor="ind", organisation="IND",
    )  # fmt: skip


def test_the_family_group_and_the_screened_family_are_shown_in_both_languages(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    english = signed_in("ind-en")
    _family_case(world, english)
    family = english.get("/cases/C-FAM").text.split('id="family"')[1].split("</section>")[0]
    assert "Family group" in family
    assert "G-TEST" in family
    assert "Includes minors</dt><dd>Yes" in family
    assert "<td>Spouse</td>" in family
    assert "<td>Brother or sister</td>" in family
    assert "<td>No</td>" in family  # legally resident: no
    assert "<td>Belgium</td>" in family  # a code by its name
    assert '<a href="/cases/C-WEEK">C-WEEK</a>' in family
    assert "<td>C-NOPE</td>" in family  # no such case: plain text
    account = english.get("/cases/C-FAM/account").text
    assert "<caption>Family members in member states</caption>" in account
    assert "<td>Parent</td>" in account
    assert "<td>Germany</td>" in account

    dutch = signed_in("ind").get("/cases/C-FAM").text.split('id="family"')[1].split("</section>")[0]
    assert "Gezinsgroep" in dutch
    assert "<td>Echtgeno(o)t(e)</td>" in dutch
    assert "<td>Broer of zus</td>" in dutch
    assert "<td>Kind</td>" in dutch
    assert "Niet vastgelegd" in dutch  # the spouse's residence
    assert "<td>België</td>" in dutch
    assert "BEL" not in dutch  # no raw code on a Dutch page
    assert (
        "<caption>Gezinsleden in lidstaten</caption>"
        in signed_in("ind").get("/cases/C-FAM/account").text
    )


def test_a_family_members_case_is_a_link_only_when_the_viewer_may_open_it(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    _family_case(world, signed_in("ind-en"))
    assign(world.store.engine, case_id="C-FAM", assignee="counsellor", organisation="IND",
           assigned_by="ind")  # fmt: skip
    family = signed_in("counsellor").get("/cases/C-FAM").text.split('id="family"')[1]
    assert '<a href="/cases/C-WEEK">C-WEEK</a>' in family  # assigned to the counsellor too
    assert "<td>C-TODAY</td>" in family  # not theirs
    assert 'href="/cases/C-TODAY"' not in family


def _decided_case(world: World) -> None:
    """C-DEC: made, registered, lodged and decided unfounded, with a note."""
    events = [
        made(10, "Sara"),
        {"type": "application_registered", "occurred_at": moment(9)},
        {"type": "application_lodged", "occurred_at": moment(8)},
        {
            "type": "decision_taken",
            "occurred_at": moment(1),
            "outcome": "unfounded",
            "note": "Account not credible",
        },
    ]
    for seq, data in enumerate(events):
        service.append_event(
            store=world.store, case_id="C-DEC", event=parse_event(data), expected_seq=seq,
            actor="ind", organisation="IND",
        )  # fmt: skip


def _timeline_entry(html: str, seq: int) -> str:
    """The text of event ``seq`` on the timeline of a case page."""
    timeline = html.split('id="timeline"')[1].split("</section>")[0]
    return timeline.split(f'<span class="seq">#{seq}</span>')[1].split("</li>")[0]


def test_the_timeline_summarises_a_decision_in_the_pages_language(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    _decided_case(world)
    dutch = _timeline_entry(signed_in("ind").get("/cases/C-DEC").text, 4)
    assert "Besluit genomen" in dutch
    assert '"payload">Uitkomst: Ongegrond; Notitie: Account not credible</span>' in dutch
    english = _timeline_entry(signed_in("ind-en").get("/cases/C-DEC").text, 4)
    assert "Decision taken" in english
    assert '"payload">Outcome: Unfounded; Note: Account not credible</span>' in english
    made_nl = _timeline_entry(signed_in("ind").get("/cases/C-DEC").text, 1)
    assert "Persoon (Sara Haddad, Nationaliteit: Syrië)" in made_nl
    assert "Feiten voor de procedurekeuze (Nationaliteit: Syrië, Leeftijd: 30," in made_nl


def test_the_timeline_summarises_the_screening_form_and_the_family_group(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    dutch = signed_in("ind")
    _family_case(world, dutch)
    html = dutch.get("/cases/C-FAM").text
    screened = _timeline_entry(html, 2)
    assert "Doorverwezen naar: Registratieautoriteit (asiel)" in screened
    assert "Screeningsformulier (Gezinsleden in lidstaten: 1)" in screened
    assert "Gezinsgroep (3 gezinsleden, Met minderjarigen: Ja)" in _timeline_entry(html, 3)
    english = signed_in("ind-en").get("/cases/C-FAM").text
    assert "Screening form (Family members in member states: 1)" in _timeline_entry(english, 2)
    assert "Family group (3 family members, Includes minors: Yes)" in _timeline_entry(english, 3)


def test_an_erased_person_reads_as_erased_on_the_case_page(
    signed_in: Callable[[str], TestClient], world: World
) -> None:
    from datetime import date

    from migrationpact.store.privacy import erase_case

    erase_case(
        world.store, case_id="C-OVERDUE", reason="test", actor="privacy-officer",
        organisation="IND", on=date(2026, 12, 5), force_before_due=True,
    )  # fmt: skip
    dutch = signed_in("ind").get("/cases/C-OVERDUE").text
    assert "Gegevens gewist" in dutch
    assert "Haddad" not in dutch
    english = signed_in("ind-en").get("/cases/C-OVERDUE").text
    assert ("Data erased" in english, "Haddad" in english) == (True, False)

"""The register's pages: a monitor's worklist, a file, the intake and the steps; everyone else
gets the same "not found" on every register address, whether a file is there or not.

The case store is the web world's (SQLite); the register is a fresh one on SQLite and on
PostgreSQL (``empty_url``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.auth.tokens import DevIssuer
from migrationpact.auth.users import User, UserDirectory
from migrationpact.monitoring.vocabulary import BODIES
from migrationpact.monitoring_store.keys import KeyRing
from migrationpact.monitoring_store.register import Register
from migrationpact.server import create_app
from migrationpact.services import monitoring
from migrationpact.services.container import Services
from migrationpact.services.settings import ServiceSettings
from tests.integration.web.conftest import BASE_URL, hidden, sign_in
from tests.integration.web.world import PASSWORD, USERS, World
from tests.support.passwords import CHEAP
from tests.support.register import scratch_register

SECRET = "Held nine days at the border without a lawyer"
MONITORS = {"inspectie", "crm"}
OTHERS = sorted(name for name, *_ in USERS if name not in MONITORS)
CRM = Principal("crm-1", "C", Organisation.CRM, Role.MONITOR)


@pytest.fixture
def register(empty_url: str, world: World) -> Iterator[Register]:
    opened = scratch_register(empty_url)
    world.app.state.services.monitor_register = opened
    yield opened
    opened.engine.dispose()


def _submit(register: Register, **fields: object) -> str:
    signal = {"source": "lawyer", "channel": "email", "content": SECRET, "phase": "detention"}
    return monitoring.submit_signal(register=register, signal=signal | fields, submitted_by="test")


@pytest.fixture
def files(register: Register) -> dict[str, str]:
    """One file of each body: detention goes to the Inspectie, Art. 18 to the College."""
    return {
        "inspectie": _submit(register),
        "crm": _submit(register, phase=None, rights=["18"], content="Asylum refused at the door"),
    }


def _paths(reference: str) -> list[tuple[str, str]]:
    return [
        ("GET", "/monitoring"),
        ("GET", "/monitoring/closed"),
        ("GET", "/monitoring/intake"),
        ("POST", "/monitoring/intake"),
        ("GET", f"/monitoring/files/{reference}"),
        *[
            ("POST", f"/monitoring/files/{reference}/{s}")
            for s in ("triage", "refer", "share", "close")
        ],
    ]


@pytest.mark.parametrize("username", OTHERS)
def test_every_other_role_gets_the_same_answer_whether_the_file_exists_or_not(
    username: str, signed_in: Callable[[str], TestClient], files: dict[str, str]
) -> None:
    client = signed_in(username)
    answers = []
    for reference in (files["inspectie"], "MON-2222-2222", "not-a-reference"):
        for method, path in _paths(reference):
            got = client.request(method, path, data={"content": "x"}, follow_redirects=False)
            assert got.status_code == 404, (username, path)
            answers.append(re.sub(r"MON-\w+-\w+|not-a-reference", "", got.text.split("<main")[1]))
    assert len(set(answers)) == 1
    assert 'href="/monitoring"' not in client.get("/rules").text  # not in the menu either


def test_a_monitor_sees_the_worklist_and_its_files(
    signed_in: Callable[[str], TestClient], files: dict[str, str]
) -> None:
    client = signed_in("inspectie")
    page = client.get("/monitoring")
    assert page.status_code == 200
    table = page.text.split('id="monitoring-worklist"')[1].split("</table>")[0]
    assert files["inspectie"] in table
    assert "MON-TRIAGE" in table
    assert files["crm"] not in page.text  # the other body's file
    opened = client.get(f"/monitoring/files/{files['inspectie']}")
    assert opened.status_code == 200
    assert SECRET in opened.text
    assert "Signal received" in opened.text
    assert 'action="/monitoring/files/' in opened.text


def test_a_monitor_cannot_open_the_other_bodys_file(
    signed_in: Callable[[str], TestClient], files: dict[str, str]
) -> None:
    client = signed_in("inspectie")
    theirs = client.get(f"/monitoring/files/{files['crm']}")
    nobody = client.get("/monitoring/files/MON-2222-2222")
    assert theirs.status_code == nobody.status_code == 404
    assert "Asylum refused" not in theirs.text
    assert theirs.text.split("<main")[1].replace(files["crm"], "") == nobody.text.split("<main")[
        1
    ].replace("MON-2222-2222", "")


def test_the_college_works_in_its_own_files_in_dutch_and_not_in_the_inspecties(
    signed_in: Callable[[str], TestClient], files: dict[str, str]
) -> None:
    client = signed_in("crm")
    worklist = client.get("/monitoring").text
    assert files["crm"] in worklist
    assert files["inspectie"] not in worklist
    own = client.get(f"/monitoring/files/{files['crm']}")
    assert own.status_code == 200
    assert "Asylum refused at the door" in own.text  # the keeper reads the content
    assert "Signaal ontvangen" in own.text
    theirs = client.get(f"/monitoring/files/{files['inspectie']}")
    assert theirs.status_code == 404
    assert SECRET not in theirs.text


def test_a_shared_file_is_read_without_its_content_and_without_forms(
    signed_in: Callable[[str], TestClient], files: dict[str, str], register: Register
) -> None:
    monitoring.share_file(
        register=register,
        principal=CRM,
        body="CRM",
        reference=files["crm"],
        with_body="InspectieJenV",
    )
    page = signed_in("inspectie").get(f"/monitoring/files/{files['crm']}")
    assert page.status_code == 200
    assert "Asylum refused" not in page.text
    assert "shown to it only" in page.text
    assert 'action="/monitoring/files/' not in page.text


def _post(client: TestClient, path: str, form_page: str, data: dict[str, object]) -> Response:
    token = hidden(client.get(form_page).text, "csrf_token")
    sent: Response = client.post(path, data={"csrf_token": token, **data}, follow_redirects=False)
    return sent


def test_the_intake_form_gives_the_reference(
    signed_in: Callable[[str], TestClient], register: Register
) -> None:
    client = signed_in("inspectie")
    sent = _post(
        client, "/monitoring/intake", "/monitoring/intake",
        {"source": "own-observation", "channel": "visit", "content": "Cell without daylight",
         "phase": "detention", "rights": ["4", "6"]},
    )  # fmt: skip
    assert sent.status_code == 303, sent.text
    reference = sent.headers["location"].split("submitted=")[1]
    row = register.file_row(reference)
    assert row is not None
    assert row.body == "InspectieJenV"
    page = client.get(sent.headers["location"])
    assert reference in page.text.split('id="submitted"')[1]


def test_an_empty_signal_is_refused_and_nothing_written(
    signed_in: Callable[[str], TestClient], register: Register
) -> None:
    client = signed_in("inspectie")
    sent = _post(
        client, "/monitoring/intake", "/monitoring/intake",
        {"source": "ngo", "channel": "email", "content": "   "},
    )  # fmt: skip
    assert sent.status_code == 422
    assert "Content: The value is not accepted." in sent.text.split('role="alert"')[1]
    assert register.references("InspectieJenV", include_closed=True) == []


def test_a_post_without_the_csrf_token_is_refused(
    signed_in: Callable[[str], TestClient], files: dict[str, str], register: Register
) -> None:
    client = signed_in("inspectie")
    sent = client.post(f"/monitoring/files/{files['inspectie']}/close", data={"reason": "handled"})
    assert sent.status_code == 403
    assert register.state(files["inspectie"], "InspectieJenV").status == "received"


def test_triage_refer_and_a_refused_close(
    signed_in: Callable[[str], TestClient], files: dict[str, str], register: Register
) -> None:
    client = signed_in("inspectie")
    ref = files["inspectie"]
    page = f"/monitoring/files/{ref}"
    done = _post(client, f"{page}/triage", page,
                 {"kind": "allegation", "phase": "detention", "rights": ["6"]})  # fmt: skip
    assert done.status_code == 303, done.text
    assert _post(client, f"{page}/refer", page, {"authority": "KMar"}).status_code == 303
    refused = _post(client, f"{page}/close", page, {"reason": "handled"})
    assert refused.status_code == 422
    assert "MR-8" in refused.text
    assert register.state(ref, "InspectieJenV").status == "triaged"
    shown = client.get(page).text
    assert "Triaged" in shown
    assert "Referred to an authority" in shown
    assert "Royal Netherlands Marechaussee" in shown


def test_every_organisation_and_role_but_the_monitors_is_refused_alike(
    world: World, files: dict[str, str], register: Register
) -> None:
    """Every (organisation, role) pair the case-handling system knows, not just the world's
    users: only the two monitor pairs open the register, on every address of both bodies' files
    (that an address answers alike whether a file is there or not is the test above's)."""
    pairs = [
        (org, role)
        for org in Organisation
        for role in Role
        if (org, role)
        not in {(Organisation.INSPECTIE, Role.MONITOR), (Organisation.CRM, Role.MONITOR)}
    ]
    hashed = CHEAP.hash(PASSWORD)
    users = UserDirectory(
        [User(f"u{n}", "U", org, role, hashed, "en") for n, (org, role) in enumerate(pairs)]
    )
    settings = ServiceSettings(database_url=world.url, signin_rate=1000)
    built = Services.build(
        settings,
        store=world.store,
        users=users,
        issuer=DevIssuer.generate(issuer=settings.public_url),
        register=register,
    )
    app = create_app(settings, services=built)
    answers = set()
    for n, pair in enumerate(pairs):
        with TestClient(app, base_url=BASE_URL) as client:
            sign_in(client, f"u{n}")
            for reference in (files["inspectie"], files["crm"]):
                for method, path in _paths(reference):
                    got = client.request(method, path, data={"content": "x"})
                    assert got.status_code == 404, (pair, path)
                    answers.add(got.text.split("<main")[1].replace(reference, ""))
    assert len(answers) == 1
    assert sum(len(register.references(b, include_closed=True)) for b in BODIES) == 2


def test_the_keeper_shares_a_file_and_the_other_body_reads_it(
    signed_in: Callable[[str], TestClient], files: dict[str, str], register: Register
) -> None:
    client = signed_in("inspectie")
    page = f"/monitoring/files/{files['inspectie']}"
    assert "Share with College voor de Rechten van de Mens" in client.get(page).text
    assert _post(client, f"{page}/share", page, {"note": "for the College"}).status_code == 303
    read = monitoring.show_file(
        register=register, principal=CRM, body="CRM", reference=files["inspectie"]
    )
    assert read["events"][0]["data"]["content"] == SECRET
    assert f'action="{page}/share"' not in client.get(page).text  # shared once
    again = _post(client, f"{page}/share", page, {})
    assert again.status_code == 422
    assert "MR-9" in again.text


def test_a_register_without_the_bodys_key_is_an_error_page(
    signed_in: Callable[[str], TestClient], files: dict[str, str], register: Register
) -> None:
    register.keys = KeyRing({"CRM": register.keys.key("CRM")})
    client = signed_in("inspectie")
    for path in ("/monitoring", f"/monitoring/files/{files['inspectie']}"):
        page = client.get(path)
        assert page.status_code == 400, path
        assert page.headers["content-type"].startswith("text/html")
        assert "holds no key of InspectieJenV" in page.text


def test_the_triage_form_starts_as_the_submitter_indicated(
    signed_in: Callable[[str], TestClient], register: Register
) -> None:
    reference = _submit(register, rights=["4", "6"], kind="allegation")
    html = signed_in("inspectie").get(f"/monitoring/files/{reference}").text
    assert '<option value="detention" selected>' in html
    assert '<option value="allegation" selected>' in html
    assert re.search(r'id="t-right-6" name="rights" value="6" checked', html)
    assert not re.search(r'id="t-right-18" name="rights" value="18" checked', html)


def test_closed_files_are_listed_apart_and_stay_readable(
    signed_in: Callable[[str], TestClient], files: dict[str, str], register: Register
) -> None:
    client = signed_in("crm")
    assert "Geen gesloten dossiers." in client.get("/monitoring/closed").text
    monitoring.close_file(
        register=register, principal=CRM, body="CRM", reference=files["crm"],
        reason="withdrawn", note=None,
    )  # fmt: skip
    listed = client.get("/monitoring/closed").text
    table = listed.split('id="monitoring-closed"')[1].split("</table>")[0]
    assert files["crm"] in table
    assert "ingetrokken" in table  # the reason in words
    assert files["crm"] not in client.get("/monitoring").text  # no open limits any more
    assert client.get(f"/monitoring/files/{files['crm']}").status_code == 200
    assert signed_in("inspectie").get("/monitoring/closed").text.count(files["crm"]) == 0
    for other in ("ind", "coa", "analyst"):
        assert signed_in(other).get("/monitoring/closed").status_code == 404

"""The register's own application (``monitor serve``): its pages only to its own users, its own
sign-in, no case store, and no case-system session or token let in.

The register is a fresh one on SQLite and on PostgreSQL (``empty_url``). Its users have the same
usernames and password as the case world's monitors, so that only the register's own sessions
can tell them apart: a case-system session must still not open a register page."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from migrationpact.access.model import Organisation, Role
from migrationpact.auth.users import User, UserDirectory
from migrationpact.monitor_app import create_monitor_app
from migrationpact.monitoring.events import MAX_ATTACHMENT_BYTES
from migrationpact.monitoring_store.register import Register
from migrationpact.monitoring_store.tables import register_sessions
from migrationpact.services import monitoring
from migrationpact.services.monitoring_serve import RegisterServices
from migrationpact.services.settings import ServiceSettings
from migrationpact.web.monitoring_serve import REGISTER_COOKIES
from tests.integration.web.conftest import BASE_URL, hidden, post_login, sign_in
from tests.integration.web.world import PASSWORD, World
from tests.support.passwords import CHEAP
from tests.support.register import scratch_register

SECRET = "Held nine days at the border without a lawyer"


@pytest.fixture
def register(empty_url: str) -> Iterator[Register]:
    opened = scratch_register(empty_url)
    yield opened
    opened.engine.dispose()


@pytest.fixture
def no_case_db(tmp_path: Path) -> Path:
    """Where a case database would be if anything opened one (nothing may)."""
    return tmp_path / "no-cases" / "cases.db"


@pytest.fixture
def app(register: Register, no_case_db: Path) -> FastAPI:
    settings = ServiceSettings(database_url=f"sqlite:///{no_case_db}")
    hashed = CHEAP.hash(PASSWORD)
    users = UserDirectory(
        [
            User("inspectie", "Iris Peeters", Organisation.INSPECTIE, Role.MONITOR, hashed, "en"),
            User("crm", "Cato Rechtman", Organisation.CRM, Role.MONITOR, hashed, "nl"),
        ]
    )
    services = RegisterServices.build(settings, register=register, users=users)
    return create_monitor_app(settings, services=services)


@pytest.fixture
def files(register: Register) -> dict[str, str]:
    """One file of each body: detention goes to the Inspectie, Art. 18 to the College."""
    signal = {"source": "lawyer", "channel": "email", "content": SECRET, "phase": "detention"}
    crm = {"phase": None, "rights": ["18"], "content": "Asylum refused at the door"}
    return {
        "inspectie": monitoring.submit_signal(register=register, signal=signal, submitted_by="t"),
        "crm": monitoring.submit_signal(register=register, signal=signal | crm, submitted_by="t"),
    }


@pytest.fixture
def on_register(app: FastAPI) -> Iterator[Callable[[str | None], TestClient]]:
    """A client of the register's app, signed in as a register user (None: anonymous)."""
    clients: list[TestClient] = []

    def make(username: str | None) -> TestClient:
        made = TestClient(app, base_url=BASE_URL)
        clients.append(made)
        return sign_in(made, username) if username else made

    yield make
    for made in clients:
        made.close()


REGISTER_PAGES = ("/monitoring", "/monitoring/closed", "/monitoring/intake")


def test_the_register_pages_go_to_its_sign_in_for_anyone_not_signed_in(
    on_register: Callable[[str | None], TestClient], files: dict[str, str]
) -> None:
    client = on_register(None)
    for path in (*REGISTER_PAGES, f"/monitoring/files/{files['inspectie']}"):
        got = client.get(path, follow_redirects=False)
        assert got.status_code == 303, path
        assert got.headers["location"].startswith("/login?next=/monitoring"), path
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"


def test_a_register_user_works_in_the_register_in_their_own_bodys_files(
    on_register: Callable[[str | None], TestClient], files: dict[str, str]
) -> None:
    client = on_register("inspectie")
    assert client.get("/", follow_redirects=False).headers["location"] == "/monitoring"
    worklist = client.get("/monitoring")
    assert worklist.status_code == 200
    assert files["inspectie"] in worklist.text
    assert files["crm"] not in worklist.text
    opened = client.get(f"/monitoring/files/{files['inspectie']}")
    assert opened.status_code == 200
    assert SECRET in opened.text
    theirs = client.get(f"/monitoring/files/{files['crm']}")
    nobody = client.get("/monitoring/files/MON-2222-2222")
    assert theirs.status_code == nobody.status_code == 404
    assert theirs.text.split("<main")[1].replace(files["crm"], "") == nobody.text.split("<main")[
        1
    ].replace("MON-2222-2222", "")


def test_the_register_menu_offers_the_register_only_in_the_users_language(
    on_register: Callable[[str | None], TestClient], files: dict[str, str]
) -> None:
    page = on_register("crm").get("/monitoring").text
    menu = page.split('<ul class="nav">')[1].split("</ul>")[0]
    assert re.findall(r'href="([^"]+)"', menu) == [
        "/monitoring",
        "/monitoring/intake",
        "/monitoring/closed",
        "/monitoring/inspections",
        "/monitoring/indicators",
        "/monitoring/report",
    ]
    assert "Monitoringsdossiers" in menu
    assert "Signaal invoeren" in menu
    assert "Enter a signal" not in page
    assert 'action="/cases"' not in page  # no case search in the register


def test_its_sign_in_sets_the_registers_own_cookies_and_keeps_the_session_in_the_register(
    app: FastAPI, register: Register
) -> None:
    with TestClient(app, base_url=BASE_URL) as client:
        form = client.get("/login")
        assert REGISTER_COOKIES.login in form.cookies
        answer = post_login(client, "crm")
        assert answer.status_code == 303
        assert REGISTER_COOKIES.session in answer.cookies
        assert "mp_session" not in answer.cookies
    with register.engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(register_sessions)).scalar_one()
    assert count == 1


def test_a_case_system_session_or_token_does_not_open_the_register(
    world: World, on_register: Callable[[str | None], TestClient], files: dict[str, str]
) -> None:
    with TestClient(world.app, base_url=BASE_URL) as case_client:
        sign_in(case_client, "inspectie")  # the case system's monitor of the same name
        token = case_client.cookies["mp_session"]
        assert case_client.get("/monitoring", follow_redirects=False).status_code != 303
    case_services = world.app.state.services
    monitor = case_services.users.get("inspectie")
    bearer = case_services.issuer.sign(monitor, audience="migrationpact")
    assert case_services.verifier.verify(bearer).subject == "inspectie"  # good at the case system
    client = on_register(None)
    for cookie in ("mp_session", REGISTER_COOKIES.session):
        client.cookies.clear()
        client.cookies.set(cookie, token)
        got = client.get("/monitoring", follow_redirects=False)
        assert got.status_code == 303, cookie
        assert got.headers["location"].startswith("/login")
    client.cookies.clear()
    got = client.get(
        "/monitoring", headers={"Authorization": f"Bearer {bearer}"}, follow_redirects=False
    )
    assert got.status_code == 303


def test_a_register_session_does_not_open_the_case_system(
    world: World, on_register: Callable[[str | None], TestClient]
) -> None:
    token = on_register("inspectie").cookies[REGISTER_COOKIES.session]
    with TestClient(world.app, base_url=BASE_URL) as case_client:
        case_client.cookies.set("mp_session", token)
        got = case_client.get("/cases", follow_redirects=False)
    assert got.status_code == 303
    assert got.headers["location"].startswith("/login")


def test_the_register_answers_with_the_security_headers_and_wants_the_csrf_token(
    on_register: Callable[[str | None], TestClient],
) -> None:
    client = on_register("crm")
    page = client.get("/monitoring/intake")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    signal = {"source": "lawyer", "channel": "email", "content": SECRET}
    refused = client.post("/monitoring/intake", data=signal, follow_redirects=False)
    assert refused.status_code == 403
    token = hidden(page.text, "csrf_token")
    taken = client.post("/monitoring/intake", data=signal | {"csrf_token": token})
    assert taken.status_code == 200
    assert "MON-" in taken.url.query.decode()


def test_the_open_signal_route_gives_a_reference_and_refuses_an_empty_signal(
    on_register: Callable[[str | None], TestClient], register: Register
) -> None:
    client = on_register(None)
    given = client.post(
        "/v1/monitoring/signals", json={"source": "ngo", "channel": "web-form", "content": SECRET}
    )
    assert given.status_code == 201
    assert set(given.json()) == {"reference"}
    assert register.file_row(given.json()["reference"]) is not None
    empty = client.post("/v1/monitoring/signals", json={"source": "ngo", "channel": "web-form"})
    assert empty.status_code == 400
    assert empty.headers["content-type"] == "application/problem+json"


def test_the_register_app_never_opens_a_case_store(
    on_register: Callable[[str | None], TestClient],
    files: dict[str, str],
    app: FastAPI,
    no_case_db: Path,
) -> None:
    client = on_register("inspectie")
    for path in (*REGISTER_PAGES, f"/monitoring/files/{files['inspectie']}"):
        assert client.get(path).status_code == 200, path
    client.post("/v1/monitoring/signals", json={"source": "ngo", "channel": "x", "content": "y"})
    assert not hasattr(app.state.services, "store")
    assert not no_case_db.parent.exists()  # not even its directory was made


def test_the_app_starts_from_settings_alone_with_a_users_file(
    tmp_path: Path, empty_url: str, no_case_db: Path
) -> None:
    from migrationpact.services.monitoring import create_body_key

    keys = tmp_path / "keys"
    for body in ("InspectieJenV", "CRM"):
        create_body_key(body=body, directory=keys)
    users = tmp_path / "register-users.yaml"
    users.write_text(
        "users:\n  - {username: crm, name: Cato Rechtman, organisation: CRM, role: monitor,\n"
        f"     language: nl, password_hash: '{CHEAP.hash(PASSWORD)}'}}\n",
        encoding="utf-8",
    )
    settings = ServiceSettings(
        database_url=f"sqlite:///{no_case_db}",
        monitor_database_url=empty_url,
        monitor_key_dir=keys,
    )
    services = RegisterServices.build(settings, users_file=users)
    with TestClient(create_monitor_app(settings, services=services), base_url=BASE_URL) as client:
        sign_in(client, "crm")
        assert client.get("/monitoring").status_code == 200
        assert post_login(TestClient(client.app, base_url=BASE_URL), "inspectie").status_code == 401
    services.monitor_register.engine.dispose()
    assert not no_case_db.parent.exists()


def test_the_register_takes_a_file_too_large_for_the_case_systems_edge_and_answers_its_own_limit(
    on_register: Callable[[str | None], TestClient], register: Register
) -> None:
    client = on_register(None)

    def signal(size: int) -> dict[str, object]:
        data = base64.b64encode(b"a" * size).decode()
        return {
            "source": "ngo",
            "channel": "web-form",
            "content": SECRET,
            "attachments": [{"name": "note.txt", "content": data}],
        }

    # Over the case system's 1 MiB edge, within the register's 10 MiB per file: kept.
    taken = client.post("/v1/monitoring/signals", json=signal(2 << 20))
    assert taken.status_code == 201, taken.text

    # Over 10 MiB: the register's own words, not the edge's bare 413, and nothing written.
    def files() -> int:
        bodies = (Organisation.INSPECTIE, Organisation.CRM)
        return sum(len(register.references(b.value, include_closed=True)) for b in bodies)

    before = files()
    refused = client.post("/v1/monitoring/signals", json=signal(MAX_ATTACHMENT_BYTES + 1))
    assert refused.status_code == 400
    assert "10 MiB" in refused.json()["detail"]
    assert files() == before


def test_metrics_count_the_open_files_by_body_and_the_requests_by_route(
    register: Register, no_case_db: Path, files: dict[str, str]
) -> None:
    settings = ServiceSettings(database_url=f"sqlite:///{no_case_db}", metrics_token="scrape-me")
    app = create_monitor_app(
        settings, services=RegisterServices.build(settings, register=register, users=None)
    )
    with TestClient(app, base_url=BASE_URL) as client:
        anonymous = client.get(f"/monitoring/files/{files['crm']}")  # the sign-in, not the file
        assert "Asylum refused" not in anonymous.text
        assert client.get("/metrics").status_code == 404  # no token: not said to exist
        scraped = client.get("/metrics", headers={"Authorization": "Bearer scrape-me"})
    assert scraped.status_code == 200
    lines = scraped.text.splitlines()
    assert 'migrationpact_monitoring_files_open{body="CRM"} 1.0' in lines
    assert 'migrationpact_monitoring_files_open{body="InspectieJenV"} 1.0' in lines
    assert any(
        line.startswith("migrationpact_http_requests_total{")
        and 'route="/monitoring/files/{reference}"' in line
        for line in lines
    )
    assert files["crm"] not in scraped.text
    assert not (no_case_db.parent).exists()  # still no case store

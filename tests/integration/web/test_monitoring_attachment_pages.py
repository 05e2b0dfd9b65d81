"""Attachments on the register's pages: uploaded with the intake form (multipart), listed and
downloaded on the file page by the keeping body only; a refused file re-shows the form with the
reason in the page's language and writes nothing. The register is on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select

from migrationpact.monitoring import attachments as checks
from migrationpact.monitoring_store.register import Register
from migrationpact.monitoring_store.tables import metadata
from migrationpact.services import monitoring
from tests.integration.monitoring.conftest import INSPECTIE
from tests.integration.web.conftest import hidden
from tests.integration.web.test_monitoring_pages import OTHERS
from tests.integration.web.world import World
from tests.support.attachments import EXE, PDF, PNG, photo, statement
from tests.support.register import scratch_register

FIELDS = {"source": "ngo", "channel": "email", "content": "Cell without daylight",
          "phase": "detention"}  # fmt: skip


@pytest.fixture
def register(empty_url: str, world: World) -> Iterator[Register]:
    opened = scratch_register(empty_url)
    world.app.state.services.monitor_register = opened
    yield opened
    opened.engine.dispose()


@pytest.fixture
def kept(register: Register) -> str:
    """The Inspectie's file (detention) with a statement and a photograph."""
    return monitoring.submit_signal(
        register=register, signal=FIELDS, submitted_by="t", attachments=[statement(), photo()]
    )


def rows(register: Register) -> dict[str, int]:
    with register.engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in metadata.sorted_tables
        }


def upload(client: TestClient, files: list[tuple[str, tuple[str, bytes, str]]]) -> Response:
    token = hidden(client.get("/monitoring/intake").text, "csrf_token")
    sent: Response = client.post(
        "/monitoring/intake",
        data={"csrf_token": token, **FIELDS},
        files=files,
        follow_redirects=False,
    )
    return sent


def test_the_intake_form_takes_files(
    signed_in: Callable[[str], TestClient], register: Register
) -> None:
    client = signed_in("inspectie")
    form = client.get("/monitoring/intake").text
    assert 'enctype="multipart/form-data"' in form
    assert 'type="file"' in form
    sent = upload(client, [("attachments", ("verklaring.pdf", PDF, "application/pdf")),
                           ("attachments", ("cel.png", PNG, "image/png")),
                           ("attachments", ("", b"", "application/octet-stream"))])  # fmt: skip
    assert sent.status_code == 303, sent.text
    reference = sent.headers["location"].split("submitted=")[1]
    signal = register.history(reference, "InspectieJenV")[0].event
    assert [(a.name, a.media_type) for a in signal.attachments] == [
        ("verklaring.pdf", "application/pdf"),
        ("cel.png", "image/png"),
    ]  # the file input left empty is no attachment


@pytest.mark.parametrize(
    ("files", "english", "dutch"),
    [
        ([("run.exe", EXE, "application/octet-stream")],
         "The attachment run.exe is not of a kind the register takes",
         "De bijlage run.exe is geen soort bestand die het register aanneemt"),
        ([("photo.jpg", PDF, "image/jpeg")],
         "The attachment photo.jpg is not what its declared type says it is.",
         "De bijlage photo.jpg is niet wat het opgegeven type zegt dat zij is."),
        ([("leeg.txt", b"", "text/plain")], "The attachment leeg.txt is empty.",
         "De bijlage leeg.txt is leeg."),
        ([(f"{n}.png", PNG, "image/png") for n in range(11)],
         "A signal has at most 10 attachments.", "Een signaal heeft ten hoogste 10 bijlagen."),
    ],
)  # fmt: skip
def test_a_refused_file_comes_back_in_the_pages_language_and_nothing_is_written(
    signed_in: Callable[[str], TestClient],
    register: Register,
    files: list[tuple[str, bytes, str]],
    english: str,
    dutch: str,
) -> None:
    before = rows(register)
    for who, said in (("inspectie", english), ("crm", dutch)):
        sent = upload(signed_in(who), [("attachments", f) for f in files])
        assert sent.status_code == 422, sent.text
        alert = sent.text.split('role="alert"')[1].split("</div>")[0]
        assert said in alert
        assert ">Cell without daylight</textarea>" in sent.text  # the form keeps what was typed
    assert rows(register) == before


def test_an_oversized_file_comes_back_with_the_limit(
    signed_in: Callable[[str], TestClient], register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The request size limit (1 MiB in the tests' settings) stops a real 10 MiB file before the
    # form is read (413); the register's own check is tried here with a lower limit.
    monkeypatch.setattr(checks, "MAX_ATTACHMENT_BYTES", 10 * 1024)
    before = rows(register)
    sent = upload(
        signed_in("crm"), [("attachments", ("groot.png", PNG + bytes(20_000), "image/png"))]
    )
    assert sent.status_code == 422
    assert "De bijlage groot.png is groter dan 10 KiB." in sent.text
    assert rows(register) == before


def test_the_keeper_lists_and_downloads_the_attachments(
    signed_in: Callable[[str], TestClient], kept: str, register: Register
) -> None:
    client = signed_in("inspectie")
    page = client.get(f"/monitoring/files/{kept}").text
    listed = page.split('id="file-attachments"')[1].split("</ul>")[0]
    links = re.findall(r'href="([^"]+)"', listed)
    assert links == [f"/monitoring/files/{kept}/attachments/{n}" for n in (1, 2)]
    assert "statement al-Haddad.pdf" in listed
    assert "PDF document" in listed
    got = client.get(links[0])
    assert got.status_code == 200
    assert got.content == PDF
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["content-disposition"] == (
        "attachment; filename=\"statement_al-Haddad.pdf\"; filename*=UTF-8''statement_al-Haddad.pdf"
    )
    assert got.headers["x-content-type-options"] == "nosniff"
    assert client.get(links[1]).content == PNG
    assert client.get(f"/monitoring/files/{kept}/attachments/3").status_code == 404


def test_the_other_body_and_everyone_else_get_the_one_not_found(
    signed_in: Callable[[str], TestClient], kept: str, register: Register
) -> None:
    monitoring.share_file(
        register=register, principal=INSPECTIE, body="InspectieJenV", reference=kept,
        with_body="CRM",
    )  # fmt: skip
    crm = signed_in("crm")
    shared = crm.get(f"/monitoring/files/{kept}").text
    assert 'id="file-attachments"' not in shared  # the shared body reads no files
    for client in (crm, signed_in(OTHERS[0]), signed_in(OTHERS[-1])):
        answers = set()
        for path in (f"/monitoring/files/{kept}/attachments/1",
                     "/monitoring/files/MON-2222-2222/attachments/1",
                     f"/monitoring/files/{kept}/attachments/x",
                     "/monitoring/files/MON-2222-2222"):  # fmt: skip
            got = client.get(path)
            assert got.status_code == 404, path
            assert PDF not in got.content
            answers.add(re.sub(r"MON-\w+-\w+", "", got.text.split("<main")[1]))
        assert len(answers) == 1  # the same page as for a file that does not exist


def test_the_college_sees_its_attachments_in_dutch(
    signed_in: Callable[[str], TestClient], register: Register
) -> None:
    reference = monitoring.submit_signal(
        register=register, signal={**FIELDS, "phase": None, "rights": ["18"]},
        submitted_by="t", attachments=[statement(), photo()],
    )  # fmt: skip
    page = signed_in("crm").get(f"/monitoring/files/{reference}").text
    listed = page.split('id="file-attachments"')[1].split("</ul>")[0]
    assert '<h2 id="attachments">Bijlagen</h2>' in page
    assert "(pdf-document, 1 kB)" in listed
    assert "cell.png (png-afbeelding, 1 kB)" in page.split('id="file-events"')[1]
    assert "image/png" not in page
    assert "PDF document" not in page

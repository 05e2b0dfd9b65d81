"""A signal's attachments in the register, on SQLite and PostgreSQL: kept sealed, read back by the
keeper only, digest in the chain, and bad input refused with nothing written."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from migrationpact.monitoring.attachments import Upload
from migrationpact.monitoring.events import MAX_ATTACHMENT_BYTES
from migrationpact.monitoring_store.register import Register
from migrationpact.monitoring_store.tables import (
    metadata,
    monitor_attachments,
    monitor_reads,
    monitor_schema,
)
from migrationpact.services import monitoring as svc
from migrationpact.services.errors import Forbidden, Invalid, NotFound
from migrationpact.services.monitoring_attachments import read_attachment
from tests.integration.conftest import ONLY_SQLITE
from tests.integration.monitoring.conftest import CRM, INSPECTIE, SIGNAL
from tests.support.attachments import EXE, MARKER, PDF, PNG, TEXT, photo, statement

IJ = "InspectieJenV"


def submit(register: Register, uploads: list[Upload], **fields: Any) -> str:
    return svc.submit_signal(
        register=register, signal={**SIGNAL, **fields}, submitted_by="desk", attachments=uploads
    )


def counts(register: Register) -> dict[str, int]:
    """Rows per table, the log of reads included: a refused intake reads no file either."""
    with register.engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in metadata.sorted_tables
        }


def read(register: Register, reference: str, number: int, who: Any = INSPECTIE) -> Any:
    body = who.organisation.value
    return read_attachment(
        register=register, principal=who, body=body, reference=reference, number=number
    )


def test_attachments_are_kept_and_read_back_by_the_keeper(register: Register) -> None:
    reference = submit(register, [statement(), photo()])
    first, second = read(register, reference, 1), read(register, reference, 2)
    assert (first.data, second.data) == (PDF, PNG)
    assert first.attachment.name == "statement al-Haddad.pdf"
    assert second.attachment.media_type == "image/png"
    # The digest is in the signal's sealed event, which the hash chain covers.
    signal = register.history(reference, IJ)[0].event
    assert [a.sha256 for a in signal.attachments] == [
        hashlib.sha256(PDF).hexdigest(),
        hashlib.sha256(PNG).hexdigest(),
    ]
    assert register.verify() == []


def test_the_bytes_and_names_are_not_in_the_clear(register: Register) -> None:
    reference = submit(register, [statement(), Upload("verklaring.txt", "text/plain", TEXT)])
    with register.engine.connect() as conn:
        rows = [tuple(r) for t in metadata.sorted_tables for r in conn.execute(select(t))]
        stored = conn.execute(select(monitor_attachments)).all()
    raw = repr(rows).encode()
    assert len(stored) == 2
    assert {r.reference for r in stored} == {reference}
    for secret in (MARKER, b"al-Haddad", b"verklaring", b"negen dagen"):
        assert secret not in raw
        assert all(secret not in bytes(r.sealed) for r in stored)


@pytest.mark.parametrize("backend", ONLY_SQLITE, indirect=True)
def test_the_sqlite_file_holds_no_clear_attachment(register: Register) -> None:
    """The whole file, free pages and write-ahead log included."""
    reference = submit(register, [statement(), Upload("verklaring.txt", "text/plain", TEXT)])
    register.engine.dispose()  # closes the connections: the WAL is written back
    path = Path(make_url(str(register.engine.url)).database or "")
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert reference.encode() in raw
    for secret in (MARKER, b"al-Haddad", b"verklaring", b"negen dagen"):
        assert secret not in raw


def test_reads_are_logged_in_the_register(register: Register) -> None:
    reference = submit(register, [photo()])
    read(register, reference, 1)
    with pytest.raises(NotFound):
        read(register, reference, 2)
    with register.engine.connect() as conn:
        logged = conn.execute(
            select(monitor_reads.c.action, monitor_reads.c.reference, monitor_reads.c.outcome)
        ).all()
    assert [tuple(r) for r in logged] == [
        ("attachment.read", reference, "granted"),
        ("attachment.read", reference, "not-found"),
    ]


def test_only_the_keeper_reads_an_attachment_even_of_a_shared_file(register: Register) -> None:
    reference = submit(register, [photo()])
    with pytest.raises(NotFound) as before:
        read(register, reference, 1, CRM)
    svc.share_file(
        register=register, principal=INSPECTIE, body=IJ, reference=reference, with_body="CRM"
    )
    with pytest.raises(NotFound) as after:
        read(register, reference, 1, CRM)
    with pytest.raises(NotFound) as nowhere:
        read(register, "MON-2222-2222", 1, CRM)
    said = {str(e.value).replace(reference, "R").replace("MON-2222-2222", "R")
            for e in (before, after, nowhere)}  # fmt: skip
    assert said == {"no monitoring file R for CRM"}
    assert read(register, reference, 1).data == PNG  # the keeper still does


def test_an_executing_organisation_is_refused_before_any_look_up(register: Register) -> None:
    from migrationpact.access.model import Organisation, Principal, Role

    reference = submit(register, [photo()])
    ind = Principal("ind-1", "I", Organisation.IND, Role.SUPERVISOR)
    for ref in (reference, "MON-2222-2222"):
        with pytest.raises(Forbidden):
            read_attachment(register=register, principal=ind, body=IJ, reference=ref, number=1)


@pytest.mark.parametrize(
    ("uploads", "fields", "said"),
    [
        ([Upload("big.pdf", "application/pdf", PDF + b"0" * MAX_ATTACHMENT_BYTES)], {},
         "larger than 10 MiB"),
        ([Upload("run.exe", "", EXE)], {}, "not of a kind the register takes"),
        ([Upload("photo.jpg", "image/jpeg", PDF)], {}, "not what its declared type"),
        ([Upload("leeg.txt", "text/plain", b"")], {}, "is empty"),
        ([photo()] * 11, {}, "at most 10 attachments"),
        ([statement()], {"content": "   "}, "a signal needs content"),
        ([statement()], {"source": "rumour"}, "source"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_and_writes_nothing(
    register: Register, uploads: list[Upload], fields: dict[str, Any], said: str
) -> None:
    before = counts(register)
    with pytest.raises(Invalid, match=said):
        submit(register, uploads, **fields)
    assert counts(register) == before


def test_a_changed_attachment_does_not_open(register: Register) -> None:
    reference = submit(register, [photo()])
    with register.engine.begin() as conn:
        # The administrator can drop the trigger; the seal still shows the change.
        if conn.dialect.name == "postgresql":
            conn.execute(
                text("DROP TRIGGER monitor_attachments_append_only ON monitor_attachments")
            )
        else:
            conn.execute(text("DROP TRIGGER monitor_attachments_no_update"))
        conn.execute(
            monitor_attachments.update().values(
                sealed=func.coalesce(monitor_attachments.c.nonce, monitor_attachments.c.nonce)
            )
        )
    with pytest.raises(Invalid, match="does not open"):
        read(register, reference, 1)


def test_attachments_are_append_only(register: Register) -> None:
    submit(register, [photo()])
    with pytest.raises(Exception, match="append-only"), register.engine.begin() as conn:
        conn.execute(monitor_attachments.delete())


def test_a_register_at_version_3_is_upgraded_to_keep_attachments(register: Register) -> None:
    # A register of the layout before attachments: no attachments' table, version 3.
    with register.engine.begin() as conn:
        conn.execute(text("DROP TABLE monitor_attachments"))
        if conn.dialect.name == "postgresql":
            conn.execute(text("DROP FUNCTION monitor_attachments_append_only()"))
        conn.execute(monitor_schema.update().values(version=3))
    upgraded = Register.open(str(register.engine.url.render_as_string(hide_password=False)),
                             register.keys)  # fmt: skip
    try:
        with upgraded.engine.connect() as conn:
            assert conn.execute(select(monitor_schema.c.version)).scalars().all() == [4]
        upgraded.clock = register.clock
        reference = submit(upgraded, [photo()])
        assert read(upgraded, reference, 1).data == PNG
        with pytest.raises(Exception, match="append-only"), upgraded.engine.begin() as conn:
            conn.execute(monitor_attachments.delete())
    finally:
        upgraded.engine.dispose()


def test_the_demo_sends_a_statement_with_its_first_signal(register: Register) -> None:
    from migrationpact.demo.monitoring import load_demo_signals
    from migrationpact.demo.monitoring_attachments import STATEMENT

    demo = load_demo_signals(register)
    first = demo.files[IJ][0]  # the first demo signal (detention) is the Inspectie's
    assert read(register, first, 1).data == STATEMENT.encode("utf-8")

"""The register on SQLite and PostgreSQL: sealed at rest, separated by body, chained, firewalled."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.monitoring.decide import MonitoringRefused
from migrationpact.monitoring_store.keys import KeyRing
from migrationpact.monitoring_store.register import Register
from migrationpact.monitoring_store.tables import (
    metadata,
    monitor_events,
    monitor_files,
    monitor_keys,
    monitor_reads,
)
from migrationpact.services import monitoring as svc
from migrationpact.services.errors import Forbidden, Invalid, NotFound
from tests.integration.conftest import ONLY_SQLITE
from tests.integration.monitoring.conftest import CLEAR_WORDS, CRM, INSPECTIE, SECRET, SIGNAL


def submit(register: Register, **fields: Any) -> str:
    return svc.submit_signal(register=register, signal={**SIGNAL, **fields}, submitted_by="desk")


def triage(register: Register, reference: str, **fields: Any) -> None:
    """The Inspectie triages its file: an allegation about detention (Art. 6 unless told)."""
    given = {"kind": "allegation", "phase": "detention", "rights": ["6"], **fields}
    svc.triage_file(
        register=register, principal=INSPECTIE, body="InspectieJenV", reference=reference, **given
    )


def counts(register: Register) -> dict[str, int]:
    with register.engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in metadata.sorted_tables
            if t.name != "monitor_reads"
        }


def raw_rows(register: Register) -> str:
    """Every row of every register table, as the database gives it to an administrator."""
    with register.engine.connect() as conn:
        return "\n".join(
            repr(tuple(row)) for t in metadata.sorted_tables for row in conn.execute(select(t))
        )


def test_a_signal_round_trips_through_the_encryption(register: Register) -> None:
    reference = submit(register)
    shown = svc.show_file(
        register=register, principal=INSPECTIE, body="InspectieJenV", reference=reference
    )
    signal = shown["events"][0]["data"]
    assert (signal["content"], signal["case_reference"]) == (SECRET, "PSEUDO-4711")
    assert signal["attachments"] == []
    routed = shown["events"][1]["data"]
    assert (routed["to"], routed["rule"], routed["verified"]) == (
        "InspectieJenV",
        "IN-DET-01",
        False,
    )
    assert shown["keeper"] == "InspectieJenV"
    assert signal["occurred_at"] == "2026-12-07T09:00:00"  # the register's clock, Dutch time
    assert reference.startswith("MON-")


def test_the_raw_rows_hold_no_clear_content(register: Register) -> None:
    reference = submit(register)
    triage(register, reference, note="Detention of nine days without a lawyer (Schiphol)")
    rows = raw_rows(register)
    assert reference in rows  # the check sees the rows at all
    for word in (*CLEAR_WORDS, "allegation", "Detention of"):
        assert word not in rows


@pytest.mark.parametrize("backend", ONLY_SQLITE, indirect=True)
def test_the_sqlite_file_holds_no_clear_content(register: Register) -> None:
    """The whole file, free pages and write-ahead log included (PostgreSQL: the rows test)."""
    reference = submit(register)
    register.engine.dispose()  # closes the connections: the WAL is written back
    path = Path(make_url(str(register.engine.url)).database or "")
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert reference.encode() in raw
    for word in CLEAR_WORDS:
        assert word.encode() not in raw


def test_each_body_reads_only_its_own_files_and_those_shared_with_it(register: Register) -> None:
    mine = submit(register)  # detention: the Inspectie's
    crm_file = submit(register, phase=None, rights=["47"])  # remedies: the College's
    with pytest.raises(NotFound) as other:
        svc.show_file(register=register, principal=CRM, body="CRM", reference=mine)
    with pytest.raises(NotFound) as missing:
        svc.show_file(register=register, principal=CRM, body="CRM", reference="MON-AAAA-AAAA")
    assert str(other.value).replace(mine, "R") == str(missing.value).replace("MON-AAAA-AAAA", "R")
    assert [
        i["reference"]
        for i in svc.worklist(register=register, principal=CRM, body="CRM", today=date(2026, 12, 7))
    ] == [crm_file] * 2
    svc.share_file(
        register=register,
        principal=INSPECTIE,
        body="InspectieJenV",
        reference=mine,
        with_body="CRM",
    )
    triage(register, mine, note="seen by both")
    shown = svc.show_file(register=register, principal=CRM, body="CRM", reference=mine)
    assert shown["events"][0]["data"]["content"] == SECRET
    assert [e["type"] for e in shown["events"]] == [
        "signal_received",
        "routed",
        "shared",
        "triaged",
    ]
    assert shown["events"][3]["data"]["note"] == "seen by both"
    listed = svc.worklist(register=register, principal=CRM, body="CRM", today=date(2026, 12, 7))
    assert {i["reference"] for i in listed} == {mine, crm_file}
    with pytest.raises(Forbidden, match="only InspectieJenV records on it"):
        svc.close_file(
            register=register, principal=CRM, body="CRM", reference=mine, reason="handled"
        )


def test_a_body_without_the_other_bodys_key_cannot_open_its_records(
    register: Register, keys: KeyRing
) -> None:
    reference = submit(register)
    crm_only = Register(register.engine, KeyRing({"CRM": keys.key("CRM")}))
    with pytest.raises(Invalid, match="no key of InspectieJenV"):
        svc.show_file(
            register=crm_only, principal=INSPECTIE, body="InspectieJenV", reference=reference
        )
    wrong = Register(register.engine, KeyRing({"InspectieJenV": keys.key("CRM")}))
    with pytest.raises(Invalid, match="another key"):
        svc.show_file(
            register=wrong, principal=INSPECTIE, body="InspectieJenV", reference=reference
        )


EXECUTING = [
    (org, role)
    for org in Organisation
    for role in Role
    if (org, role) not in {(Organisation.INSPECTIE, Role.MONITOR), (Organisation.CRM, Role.MONITOR)}
]


@pytest.mark.parametrize(("org", "role"), EXECUTING)
def test_everyone_but_the_monitors_is_refused_alike_for_files_that_exist_and_do_not(
    register: Register, org: Organisation, role: Role
) -> None:
    existing = submit(register)
    who = Principal(subject="x", name="X", organisation=org, role=role)
    answers = []
    for reference in (existing, "MON-ZZZZ-ZZZZ"):
        for call in (
            lambda r: svc.show_file(
                register=register, principal=who, body="InspectieJenV", reference=r
            ),
            lambda r: svc.close_file(
                register=register,
                principal=who,
                body="InspectieJenV",
                reference=r,
                reason="handled",
            ),
        ):
            with pytest.raises(Forbidden) as refused:
                call(reference)
            answers.append((type(refused.value), refused.value.kind, str(refused.value)))
    assert answers[:2] == answers[2:]
    with pytest.raises(Forbidden):
        svc.worklist(register=register, principal=who, body="InspectieJenV")
    assert counts(register)["monitor_events"] == 2  # nothing written by the refused close


def test_a_monitor_works_in_its_own_bodys_files_only(register: Register) -> None:
    with pytest.raises(Forbidden, match="works in the files of CRM, not of InspectieJenV"):
        svc.worklist(register=register, principal=CRM, body="InspectieJenV")


@pytest.mark.parametrize(
    ("fields", "kind", "message"),
    [
        ({"content": "  "}, "invalid-monitoring-event", "a signal needs content"),
        (
            {"attachments": [{"name": "v.mp4", "media_type": "video/mp4", "size_bytes": 2**30}]},
            "invalid-attachment",
            "not described",
        ),
        ({"source": "rumour"}, "invalid-monitoring-event", "source"),
        ({"received_at": "2027-06-01T09:00"}, "invalid-monitoring-event", "in the future"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(
    register: Register, fields: dict[str, Any], kind: str, message: str
) -> None:
    before = counts(register)
    with pytest.raises(Invalid, match=message) as refused:
        submit(register, **fields)
    assert refused.value.kind == kind
    assert counts(register) == before


def test_an_unknown_body_is_bad_input(register: Register) -> None:
    with pytest.raises(Invalid, match="unknown body 'Ombudsman'"):
        svc.worklist(register=register, principal=CRM, body="Ombudsman")


def test_a_missing_key_refuses_the_signal_and_writes_nothing(register: Register) -> None:
    before = counts(register)
    keyless = Register(register.engine, KeyRing({"CRM": b"k" * 32}), register.clock)
    with pytest.raises(Invalid, match="no key of InspectieJenV"):
        submit(keyless)
    assert counts(register) == before


def test_a_refused_step_names_its_rule_and_writes_nothing(register: Register) -> None:
    reference = submit(register)
    before = counts(register)
    with pytest.raises(MonitoringRefused, match=r"\(MR-6: "):
        svc.refer_file(
            register=register,
            principal=INSPECTIE,
            body="InspectieJenV",
            reference=reference,
            authority="KMar",
        )
    assert counts(register) == before


def test_the_hash_chains_verify_and_show_a_changed_record(register: Register) -> None:
    reference = submit(register)
    triage(register, reference, rights=["4", "6"])
    assert register.verify() == []
    register.log_read(
        actor="a", organisation="CRM", action="worklist", reference=None, outcome="granted"
    )
    for change in (
        update(monitor_events).values(actor="someone else"),
        delete(monitor_events),
        delete(monitor_reads),
    ):
        with pytest.raises(DBAPIError, match="append-only"), register.engine.begin() as conn:
            conn.execute(change)
    with register.engine.begin() as conn:  # an administrator removes the guard and edits
        if conn.dialect.name == "postgresql":
            conn.execute(text("DROP TRIGGER monitor_events_append_only ON monitor_events"))
        else:
            conn.execute(text("DROP TRIGGER monitor_events_no_update"))
        conn.execute(update(monitor_events).where(monitor_events.c.seq == 2).values(type="closed"))
    assert register.verify() == [f"{reference} event 2: its hash does not match its contents"]
    with pytest.raises(Invalid, match="does not open"):
        svc.show_file(
            register=register, principal=INSPECTIE, body="InspectieJenV", reference=reference
        )


def test_a_shortened_chain_shows(register: Register) -> None:
    reference = submit(register)
    with register.engine.begin() as conn:
        conn.execute(
            update(monitor_files).where(monitor_files.c.reference == reference).values(seq=5)
        )
    assert register.verify() == [f"{reference}: the file's last event is not its chain's end"]


def test_reads_are_logged_in_the_register_itself(register: Register) -> None:
    reference = submit(register)
    svc.show_file(register=register, principal=INSPECTIE, body="InspectieJenV", reference=reference)
    with pytest.raises(NotFound):
        svc.show_file(register=register, principal=CRM, body="CRM", reference=reference)
    with register.engine.connect() as conn:
        logged = conn.execute(
            text("SELECT organisation, action, reference, outcome FROM monitor_reads ORDER BY id")
        ).all()
        assert not conn.dialect.has_table(conn, "access_log")  # no case store in this database
    assert [tuple(r) for r in logged] == [
        ("InspectieJenV", "file.read", reference, "granted"),
        ("CRM", "file.read", reference, "not-found"),
    ]


def test_a_database_of_another_schema_version_is_refused(
    register: Register, empty_url: str
) -> None:
    with register.engine.begin() as conn:
        conn.execute(text("UPDATE monitor_schema SET version = 99"))
    with pytest.raises(RuntimeError, match="schema version \\[99\\]"):
        Register.open(empty_url, register.keys)


def test_a_record_whose_key_was_removed_is_not_skipped_silently(register: Register) -> None:
    reference = submit(register)
    triage(register, reference)
    with register.engine.begin() as conn:
        conn.execute(delete(monitor_keys).where(monitor_keys.c.seq == 2))
    with pytest.raises(Invalid, match="not every record has a key for InspectieJenV"):
        svc.show_file(
            register=register, principal=INSPECTIE, body="InspectieJenV", reference=reference
        )


def test_the_register_refuses_the_case_stores_database(db_url: str, keys: KeyRing) -> None:
    with pytest.raises(RuntimeError, match="holds the case store"):
        Register.open(db_url, keys)

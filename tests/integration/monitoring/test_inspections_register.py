"""Inspections in the register on SQLite and PostgreSQL: sealed at rest, kept apart by body,
chained with the files, firewalled; refused steps write nothing; the year's counts."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.engine import make_url

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.monitoring.decide import MonitoringRefused
from migrationpact.monitoring_store.inspections import inspection_references, inspection_state
from migrationpact.monitoring_store.register import Register
from migrationpact.monitoring_store.tables import (
    metadata,
    monitor_events,
    monitor_files,
    monitor_reads,
)
from migrationpact.services import monitoring as files
from migrationpact.services import monitoring_inspections as svc
from migrationpact.services.errors import Forbidden, Invalid, NotFound
from tests.integration.conftest import ONLY_SQLITE
from tests.integration.monitoring.conftest import CRM, INSPECTIE, SIGNAL

FINDING = "Yusuf Demir slept two nights on the floor of the Schiphol application centre"
INSPECTOR = "Anneke Bosveld"
CLEAR = ("Yusuf", "Demir", "floor", "Anneke", "Bosveld", "AC-SCHIPHOL", "interpreters")


def visit(register: Register, who: Principal = INSPECTIE, body: str = "InspectieJenV") -> str:
    """An unannounced visit on Mon 2 Nov 2026, a finding, a recommendation to KMar made
    Fri 13 Nov (its response due Mon 28 Dec 2026)."""
    reference = svc.plan_inspection(
        register=register, principal=who, body=body, location="AC-SCHIPHOL",
        planned_for=date(2026, 11, 2), announced=False, purpose="interpreters",
        at=datetime(2026, 10, 20, 9, 0),
    )  # fmt: skip
    step = step_of(register, reference, who, body)
    svc.record_visit(**step, visited_on=date(2026, 11, 2), announced=False,
                     inspectors=[INSPECTOR], at=datetime(2026, 11, 2, 17, 0))  # fmt: skip
    svc.record_finding(**step, text=FINDING, rights=["1", "4"], at=datetime(2026, 11, 3, 9))
    svc.make_recommendation(**step, authority="KMar", text="Provide beds and interpreters",
                            findings=[1], made_on=date(2026, 11, 13),
                            at=datetime(2026, 11, 13, 9, 0))  # fmt: skip
    return reference


def step_of(register: Register, reference: str, who: Principal, body: str) -> dict[str, Any]:
    return {"register": register, "principal": who, "body": body, "reference": reference}


def raw_rows(register: Register) -> str:
    with register.engine.connect() as conn:
        return "\n".join(
            repr(tuple(row)) for t in metadata.sorted_tables for row in conn.execute(select(t))
        )


def events(register: Register) -> int:
    with register.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(monitor_events)).scalar_one())


def test_an_inspection_round_trips_and_its_rows_hold_no_clear_text(register: Register) -> None:
    reference = visit(register)
    assert reference.startswith("INS-")
    shown = svc.show_inspection(
        register=register, principal=INSPECTIE, body="InspectieJenV", reference=reference
    )
    assert shown["state"]["findings"][0]["text"] == FINDING
    assert shown["state"]["visit"]["inspectors"] == [INSPECTOR]
    assert [e["type"] for e in shown["events"]] == [
        "inspection_planned", "visit_carried_out", "finding_recorded", "recommendation_made",
    ]  # fmt: skip
    [due] = shown["responses"]
    assert (due["due"], due["authority"], due["verified"]) == ("2026-12-28", "KMar", False)
    rows = raw_rows(register)
    assert reference in rows
    for word in CLEAR:
        assert word not in rows, word
    assert register.verify() == []


@pytest.mark.parametrize("backend", ONLY_SQLITE, indirect=True)
def test_the_sqlite_file_holds_no_clear_text_of_an_inspection(register: Register) -> None:
    """The whole file, write-ahead log included (PostgreSQL: the rows test above)."""
    reference = visit(register)
    register.engine.dispose()  # closes the connections: the WAL is written back
    path = Path(make_url(str(register.engine.url)).database or "")
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    assert reference.encode() in raw
    for word in CLEAR:
        assert word.encode() not in raw, word


def test_inspections_stay_out_of_the_files_and_the_files_out_of_the_inspections(
    register: Register,
) -> None:
    reference = visit(register)
    signal = files.submit_signal(register=register, signal=SIGNAL, submitted_by="desk")
    assert register.references("InspectieJenV", include_closed=True) == [signal]
    assert inspection_references(register, "InspectieJenV") == [reference]
    with pytest.raises(NotFound):
        files.show_file(
            register=register, principal=INSPECTIE, body="InspectieJenV", reference=reference
        )
    with pytest.raises(NotFound):
        svc.show_inspection(
            register=register, principal=INSPECTIE, body="InspectieJenV", reference=signal
        )
    assert [i["reference"] for i in files.worklist(
        register=register, principal=INSPECTIE, body="InspectieJenV", today=date(2026, 12, 7)
    )] == [signal, signal]  # fmt: skip


def test_the_other_body_reads_an_inspection_only_once_it_is_shared(register: Register) -> None:
    reference = visit(register)
    with pytest.raises(NotFound) as theirs:
        svc.show_inspection(register=register, principal=CRM, body="CRM", reference=reference)
    with pytest.raises(NotFound) as nobody:
        svc.show_inspection(register=register, principal=CRM, body="CRM", reference="INS-ZZZZ-ZZZZ")
    assert str(theirs.value).replace(reference, "") == str(nobody.value).replace(
        "INS-ZZZZ-ZZZZ", ""
    )
    assert svc.list_inspections(register=register, principal=CRM, body="CRM") == []
    assert svc.responses_worklist(register=register, principal=CRM, body="CRM") == []
    with pytest.raises(NotFound):
        svc.record_finding(**step_of(register, reference, CRM, "CRM"), text="x", rights=["1"])
    svc.share_inspection(**step_of(register, reference, INSPECTIE, "InspectieJenV"),
                         with_body="CRM")  # fmt: skip
    shown = svc.show_inspection(register=register, principal=CRM, body="CRM", reference=reference)
    assert shown["state"]["findings"][0]["text"] == FINDING
    assert shown["shared"] is True
    with pytest.raises(Forbidden, match="only InspectieJenV records"):
        svc.record_finding(**step_of(register, reference, CRM, "CRM"), text="x", rights=["1"])
    # Records after the sharing are sealed for both bodies too.
    svc.record_finding(**step_of(register, reference, INSPECTIE, "InspectieJenV"),
                       text="Second", rights=["47"])  # fmt: skip
    assert len(inspection_state(register, reference, "CRM").findings) == 2
    assert register.verify() == []


@pytest.mark.parametrize(
    ("org", "role"),
    [(Organisation.IND, Role.SUPERVISOR), (Organisation.KMAR, Role.CASEWORKER),
     (Organisation.COA, Role.PLANNER), (Organisation.MINISTRY, Role.ANALYST)],
)  # fmt: skip
def test_everyone_but_the_monitors_is_refused_alike(
    register: Register, org: Organisation, role: Role
) -> None:
    existing = visit(register)
    who = Principal(subject="x", name="X", organisation=org, role=role)
    before = events(register)
    answers = []
    for reference in (existing, "INS-ZZZZ-ZZZZ"):
        for call in (
            lambda r: svc.show_inspection(
                register=register, principal=who, body="InspectieJenV", reference=r
            ),
            lambda r: svc.close_inspection(
                register=register,
                principal=who,
                body="InspectieJenV",
                reference=r,
                reason="cancelled",
            ),
        ):
            with pytest.raises(Forbidden) as refused:
                call(reference)
            answers.append((refused.value.kind, str(refused.value)))
    assert answers[:2] == answers[2:]
    with pytest.raises(Forbidden):
        svc.plan_inspection(register=register, principal=who, body="InspectieJenV",
                            location="AC-BUDEL", planned_for=date(2026, 12, 20),
                            announced=True)  # fmt: skip
    with pytest.raises(Forbidden):
        svc.list_inspections(register=register, principal=who, body="InspectieJenV")
    assert events(register) == before


def test_refused_steps_and_bad_input_write_nothing(register: Register) -> None:
    reference = visit(register)
    step = step_of(register, reference, INSPECTIE, "InspectieJenV")
    before = events(register)
    with pytest.raises(MonitoringRefused, match="IR-6"):
        svc.close_inspection(**step, reason="completed")
    with pytest.raises(MonitoringRefused, match="IR-4"):
        svc.make_recommendation(**step, authority="COA", text="x", findings=[2])
    with pytest.raises(Invalid, match="received_on: it lies in the future"):
        svc.record_response(**step, recommendation=1, verdict="accepted", text="x",
                            received_on=date(2026, 12, 25))  # fmt: skip
    with pytest.raises(Invalid, match="verdict"):
        svc.record_response(**step, recommendation=1, verdict="maybe", text="x",
                            received_on=date(2026, 12, 1))  # fmt: skip
    with pytest.raises(MonitoringRefused, match="IR-1"):
        svc.plan_inspection(register=register, principal=INSPECTIE, body="InspectieJenV",
                            location="NOWHERE", planned_for=date(2026, 12, 20),
                            announced=True)  # fmt: skip
    with pytest.raises(Invalid, match="unknown body"):
        svc.list_inspections(register=register, principal=INSPECTIE, body="Ombudsman")
    assert events(register) == before
    assert inspection_references(register, "InspectieJenV") == [reference]


def test_reads_of_inspections_are_logged_in_the_register(register: Register) -> None:
    reference = visit(register)
    svc.show_inspection(
        register=register, principal=INSPECTIE, body="InspectieJenV", reference=reference
    )
    with pytest.raises(NotFound):
        svc.show_inspection(register=register, principal=CRM, body="CRM", reference=reference)
    svc.responses_worklist(register=register, principal=CRM, body="CRM")
    with register.engine.connect() as conn:
        logged = conn.execute(
            select(monitor_reads.c.organisation, monitor_reads.c.action,
                   monitor_reads.c.reference, monitor_reads.c.outcome)
            .order_by(monitor_reads.c.id)
        ).all()  # fmt: skip
    assert [tuple(r) for r in logged] == [
        ("InspectieJenV", "inspection.read", reference, "granted"),
        ("CRM", "inspection.read", reference, "not-found"),
        ("CRM", "inspections.due", None, "granted"),
    ]


def test_a_changed_inspection_record_shows_in_verify(register: Register) -> None:
    reference = visit(register)
    with register.engine.begin() as conn:
        conn.execute(
            update(monitor_files).where(monitor_files.c.reference == reference).values(seq=9)
        )
    assert register.verify() == [f"{reference}: the file's last event is not its chain's end"]


def test_the_years_counts_for_the_annual_report(register: Register) -> None:
    answered = visit(register)
    visit(register)  # its recommendation still awaits its response
    svc.record_response(**step_of(register, answered, INSPECTIE, "InspectieJenV"),
                        recommendation=1, verdict="partly-accepted", text="Beds yes",
                        received_on=date(2026, 12, 1))  # fmt: skip
    svc.plan_inspection(register=register, principal=INSPECTIE, body="InspectieJenV",
                        location="DC-ROTTERDAM", planned_for=date(2027, 1, 11),
                        announced=True)  # fmt: skip
    visit(register, CRM, "CRM")  # the College's: not counted for the Inspectie
    found = svc.inspection_summary(register, "InspectieJenV", 2026, as_of=date(2026, 12, 29))
    assert (found.planned, found.planned_unannounced, found.carried_out) == (2, 2, 2)
    assert found.by_authority == {"KMar": 2}
    # Due Mon 28 Dec 2026: one answered on 1 Dec, one still open and overdue on 29 Dec.
    assert (found.responded_on_time, found.responded_late, found.open, found.overdue) == (
        1, 0, 1, 1,
    )  # fmt: skip
    assert svc.inspection_summary(register, "InspectieJenV", 2027).planned == 1

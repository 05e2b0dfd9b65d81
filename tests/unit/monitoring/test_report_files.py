"""The report's figures of the bodies' files, counted by hand from three invented files."""

from __future__ import annotations

from datetime import date
from typing import Any

from migrationpact.monitoring.decide import replay
from migrationpact.monitoring.report.files import file_sections
from migrationpact.monitoring.report.model import CountTable, ListTable, Section
from migrationpact.monitoring.state import FileState
from tests.unit.monitoring.helpers import event, signal

TODAY = date(2026, 12, 21)


def at(moment: str) -> dict[str, Any]:
    return {"occurred_at": moment}


def handled() -> FileState:
    """Inspectie: in Fri 4 Dec (triage due Fri 18 Dec, handling Fri 15 Jan 2027), triaged
    Mon 7 Dec, referred to KMar Tue 8 Dec (answer due 19 Jan 2027), answered Thu 10 Dec,
    closed as handled Fri 11 Dec: every limit met on time."""
    return replay("MON-AAAA-AAAA", [
        signal(), event("routed"),
        event("triaged", **at("2026-12-07T10:00")),
        event("referred", **at("2026-12-08T10:00")),
        event("outcome_recorded", **at("2026-12-10T10:00")),
        event("closed", **at("2026-12-11T10:00")),
    ])  # fmt: skip


def waiting() -> FileState:
    """Inspectie: a lawyer's letter in Mon 2 Nov, never triaged: triage was due Mon 16 Nov
    (ten working days: 3-6, 9-13, 16 Nov), handling Mon 14 Dec; both overdue on 21 Dec."""
    moment = "2026-11-02T10:00"
    return replay("MON-BBBB-BBBB", [
        signal(received_at="2026-11-02T09:00", source="lawyer", channel="letter", phase=None,
               **at(moment)),
        event("routed", **at(moment)),
    ])  # fmt: skip


def referred_out() -> FileState:
    """The College: a complaint about a child, referred out to the Kinderombudsman on
    Fri 4 Dec (no triage limit; handling due Fri 15 Jan 2027, open)."""
    return replay("MON-CCCC-CCCC", [
        signal(source="individual", channel="in-person", kind="complaint",
               concerns_child=True, phase="screening", rights=["24"]),
        event("routed", to="CRM", rule="IN-KO-01", referred_out="Kinderombudsman"),
    ])  # fmt: skip


FILES = [handled(), waiting(), referred_out()]


def table(sections: list[Section], table_id: str) -> CountTable:
    found = next(t for s in sections for t in s.tables if t.id == table_id)
    assert isinstance(found, CountTable)
    return found


def counts(t: CountTable) -> dict[str, tuple[object, ...]]:
    """Rows with something in them, by their English label."""
    return {row.label.en: row.cells for row in t.rows if any(row.cells)}


def test_one_body_counts_its_own_files_in_one_column() -> None:
    inspectie = [f for f in FILES if f.body == "InspectieJenV"]
    sections = file_sections(inspectie, year=2026, today=TODAY, bodies=("InspectieJenV",))
    assert counts(table(sections, "signals-source")) == {
        "a lawyer": (1,), "a non-governmental organisation": (1,), "Total": (2,),
    }  # fmt: skip
    assert counts(table(sections, "signals-phase")) == {
        "detention": (1,), "no phase named": (1,), "Total": (2,),
    }  # fmt: skip
    assert counts(table(sections, "closed")) == {"handled": (1,), "Total": (1,)}


def test_time_limits_on_time_late_and_open_as_on_the_day_the_report_is_made() -> None:
    sections = file_sections(FILES, year=2026, today=TODAY, bodies=("InspectieJenV", "CRM"))
    # columns: met on time, met late, open not yet due, open past due, total
    assert counts(table(sections, "limits")) == {
        "Triage the signal": (1, 0, 0, 1, 2),
        "Answer from the authority a file was referred to": (1, 0, 0, 0, 1),
        "Handle the file": (1, 0, 1, 1, 3),  # the College's file is due in January
    }
    assert counts(table(sections, "referrals")) == {
        "Royal Netherlands Marechaussee": (1, 0, 0, 0, 1),
        "Total": (1, 0, 0, 0, 1),
    }


def test_the_joint_report_has_a_column_per_body_and_no_list_of_files() -> None:
    sections = file_sections(FILES, year=2026, today=TODAY, bodies=("InspectieJenV", "CRM"))
    assert counts(table(sections, "signals-referred-out")) == {
        "Kinderombudsman": (0, 1, 1), "Total": (0, 1, 1),
    }  # fmt: skip
    assert counts(table(sections, "signals-right")) == {
        "Art. 6: Right to liberty and security": (1, 0, 1),  # the triage's, Art. 6
        "Art. 24: The rights of the child": (0, 1, 1),  # as the submitter indicated
    }
    assert not any(isinstance(t, ListTable) for s in sections for t in s.tables)


def test_a_bodys_own_report_lists_the_files_over_a_limit() -> None:
    sections = file_sections(
        FILES[:2], year=2026, today=TODAY, bodies=("InspectieJenV",), internal=True
    )
    late = next(t for s in sections for t in s.tables if isinstance(t, ListTable))
    assert [(line[0], line[2], line[3]) for line in late.lines] == [
        ("MON-BBBB-BBBB", date(2026, 11, 16), None),
        ("MON-BBBB-BBBB", date(2026, 12, 14), None),
    ]


def test_another_year_counts_nothing() -> None:
    sections = file_sections(FILES, year=2027, today=TODAY, bodies=("InspectieJenV", "CRM"))
    assert counts(table(sections, "signals-source")) == {}
    assert counts(table(sections, "limits")) == {}

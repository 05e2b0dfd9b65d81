"""The annual report from the register (SQLite and PostgreSQL): whose files, who may make it,
the public version, and the documents (HTML in Dutch without English or codes, and a PDF)."""

from __future__ import annotations

import re
import zlib
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from migrationpact.access.model import Organisation, Principal, Role
from migrationpact.monitoring.indicators import INDICATORS
from migrationpact.monitoring.intake import Words
from migrationpact.monitoring.report.model import CountTable, Hidden, Report
from migrationpact.monitoring_store.feed import chain_records
from migrationpact.monitoring_store.keys import KeyRing
from migrationpact.monitoring_store.register import Register
from migrationpact.monitoring_store.tables import monitor_reads
from migrationpact.services import monitoring as svc
from migrationpact.services import monitoring_indicators as indicators
from migrationpact.services import monitoring_inspections as inspections
from migrationpact.services.errors import Forbidden, Invalid
from migrationpact.services.monitoring_report import annual_report
from migrationpact.services.monitoring_report_document import (
    INTERNAL,
    MADE,
    OF,
    PUBLIC,
    STILL_OPEN,
    TITLE,
    report_document,
    report_pdf,
)
from tests.integration.monitoring.conftest import CLEAR_WORDS, CRM, INSPECTIE, SECRET, SIGNAL

TODAY = date(2026, 12, 21)
DOCUMENT_WORDS = (TITLE, OF, MADE, PUBLIC, INTERNAL, STILL_OPEN)
#: English words no Dutch sentence has (as in tests/integration/web/test_dutch_pages.py).
ENGLISH = re.compile(
    r"\b(the|and|with|which|from|after|before|not|this|that|are|days|weeks|answered|signals|"
    r"files|closed|referred|number|total|body|report|public)\b",
    re.IGNORECASE,
)
#: The register's codes, which a reader must see in words.
CODES = re.compile(
    r"InspectieJenV|\bCRM\b|own-observation|border-procedure|web-form|in-person|"
    r"public-prosecutor|referred-out|no-task|Nationale-ombudsman|MON-(?:TRIAGE|REFERRAL|ANSWER)|"
    r"\b[a-z]+_[a-z]+\b|\b\d{4}-Q\d\b|\bKMar\b|INS-RESPONSE|partly-accepted|"
    + "|".join(rf"\b{i.id}\b" for i in INDICATORS)
)


def submit(register: Register, **fields: Any) -> str:
    return svc.submit_signal(register=register, signal={**SIGNAL, **fields}, submitted_by="desk")


def make(register: Register, who: Principal = INSPECTIE, **asked: Any) -> Report:
    given: dict[str, Any] = {"year": 2026, "scope": "InspectieJenV", "today": TODAY, **asked}
    return annual_report(register=register, principal=who, **given)


def table(report: Report, table_id: str) -> CountTable:
    found = next(t for s in report.sections for t in s.tables if t.id == table_id)
    assert isinstance(found, CountTable)
    return found


def column(report: Report, table_id: str) -> list[object]:
    """The last column of a table, by row: the body's counts, or the joint total."""
    return [row.cells[-1] for row in table(report, table_id).rows]


@pytest.fixture
def filled(register: Register) -> Register:
    """Three detention signals for the Inspectie (one triaged), two Art. 18 ones for the
    College."""
    first = submit(register)
    submit(register, source="ngo")
    submit(register, source="ngo", channel="letter")
    svc.triage_file(
        register=register, principal=INSPECTIE, body="InspectieJenV", reference=first,
        kind="allegation", phase="detention", rights=["6"],
    )  # fmt: skip
    submit(register, phase=None, rights=["18"])
    submit(register, phase=None, rights=["18"], source="individual")
    return register


def visit(register: Register, who: Principal, body: str, answered: bool) -> None:
    """An unannounced visit on Mon 2 Nov 2026 with a recommendation to KMar made Fri 13 Nov
    (its response due Mon 28 Dec 2026), answered on 1 Dec or still awaited."""
    reference = inspections.plan_inspection(
        register=register, principal=who, body=body, location="AC-SCHIPHOL",
        planned_for=date(2026, 11, 2), announced=False, at=datetime(2026, 10, 20, 9, 0),
    )  # fmt: skip
    step: dict[str, Any] = {
        "register": register, "principal": who, "body": body, "reference": reference
    }  # fmt: skip
    inspections.record_visit(**step, visited_on=date(2026, 11, 2), announced=False,
                             inspectors=["A. Bos"], at=datetime(2026, 11, 2, 17))  # fmt: skip
    inspections.record_finding(**step, text="No beds", rights=["1"], at=datetime(2026, 11, 3, 9))
    inspections.make_recommendation(**step, authority="KMar", text="Provide beds",
                                    findings=[1], made_on=date(2026, 11, 13),
                                    at=datetime(2026, 11, 13, 9, 0))  # fmt: skip
    if answered:
        inspections.record_response(**step, recommendation=1, verdict="accepted",
                                    text="Beds ordered", received_on=date(2026, 12, 1),
                                    at=datetime(2026, 12, 1, 9, 0))  # fmt: skip


def screening(n: int, beyond: bool) -> dict[str, Any]:
    """A screening at the external border begun on 2 Nov 2026, done after 5 (beyond: 9) days."""
    closed = f"2026-11-{11 if beyond else 7:02d}T09:00:00"
    return {"kind": "deadline", "case": "P-" + "ABCDEFGH"[n] * 16, "rule": "SCR-01",
            "status": "met", "started": "2026-11-02T09:00:00", "closed_at": closed,
            "beyond": beyond}  # fmt: skip


def feed_lines() -> list[str]:
    """A feed made Tue 1 Dec 2026 of six screenings begun in November, one beyond its limit."""
    header = {"kind": "feed", "version": 1, "made_at": "2026-12-01T10:00:00Z", "key_id": "k"}
    records = [screening(n, beyond=n == 1) for n in range(1, 7)]
    return chain_records([header, *records, {"kind": "end", "records": len(records) + 1}])


@pytest.fixture
def full(filled: Register) -> Register:
    """``filled`` with inspections (the Inspectie two visits, one answered; the College one) and
    a feed of six screenings begun in November 2026, one beyond its limit."""
    visit(filled, INSPECTIE, "InspectieJenV", answered=True)
    visit(filled, INSPECTIE, "InspectieJenV", answered=False)
    visit(filled, CRM, "CRM", answered=False)
    indicators.import_feed(register=filled, principal=CRM, body="CRM", lines=feed_lines())
    return filled


def test_the_inspections_section_counts_the_bodys_visits_and_the_joint_one_both(
    full: Register,
) -> None:
    own = make(full)
    # planned, to be unannounced, carried out, unannounced, cancelled
    assert column(own, "inspections-visits") == [2, 2, 2, 2, 0]
    # IND, KMar, COA, DJI, DTenV, total
    assert column(own, "inspections-recommendations") == [0, 2, 0, 0, 0, 2]
    # on 21 Dec: one answered on time, one awaited and due on 28 Dec
    assert column(own, "inspections-responses") == [1, 0, 1, 0, 2]
    joint = make(full, scope="joint")
    assert table(joint, "inspections-visits").rows[0].cells == (2, 1, 3)
    assert [r.cells for r in table(joint, "inspections-responses").rows][-1] == (2, 1, 3)
    late = make(full, today=date(2026, 12, 29))  # the awaited one is now overdue
    assert column(late, "inspections-responses") == [1, 0, 0, 1, 2]


def test_the_indicators_are_the_feeds_and_the_same_in_every_report(full: Register) -> None:
    own = table(make(full), "indicator-screening-border")
    assert [r.cells for r in own.rows] == [(0, 0, 0)] * 3 + [(6, 1, 0), (6, 1, 0)]
    share, median = own.figures
    assert share.values[3:] == (0.1667, 0.1667)  # 1 of 6
    assert median.values[3:] == (5.0, 5.0)  # 5, 5, 5, 5, 5, 9 days
    for scope, who in (("CRM", CRM), ("joint", INSPECTIE)):
        other = table(make(full, who, scope=scope), "indicator-screening-border")
        assert (other.rows, other.figures) == (own.rows, own.figures)
    dutch = dutch_text(report_document(make(full), "nl"))
    assert "Indicatoren uit de zaakgegevens" in dutch
    assert "1 december 2026" in dutch
    assert "16,7% 5,0" in dutch  # the share and the median in Dutch form


def test_a_feed_not_sealed_for_the_body_is_not_in_its_report_and_fails_nothing(
    filled: Register,
) -> None:
    # The College imports the feed in a process holding its key only: sealed for it alone.
    college = Register(filled.engine, KeyRing({"CRM": filled.keys.key("CRM")}))
    college.clock = filled.clock
    indicators.import_feed(register=college, principal=CRM, body="CRM", lines=feed_lines())
    own = make(filled)  # the Inspectie's report, in a process that holds both keys
    section = next(s for s in own.sections if s.id == "indicators")
    assert section.tables == ()
    assert "zonder de sleutel van deze instantie" in section.notes[0].nl
    for scope, who in (("CRM", CRM), ("joint", INSPECTIE)):
        shown = table(make(filled, who, scope=scope), "indicator-screening-border")
        assert shown.rows[-1].cells == (6, 1, 0)


def test_the_public_version_hides_small_counts_in_the_new_tables(full: Register) -> None:
    public = make(full, public=True)
    assert column(public, "inspections-visits") == [Hidden.SMALL] * 4 + [0]
    assert column(public, "inspections-responses") == [Hidden.SMALL, 0, Hidden.SMALL, 0,
                                                       Hidden.SMALL]  # fmt: skip
    screening_ = table(public, "indicator-screening-border")
    # six measured are shown; the one beyond is hidden, and so its share; the median of six is
    # not (it rests on the six only)
    assert [r.cells for r in screening_.rows][3:] == [(6, Hidden.SMALL, 0)] * 2
    share, median = screening_.figures
    assert share.values[3:] == (Hidden.WITHHELD, Hidden.WITHHELD)
    assert median.values[3:] == (5.0, 5.0)
    html = report_document(public, "en")
    assert "16.7%" not in html
    assert "16.7%" in report_document(make(full), "en")  # the check can fail


def test_a_bodys_report_counts_the_files_it_keeps_and_the_joint_one_both(
    filled: Register,
) -> None:
    own = make(filled)
    # sources in order: individual, lawyer, ngo, staff, own observation, total
    assert column(own, "signals-source") == [0, 1, 2, 0, 0, 3]
    joint = make(filled, scope="joint")
    assert [row.cells for row in table(joint, "signals-source").rows][-1] == (3, 2, 5)
    assert column(joint, "signals-source") == [1, 2, 2, 0, 0, 5]
    theirs = make(filled, CRM, scope="CRM")
    assert column(theirs, "signals-source") == [1, 1, 0, 0, 0, 2]


def test_making_a_report_is_logged_in_the_register(filled: Register) -> None:
    make(filled)
    with filled.engine.connect() as conn:
        actions = conn.execute(select(monitor_reads.c.action, monitor_reads.c.outcome)).all()
    assert ("report", "granted") in [tuple(a) for a in actions]


@pytest.mark.parametrize(
    ("org", "role"),
    [(Organisation.IND, Role.SUPERVISOR), (Organisation.KMAR, Role.CASEWORKER),
     (Organisation.MINISTRY, Role.ANALYST)],
)  # fmt: skip
def test_no_one_else_makes_a_report(filled: Register, org: Organisation, role: Role) -> None:
    other = Principal(subject="x", name="X", organisation=org, role=role)
    for scope in ("InspectieJenV", "CRM", "joint"):
        with pytest.raises(Forbidden):
            make(filled, other, scope=scope)


def test_a_body_does_not_make_the_other_bodys_report(filled: Register) -> None:
    with pytest.raises(Forbidden):
        make(filled, INSPECTIE, scope="CRM")


def test_a_year_before_the_mechanism_or_after_today_is_refused(filled: Register) -> None:
    for year in (2025, 2027):
        with pytest.raises(Invalid, match="a report covers a year from 2026 to 2026"):
            make(filled, year=year)


def test_the_joint_report_needs_both_keys(filled: Register) -> None:
    one_key = Register(filled.engine, KeyRing({"InspectieJenV": filled.keys.key("InspectieJenV")}))
    assert column(make(one_key), "signals-source")[-1] == 3  # its own report still works
    with pytest.raises(Invalid, match="no key of CRM"):
        make(one_key, scope="joint")


def test_the_public_version_hides_small_counts_and_names_no_file(filled: Register) -> None:
    internal = report_document(make(filled), "en")
    overdue = re.findall(r"MON-[A-Z0-9]{4}-[A-Z0-9]{4}", internal)
    public_report = make(filled, public=True)
    public = report_document(public_report, "en")
    # The signals came in on Fri 4 Dec: their triage was due Fri 18 Dec, so on 21 Dec the
    # untriaged ones are over it, and the body's own report names them.
    assert "Files over a time limit" in internal
    assert len(set(overdue)) == 2
    assert "Files over a time limit" not in public
    assert not re.search(r"MON-[A-Z0-9]{4}-[A-Z0-9]{4}", public)
    for word in (SECRET, *CLEAR_WORDS):
        assert word not in public
    # lawyer 1, ngo 2, total 3: each below 5, all hidden
    assert column(public_report, "signals-source") == [0, Hidden.SMALL, Hidden.SMALL, 0, 0,
                                                       Hidden.SMALL]  # fmt: skip
    assert "&lt; 5" in public
    shown = [int(n) for n in re.findall(r'<td class="n">(\d+)</td>', public)]
    assert shown
    assert all(n == 0 or n >= 5 for n in shown)


def english_texts(report: Report) -> set[str]:
    """Every English text of the report whose Dutch differs: none may show in Dutch."""
    found: list[Words] = [report.scope_name, *report.notes, *DOCUMENT_WORDS]
    found += [report.policy_note] if report.policy_note else []
    for section in report.sections:
        found += [section.title, *section.notes, *([section.intro] if section.intro else [])]
        for t in section.tables:
            found += [t.caption, *t.columns]
            if isinstance(t, CountTable):
                found += [t.head, *(row.label for row in t.rows), *([t.note] if t.note else [])]
                found += [f.head for f in t.figures]
            else:
                found += [t.empty, *(v for line in t.lines for v in line if isinstance(v, Words))]
    return {w.en.split("%")[0].strip() for w in found if w.en != w.nl}


def shown_english(report: Report, text: str) -> list[str]:
    return sorted(
        e for e in english_texts(report) if re.search(rf"(?<!\w){re.escape(e)}(?!\w)", text)
    )


def dutch_text(html: str) -> str:
    """The text a reader sees (the print style, if any, left out)."""
    body = html.split("</style>", 1)[-1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).replace("&lt;", "<")


@pytest.mark.parametrize("scope", ["InspectieJenV", "joint"])
@pytest.mark.parametrize("public", [False, True])
def test_the_dutch_report_shows_no_english_and_no_codes(
    full: Register, scope: str, public: bool
) -> None:
    report = make(full, scope=scope, public=public)
    text = dutch_text(report_document(report, "nl"))
    assert "Jaarverslag 2026 van het monitoringsmechanisme" in text
    assert "Ontvangen signalen" in text
    assert "Aanbevelingen naar instantie" in text
    assert "Koninklijke Marechaussee" in text
    assert "Screening aan de buitengrens langer dan de termijn" in text
    assert "art. 8, derde lid, Screeningsverordening" in text
    assert shown_english(report, text) == []
    assert ENGLISH.findall(text) == []
    assert CODES.findall(text) == []
    english = dutch_text(report_document(report, "en"))
    assert ENGLISH.findall(english)  # the checks can fail: the English report has them
    assert "Signals by channel" in shown_english(report, english)


def pdf_strings(pdf: bytes) -> bytes:
    """The PDF's objects as bytes, its compressed streams opened (the outline's titles are
    among them)."""
    found = [pdf]
    for match in re.finditer(rb"stream\r?\n", pdf):
        end = pdf.find(b"endstream", match.end())
        try:
            found.append(zlib.decompress(pdf[match.end() : end]))
        except zlib.error:
            continue
    return b"".join(found)


def test_the_pdf_renders_with_its_dutch_headings(full: Register) -> None:
    pdf = report_pdf(make(full, scope="joint", public=True), "nl")
    assert pdf.startswith(b"%PDF-")
    inside = pdf_strings(pdf)
    assert b"/Title (Jaarverslag 2026 van het monitoringsmechanisme)" in inside
    assert b"/Title (Ontvangen signalen)" in inside
    assert b"/Title (Inspecties)" in inside
    assert b"/Title (Indicatoren uit de zaakgegevens)" in inside
    assert b"/Lang (nl)" in inside

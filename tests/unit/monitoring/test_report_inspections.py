"""The inspections section of the annual report, worked by hand from two bodies' counts.

The Inspectie planned 6 visits for 2026 (2 to be unannounced), carried out 5 (3 unannounced)
and cancelled 1; it made 7 recommendations: 3 to the IND, 4 to DJI; 4 were answered on time,
1 late, 2 still awaited of which 1 past its due day. The College planned 2 (none unannounced),
carried out 2 (1 unannounced), cancelled none, made 2 recommendations to COA: 1 answered on
time, 1 awaited and not yet due.
"""

from __future__ import annotations

from datetime import date

import pytest

from migrationpact.monitoring.inspections.data import default_response_limits
from migrationpact.monitoring.inspections.summary import InspectionSummary
from migrationpact.monitoring.report.inspections import (
    AUTHORITIES,
    inspection_section,
    limits_verified,
)
from migrationpact.monitoring.report.model import CountTable, Section

DAY = date(2026, 12, 21)
INSPECTIE = InspectionSummary(
    "InspectieJenV", 2026, DAY, planned=6, planned_unannounced=2, cancelled=1, carried_out=5,
    carried_out_unannounced=3, recommendations=7, by_authority={"IND": 3, "DJI": 4},
    responded_on_time=4, responded_late=1, open=2, overdue=1,
)  # fmt: skip
CRM = InspectionSummary(
    "CRM", 2026, DAY, planned=2, carried_out=2, carried_out_unannounced=1, recommendations=2,
    by_authority={"COA": 2}, responded_on_time=1, open=1,
)  # fmt: skip


def grid(section: Section, table_id: str) -> list[tuple[str, tuple[object, ...]]]:
    table = next(t for t in section.tables if t.id == table_id)
    assert isinstance(table, CountTable)
    return [(row.label.en, row.cells) for row in table.rows]


def test_one_bodys_section_has_one_column() -> None:
    section = inspection_section([INSPECTIE], 2026)
    assert grid(section, "inspections-visits") == [
        ("planned for the year", (6,)),
        ("of which to be unannounced", (2,)),
        ("carried out", (5,)),
        ("of which unannounced", (3,)),
        ("cancelled", (1,)),
    ]
    assert grid(section, "inspections-recommendations") == [
        ("Immigration and Naturalisation Service (IND)", (3,)),
        ("Royal Netherlands Marechaussee", (0,)),
        ("Central Agency for the Reception of Asylum Seekers (COA)", (0,)),
        ("Custodial Institutions Agency (DJI)", (4,)),
        ("Repatriation and Departure Service (DTenV)", (0,)),
        ("Total", (7,)),
    ]
    assert grid(section, "inspections-responses") == [
        ("answered on time", (4,)),
        ("answered late", (1,)),
        ("awaited, not yet due", (1,)),
        ("awaited, past the due day", (1,)),
        ("Total", (7,)),
    ]


def test_the_joint_section_has_a_column_per_body_and_their_sum() -> None:
    section = inspection_section([INSPECTIE, CRM], 2026)
    visits = grid(section, "inspections-visits")
    assert visits[0] == ("planned for the year", (6, 2, 8))
    assert visits[3] == ("of which unannounced", (3, 1, 4))
    recommendations = grid(section, "inspections-recommendations")
    assert recommendations[2][1] == (0, 2, 2)  # COA: the College's two
    assert recommendations[-1] == ("Total", (7, 2, 9))
    responses = grid(section, "inspections-responses")
    assert responses[0][1] == (4, 1, 5)
    assert responses[2][1] == (1, 1, 2)
    assert responses[-1] == ("Total", (7, 2, 9))
    table = next(t for t in section.tables if t.id == "inspections-visits")
    assert [c.en for c in table.columns] == [
        "Inspectie Justitie en Veiligheid", "College voor de Rechten van de Mens", "Total"
    ]  # fmt: skip


def test_every_text_is_dutch_too_and_the_authorities_are_words() -> None:
    section = inspection_section([INSPECTIE, CRM], 2026)
    assert section.title.nl == "Inspecties"
    assert AUTHORITIES["DTenV"].nl == "Dienst Terugkeer en Vertrek (DTenV)"
    for table in section.tables:
        assert isinstance(table, CountTable)
        for words in (table.caption, table.head, *table.columns, *(r.label for r in table.rows)):
            assert words.nl
            assert words.en


def test_an_authority_without_words_is_refused_not_dropped() -> None:
    odd = InspectionSummary("CRM", 2026, DAY, recommendations=1, by_authority={"XYZ": 1})
    with pytest.raises(ValueError, match="XYZ"):
        inspection_section([odd], 2026)


def test_the_note_says_the_response_limit_is_unverified_while_it_is() -> None:
    assert limits_verified(2026, default_response_limits()) is False
    assert inspection_section([CRM], 2026).notes
    assert inspection_section([CRM], 2026, verified=True).notes == ()

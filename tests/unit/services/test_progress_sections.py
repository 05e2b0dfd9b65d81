"""The progress report's tables from counts worked out by hand: the share in time of those whose
end has come (running ones left out), a total row only where rows add up, the share of
emergency places, and the bill's stages up to the day of the report."""

from __future__ import annotations

from datetime import date

import pytest

from migrationpact.law.legal_basis import LegalBasis
from migrationpact.law.legislation import load_bill
from migrationpact.monitoring.intake import Words
from migrationpact.services.progress_sections import outcome_table, places_table, stages_table
from migrationpact.store.progress import Outcomes

BASIS = [LegalBasis("SR", "8", "3")]
LABEL = Words(en="border", nl="grens")


def test_the_share_in_time_leaves_out_what_still_runs() -> None:
    # 3 in time, 1 late, 1 lapsed, 1 open past its end, 4 running, 2 cancelled: 3 of 6.
    border = Outcomes(in_time=3, late=1, lapsed=1, overdue=1, running=4, cancelled=2)
    territory = Outcomes(in_time=2)
    table = outcome_table(
        "t", LABEL, [(LABEL, border), (LABEL, territory)], definition=LABEL, basis=BASIS
    )
    assert [row.cells for row in table.rows] == [
        (3, 1, 1, 1, 4, 2),
        (2, 0, 0, 0, 0, 0),
        (5, 1, 1, 1, 4, 2),
    ]
    assert table.figures[0].values == pytest.approx((3 / 6, 1.0, 5 / 8))
    assert table.total_row
    assert table.note is not None
    assert table.note.nl.endswith("Wettelijke grondslag: art. 8, derde lid, Screeningsverordening.")


def test_one_rule_has_no_total_and_no_share_before_any_end() -> None:
    table = outcome_table("t", LABEL, [(LABEL, Outcomes(running=3))], definition=LABEL, basis=BASIS)
    assert not table.total_row
    assert len(table.rows) == 1
    assert table.figures[0].values == (None,)


def test_the_share_of_emergency_places() -> None:
    table = places_table({True: 30, False: 270}, [Words(en="Emergency", nl="Noodopvang")])
    assert [row.cells for row in table.rows] == [(30,), (270,), (300,)]
    assert table.figures[0].values == pytest.approx((0.1, 0.9, 1.0))
    empty = places_table({}, [])
    assert empty.figures[0].values == (None, None, None)


def test_the_stages_reached_by_the_day_of_the_report() -> None:
    bill = load_bill("36871")
    before = stages_table(bill, date(2025, 10, 22))
    assert [line[0] for line in before.lines] == [date(2024, 12, 20), date(2025, 10, 22)]
    assert len(stages_table(bill, date(2026, 12, 5)).lines) == len(bill.stages)

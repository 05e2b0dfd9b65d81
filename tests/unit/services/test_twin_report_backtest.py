"""The report's "Back-test" section (``services.twin_report_backtest``): for a back-test run it
stands after the results and shows each published figure against the simulated one, the verdict
against the tolerance and two charts, in both languages; other runs have no such section."""

from __future__ import annotations

import dataclasses
from datetime import date

from migrationpact.monitoring.intake import Words
from migrationpact.monitoring.report.model import ListTable
from migrationpact.services.twin_report_backtest import scenario_report as run_report
from migrationpact.services.twin_report_document import twin_document
from migrationpact.twin.figures import Figure
from tests.unit.twin.helpers import backtest_runs

MADE = date(2026, 12, 5)


def _said(cell: object, language: str) -> str:
    assert isinstance(cell, Words | str), cell
    return cell if isinstance(cell, str) else getattr(cell, language)


def test_a_backtest_run_has_the_section_after_the_results() -> None:
    # At 1 in 2: decisions 92 against 100 (calibration), 42 against 40; residents 202 against 200.
    report = run_report(backtest_runs([[24, 20], [26, 22]], [[99, 0], [101, 0]], 0.5), MADE)
    ids = [p.section.id for p in report.parts]
    assert ids[ids.index("results") + 1] == "backtest"
    part = report.parts[ids.index("backtest")]
    table = part.section.tables[0]
    assert isinstance(table, ListTable)
    lines = [[_said(c, "en") for c in line] for line in table.lines]
    assert lines[0][:4] == ["first-instance decisions", "2026", "calibration", "100"]
    assert lines[0][5] == "-8.0 %"
    assert lines[1][:4] == ["first-instance decisions", "2026-08", "hold-out", "40"]
    assert lines[1][4].startswith("42.0 (")  # the mean and its band
    assert lines[1][5:] == ["+5.0 %", "yes"]
    assert lines[2][0] == "reception occupancy"
    assert _said(table.lines[1][5], "nl") == "+5,0 %"
    notes = [n.en for n in part.section.notes]
    assert notes[0].startswith(
        "first-instance decisions: the mean absolute percentage error on the hold-out points is "
        "5.0 %, within the tolerance of 15.0 %"
    )
    assert "1 in 2 people" in notes[3]
    assert [c.id for c in part.charts] == ["chart-backtest-decisions", "chart-backtest-occupancy"]
    published = part.charts[0].series[1].mean
    assert published == (50.0, 40.0)  # the year's 100 as its monthly mean; August's own 40
    assert part.verbatim[0].lines[-1][1] == "a test"  # the tolerance's reason, as written


def test_a_failing_backtest_says_so_in_both_languages() -> None:
    report = run_report(backtest_runs([[24, 10], [26, 12]], [[99, 0], [101, 0]], 0.5), MADE)
    part = next(p for p in report.parts if p.section.id == "backtest")
    assert "OUTSIDE the tolerance of 15.0 %" in part.section.notes[0].en
    assert "BUITEN de tolerantie van 15,0 %" in part.section.notes[0].nl
    dutch = twin_document(report, "nl")
    assert "<h2>Terugtoets</h2>" in dutch or ">Terugtoets<" in dutch
    assert 'id="chart-backtest-occupancy"' in dutch
    assert 'id="report-backtest-sources"' in dutch
    english = twin_document(report, "en")
    assert "Back-test" in english


def test_a_run_starting_with_people_in_the_chain_does_not_say_it_starts_empty() -> None:
    runs = backtest_runs([[24, 20], [26, 22]], [[99, 0], [101, 0]], 0.5)
    empty = run_report(runs, MADE).parts[-1].section.notes
    assert empty[0].en.startswith("The twin starts empty")
    filled = dataclasses.replace(
        runs.scenario, initial={"ind_backlog": Figure("b", 5, "V", "aida_stats")}
    )
    runs = dataclasses.replace(runs, scenario=filled)
    assert run_report(runs, MADE).parts[-1].section.notes == empty[1:]


def test_another_run_has_no_backtest_section() -> None:
    runs = backtest_runs([[24, 20], [26, 22]], [[99, 0], [101, 0]], 0.5)
    plain = dataclasses.replace(runs, scenario=dataclasses.replace(runs.scenario, backtest=None))
    assert "backtest" not in [p.section.id for p in run_report(plain, MADE).parts]

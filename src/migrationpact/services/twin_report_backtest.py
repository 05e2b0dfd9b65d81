"""The "Back-test" section of the chain-effects report, for a run of a back-test scenario.

``scenario_report(runs, made_on)`` is the chain-effects report of a run with, for a back-test
scenario, this section after the results. ``backtest_part(runs)`` compares the run with the
published figures of its scenario (``twin.backtest.backtest``) and says it in both languages:
a table with a line per published figure (what, period, calibration or hold-out, published,
simulated with its 95 % band, the error, inside the band or not); per comparison the hold-out
MAPE against the stated tolerance, the error beyond the run's own noise and the error on the
calibration points; the limits of replaying the years before the Pact; and two charts
(``services.charts.band_chart`` through the report's ``ChartPlan``): the decisions and the
reception occupancy per month, simulated with their band, the published figures as points (a
year's figure as its monthly mean). The tolerance's reason and the sources of the published
figures are scenario data, shown as written (``Verbatim``).
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np

from migrationpact.monitoring.intake import Words
from migrationpact.monitoring.report.model import ListCell, ListTable, Section
from migrationpact.services.progress_words import _, month
from migrationpact.services.twin_report import (
    Cell,
    ChartPlan,
    Part,
    Series,
    TwinReport,
    Verbatim,
    monthly,
    months_of,
    run_report,
)
from migrationpact.services.twin_report_flows import flows_part
from migrationpact.services.twin_report_words import (
    BACKTEST_USE,
    BACKTEST_WHAT,
    STATUS,
    banded,
    count,
    exact,
    percent,
)
from migrationpact.twin.backtest import OUTPUTS, Result, backtest
from migrationpact.twin.montecarlo import Runs

#: The chart of each comparison: its title and the unit of its axis.
CHARTS = {
    "decisions": (_("First-instance decisions per month: simulated and published"),
                  _("Decisions")),
    "occupancy": (_("Reception occupancy per month: simulated and published"), _("Residents")),
}  # fmt: skip


def _monthly_total(runs: Runs, what: str) -> np.ndarray:
    """Replications by months: the outputs a comparison adds up, at full scale."""
    data = np.zeros((len(runs.replications), runs.scenario.months))
    for name in runs.names():
        if name in OUTPUTS[what] or any(name.startswith(p) for p in OUTPUTS[what] if p[-1] == "."):
            data += runs.stacked(name)
    return data / runs.scenario.scale


def _chart(runs: Runs, result: Result, what: str) -> ChartPlan:
    months = months_of(runs.scenario)
    mean, low, high = monthly(_monthly_total(runs, what))
    published = [math.nan] * len(months)
    # a year as its monthly mean; a month's own figure drawn over it (so years first)
    for row in sorted(result.rows, key=lambda r: -r.point.months):
        p = row.point
        if p.what == what:
            for m in range(p.first, p.first + p.months):
                published[m] = row.published / (p.months if what == "decisions" else 1)
    title, unit = CHARTS[what]
    series = (
        Series(_("simulated"), mean, low, high),
        Series(_("published"), tuple(published)),
    )
    return ChartPlan(f"chart-backtest-{what}", title, unit, months, series)


def _table(result: Result) -> ListTable:
    lines: list[tuple[ListCell, ...]] = []
    for r in result.rows:
        p = r.point
        lines.append(
            (
                BACKTEST_WHAT[p.what],
                p.period,
                BACKTEST_USE[p.use],
                exact(r.published),
                banded(r.mean, r.low, r.high, result.replications),
                percent(r.error, signed=True),
                _("yes") if r.inside else _("no"),
            )
        )
    return ListTable(
        id="backtest-points",
        caption=_("Published and simulated figures"),
        columns=(_("Compared"), _("Period"), _("Use"), _("Published"),
                 _("Simulated: mean (95 % band)"), _("Error"), _("Inside the band")),
        lines=tuple(lines),
        empty=_("No published figure to compare with."),
    )  # fmt: skip


def _verdicts(result: Result) -> tuple[Words, ...]:
    found = []
    for what in result.whats():
        values = {
            "what": BACKTEST_WHAT[what],
            "mape": percent(result.mape(what)),
            "tolerance": percent(result.tolerance),
            "noise": percent(result.mape_beyond_noise(what)),
            "calibration": percent(result.mape(what, "calibration")),
        }
        if result.passed(what):
            found.append(_("%(what)s: the mean absolute percentage error on the hold-out points "
                           "is %(mape)s, within the tolerance of %(tolerance)s (beyond the run's "
                           "own noise %(noise)s; on the calibration points %(calibration)s).",
                           **values))  # fmt: skip
        else:
            found.append(_("%(what)s: the mean absolute percentage error on the hold-out points "
                           "is %(mape)s, OUTSIDE the tolerance of %(tolerance)s (beyond the run's "
                           "own noise %(noise)s; on the calibration points %(calibration)s).",
                           **values))  # fmt: skip
    return tuple(found)


def _sources(runs: Runs, result: Result) -> Verbatim:
    s = runs.scenario
    lines: list[tuple[Cell, ...]] = []
    for r in result.rows:
        f = r.point.published
        source = s.sources[f.source]
        lines.append((f.name, exact(f.value), STATUS[f.status], f.source, source["url"],
                      source["date"]))  # fmt: skip
    lines.append((_("The tolerance's reason, as the scenario states it"), result.reason, "", "",
                  "", ""))  # fmt: skip
    return Verbatim(
        id="backtest-sources",
        caption=_("The published figures compared, with status and source"),
        columns=(_("Figure"), _("Value"), _("Status"), _("Source"), _("Address"), _("Date")),
        lines=tuple(lines),
    )


def backtest_part(runs: Runs) -> Part:
    """The back-test section of a run of a back-test scenario (see the module text)."""
    result = backtest(runs)
    scale = runs.scenario.scale
    intro = _("The run replays the months from %(first)s from the published first applications, "
              "starting from the published IND backlog and reception residents, and is compared "
              "with the published figures below. A figure a scenario figure was derived from is "
              "a calibration point; the others are held out. The test: the mean absolute "
              "percentage error of the hold-out points is at most the tolerance.",
              first=month(months_of(runs.scenario)[0]))  # fmt: skip
    notes = (
        *_verdicts(result),
        _("The error is simulated / published - 1. A band is the simulation's own randomness "
          "for fixed figures; whether a published figure lies inside it is shown, not tested. "
          "The error beyond the run's own noise leaves out two standard errors of the "
          "simulated mean: what a small run can show."),
        _("Simulated: 1 in %(people)s people, the counts scaled back.",
          people=count(round(1 / scale))),
        _("2023–2025 were before the Pact: the applications are routed to the national "
          "procedure, which the rule book does not hold (no border procedure, Dublin III "
          "periods); the national decision term (6 months, extended to 15 and at most 21) is "
          "not simulated, its lapse changes no one's path. The IND's output is the binding "
          "constraint, held at its 2023 level; family reunification and repeat applications "
          "are not simulated."),
    )  # fmt: skip
    charts = tuple(_chart(runs, result, what) for what in result.whats())
    section = Section("backtest", _("Back-test"), intro, (_table(result),), notes=notes)
    return Part(section, charts, (_sources(runs, result),))


def scenario_report(runs: Runs, made_on: date) -> TwinReport:
    """The chain-effects report of a run; for a back-test scenario with its back-test part, for
    one with other flows with their part (``services.twin_report_flows``)."""
    parts = [backtest_part(runs)] if runs.scenario.backtest is not None else []
    flows = flows_part(runs)
    return run_report(runs, made_on, checked=(*parts, *([flows] if flows else [])))

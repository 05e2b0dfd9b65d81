"""The chain-effects report of a twin run: what it says, in both languages, before any HTML.

``run_report(runs)`` turns one scenario's replications (``twin.montecarlo.Runs``) into a
``TwinReport``: a title, opening lines and parts. A part is a section of the reports' model
(``monitoring.report.model``: heading, intro, tables, notes), the charts drawn beside its
tables, and tables of verbatim scenario data (figure names, source URLs: shown as written in
the scenario file). In order: the method (production rules, Monte Carlo, the seeds), the law
(edition and amendments), the results over the horizon with 95 % bands, for a back-test
scenario its comparison with the published figures (``services.twin_report_backtest``, which
gives it as ``checked``), then
month by month the backlogs, lead times per phase, deadline lapses and their consequences,
border-procedure occupancy against the capacity, reception occupancy by type and the Dublin
shelter places needed, the sources and status (V/D/E) of every figure, and what the twin does
not model. A comparison (``services.twin_report_compare``) is built from the same parts.

Every figure in a table is computed here from ``Runs`` with ``twin.montecarlo.band``, the same
as the summary and ``series.csv``; the document (``services.twin_report_document``) only
writes it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from migrationpact.monitoring.intake import Words
from migrationpact.monitoring.report.model import ListCell, ListTable, Section
from migrationpact.services.progress_words import _, day, month
from migrationpact.services.twin_report_words import (
    STATUS,
    banded,
    consequence_words,
    count,
    exact,
    headlines,
    label,
    not_modelled,
    number,
    rule_words,
)
from migrationpact.twin.amendments import book_until
from migrationpact.twin.kernel import month_starts
from migrationpact.twin.montecarlo import Runs, band
from migrationpact.twin.scenario import Scenario

Cell = Words | str  # a ``str`` cell is verbatim scenario data


@dataclass(frozen=True)
class Series:
    """One line of a chart: its label and per month the mean and its band."""

    label: Words
    mean: tuple[float, ...]
    low: tuple[float, ...] | None = None
    high: tuple[float, ...] | None = None


@dataclass(frozen=True)
class ChartPlan:
    """A chart to draw beside a part's tables (``services.charts.band_chart``)."""

    id: str
    title: Words
    y_label: Words
    months: tuple[date, ...]
    series: tuple[Series, ...]


@dataclass(frozen=True)
class Verbatim:
    """A table holding scenario data as written (figure names, URLs); Words cells are said."""

    id: str
    caption: Words
    columns: tuple[Words, ...]
    lines: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Part:
    section: Section
    charts: tuple[ChartPlan, ...] = ()
    verbatim: tuple[Verbatim, ...] = ()


@dataclass(frozen=True)
class TwinReport:
    title: Words
    scenarios: tuple[Scenario, ...]  # named in the opening lines by their own title
    lead: tuple[Words, ...]
    parts: tuple[Part, ...]


def months_of(scenario: Scenario) -> tuple[date, ...]:
    return tuple(month_starts(scenario.start, scenario.months)[:-1])


def monthly(data: np.ndarray) -> tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]]:
    """Per month (a column of ``data``, replications by months) the mean and its band."""
    bands = [band(data[:, m]) for m in range(data.shape[1])]
    return tuple(b[0] for b in bands), tuple(b[1] for b in bands), tuple(b[2] for b in bands)


def series_of(runs: Runs, code: str) -> Series:
    mean, low, high = monthly(runs.stacked(code))
    return Series(label(code), mean, low, high)


def flat(value: float, months: int, words: Words) -> Series:
    """A constant line without a band (a capacity)."""
    return Series(words, (value,) * months)


def month_table(
    table_id: str, caption: Words, months: Sequence[date], series: Sequence[Series], n: int
) -> ListTable:
    """The table beside a chart: a line per month, a column per series ('mean (band)')."""
    lines: list[tuple[ListCell, ...]] = []
    for m, first in enumerate(months):
        cells: list[ListCell] = [month(first)]
        for s in series:
            if s.low is None or s.high is None:
                cells.append(number(s.mean[m]))
            else:
                cells.append(banded(s.mean[m], s.low[m], s.high[m], n))
        lines.append(tuple(cells))
    return ListTable(
        id=table_id,
        caption=caption,
        columns=(_("Month"), *(s.label for s in series)),
        lines=tuple(lines),
        empty=_("Nothing in this period."),
    )


def chart_part(
    section_id: str,
    title: Words,
    intro: Words,
    months: tuple[date, ...],
    series: Sequence[Series],
    n: int,
    y_label: Words,
    notes: tuple[Words, ...] = (),
) -> Part:
    """A section with one chart and, beside it, the same figures as a table."""
    chart = ChartPlan(f"chart-{section_id}", title, y_label, months, tuple(series))
    table = month_table(f"{section_id}-months", title, months, series, n)
    return Part(Section(section_id, title, intro, (table,), notes=notes), (chart,))


def method_part(runs: Sequence[Runs]) -> Part:
    first = runs[0]
    n = len(first.replications)
    seeds = ListTable(
        id="seeds",
        caption=_("The replications and their seeds"),
        columns=(_("Replication"), _("Seed"), _("Simulated people"), _("Case events decided")),
        lines=tuple(
            (str(k), str(r.seed), count(r.people), count(r.events))
            for k, r in enumerate(first.replications, start=1)
        ),
        empty=_("No replication."),
    )
    notes = (
        _("Every simulated person is a case decided by the production rules: the same state "
          "machine, rule book and routing that handle real cases, run in memory; each deadline "
          "runs and lapses with the consequence the law attaches."),
        _("People arrive month by month as a Poisson process; staff, border places, courts and "
          "reception places are resources with the scenario's capacity (discrete-event "
          "simulation with SimPy)."),
        _("Monte Carlo: %(n)s replications from seed %(seed)s; replication k gets the k-th seed "
          "spawned from the run's seed, so the run is reproducible bit for bit.",
          n=str(n), seed=str(first.seed)),
        _("A band (95 % band) is the confidence interval of the mean over the replications "
          "(Student's t); with one replication there is no band."),
    )  # fmt: skip
    return Part(Section("method", _("Method"), None, (seeds,), notes=notes))


def _amendment_line(scenario: Scenario, index: int) -> tuple[ListCell, ...]:
    a = scenario.amendments[index]
    book = book_until(scenario.edition)
    if a.kind == "period":
        what = _("%(rule)s becomes %(length)s", rule=rule_words(book, a.rule or ""),
                 length=a.length or "")  # fmt: skip
        return (_("a changed national period"), what, a.valid_from or "\u2013")
    if a.kind == "border-capacity":
        f = a.figures
        what = _("border places %(places)s, annual maximum %(maximum)s",
                 places=exact(f["border_places"].value),
                 maximum=exact(f["border_annual_maximum"].value))  # fmt: skip
        return (_("another border capacity"), what, "\u2013")
    crisis = str(a.data.get("id", ""))
    return (_("a crisis decision"), _("decision %(id)s", id=crisis), "\u2013")


def law_part(scenarios: Sequence[Scenario]) -> Part:
    tables = []
    for k, s in enumerate(scenarios, start=1):
        tables.append(
            ListTable(
                id=f"law-{k}",
                caption=_("Amendments in scenario %(name)s", name=s.name),
                columns=(_("Kind"), _("What changes"), _("From")),
                lines=tuple(_amendment_line(s, i) for i in range(len(s.amendments))),
                empty=_("No amendment: the rule book as it stood on its edition day."),
            )
        )
    editions = "; ".join(f"{s.name}: {s.edition.isoformat()}" for s in scenarios)
    intro = _("The rule book edition used (scenario: edition day): %(editions)s. A later "
              "edition or an amendment changes the deadlines of the cases started under it.",
              editions=editions)  # fmt: skip
    return Part(Section("law", _("The law used"), intro, tuple(tables)))


def headline_part(runs: Runs) -> Part:
    n = len(runs.replications)
    lines: list[tuple[ListCell, ...]] = []
    for code in headlines(runs.scenario):
        mean, low, high = band(runs.total(code))
        lines.append((label(code), banded(mean, low, high, n)))
    table = ListTable(
        id="headlines",
        caption=_("Outputs over the whole horizon: mean (95 % band)"),
        columns=(_("Output"), _("Mean (95 % band)")),
        lines=tuple(lines),
        empty=_("Nothing in this period."),
    )
    intro = _("Counts are summed over the months; an occupancy or a number of days is the mean "
              "of the months.")  # fmt: skip
    return Part(Section("results", _("Results over the horizon"), intro, (table,)))


def lapse_part(runs: Runs) -> Part:
    n = len(runs.replications)
    book = book_until(runs.scenario.edition)
    rules = [x for x in runs.names() if x.startswith("lapses.")]
    by_rule = ListTable(
        id="lapses-by-rule",
        caption=_("Deadlines lapsed over the horizon, by rule"),
        columns=(_("Rule"), _("Mean (95 % band)")),
        lines=tuple(
            (rule_words(book, x.removeprefix("lapses.")), banded(*band(runs.total(x)), n))
            for x in rules
        ),
        empty=_("No deadline lapsed."),
    )
    codes = [x for x in runs.names() if x.startswith("consequences.")]
    by_consequence = ListTable(
        id="lapses-by-consequence",
        caption=_("Deadlines lapsed over the horizon, by consequence"),
        columns=(_("Consequence"), _("Mean (95 % band)")),
        lines=tuple(
            (consequence_words(x.removeprefix("consequences.")), banded(*band(runs.total(x)), n))
            for x in codes
        ),
        empty=_("No deadline lapsed."),
    )
    months = months_of(runs.scenario)
    series = [series_of(runs, c) for c in ("dublin.responsibility_shifted", "appeals.late")]
    title = _("Transfers lapsing into Dutch responsibility, and late appeals, per month")
    part = chart_part("lapses", title, _("A lapse has the consequence the rule book attaches."),
                      months, series, n, _("People"))  # fmt: skip
    section = part.section
    tables = (by_rule, by_consequence, *section.tables)
    return Part(Section(section.id, _("Deadline lapses and their consequences"), section.intro,
                        tables), part.charts)  # fmt: skip


def _border_places(scenario: Scenario) -> float:
    border = {a.kind: a for a in scenario.amendments}.get("border-capacity")
    figures = border.figures if border else scenario.figures
    return figures["border_places"].value


def monthly_parts(runs: Runs) -> list[Part]:
    """The parts with a chart per month: backlogs, lead times, border, reception, Dublin."""
    n = len(runs.replications)
    months = months_of(runs.scenario)
    names = runs.names()
    phases = [c for c in names if c.startswith("level.phase.") and c != "level.phase.border"]
    leads = [c for c in names if c.startswith("days.phase.")] + ["days.arrival_to_decision"]
    types = [c for c in names if c.startswith("level.reception.") and c != "level.reception.DOL"]
    places = number(_border_places(runs.scenario))
    dol = runs.scenario.reception.get("DOL")
    dol_series = [series_of(runs, "level.reception.DOL")]
    if dol is not None:
        dol_series.append(flat(dol.value, len(months), _("Dublin shelter places in the scenario")))
    return [
        chart_part("backlogs", _("Backlogs per month (mean number present)"),
                   _("The people in each phase of the chain, averaged over the month."),
                   months, [series_of(runs, c) for c in phases], n, _("People")),
        chart_part("lead-times", _("Lead times per phase (mean days)"),
                   _("The mean days spent in a phase by those who left it in the month."),
                   months, [series_of(runs, c) for c in leads], n, _("Days")),
        lapse_part(runs),
        chart_part("border", _("Border-procedure occupancy against its capacity"),
                   _("The people in the border procedure against the adequate capacity of "
                     "%(places)s places.", places=places),
                   months, [series_of(runs, "level.phase.border"),
                            flat(_border_places(runs.scenario), len(months),
                                 _("Border-procedure places"))], n, _("People")),
        chart_part("reception", _("Reception occupancy by location type"),
                   _("Mean residents per location type; who finds a type full is counted in "
                     "emergency reception."), months,
                   [series_of(runs, c) for c in types], n, _("Residents")),
        chart_part("dublin-shelter", _("Dublin shelter places needed"),
                   _("Mean residents of the Dublin shelters (DOL) against their places."),
                   months, dol_series, n, _("Residents")),
    ]  # fmt: skip


def sources_part(scenarios: Sequence[Scenario]) -> Part:
    tables = []
    for k, s in enumerate(scenarios, start=1):
        tables.append(
            Verbatim(
                id=f"figures-{k}",
                caption=_("Figures of scenario %(name)s, with status and source", name=s.name),
                columns=(
                    _("Figure"),
                    _("Value"),
                    _("Status"),
                    _("Source"),
                    _("Address"),
                    _("Date"),
                ),
                lines=tuple(
                    (
                        f.name,
                        exact(f.value),
                        STATUS[f.status],
                        f.source,
                        s.sources[f.source]["url"],
                        s.sources[f.source]["date"],
                    )
                    for f in s.all_figures()
                ),
            )
        )
    estimates = sorted({e for s in scenarios for e in s.estimates()})
    notes = (
        _("%(count)s figures are estimates (status E); so is every output resting on them. "
          "Replace them before presenting an output as fact.", count=str(len(estimates))),
    ) if estimates else (_("Every figure has a verified or derived source."),)  # fmt: skip
    intro = _("Every figure of the scenario with its status: V seen in the source, D derived "
              "from seen figures, E estimated.")  # fmt: skip
    return Part(Section("sources", _("Sources and status of the figures"), intro,
                        notes=notes), verbatim=tuple(tables))  # fmt: skip


def not_modelled_part(*scenarios: Scenario) -> Part:
    """What the twin leaves out of ``scenarios`` (``twin_report_words.not_modelled``: a scenario
    with people in the chain at its start does not start empty, one with the other flows or a
    housing quota has other simplifications)."""
    notes = not_modelled(scenarios)
    return Part(Section("not-modelled", _("What the twin does not model"), None,
                        notes=notes))  # fmt: skip


def lead_lines(runs: Runs, made_on: date) -> tuple[Words, ...]:
    s = runs.scenario
    return (
        _("From %(first)s, %(months)s months; %(n)s replications from seed %(seed)s.",
          first=month(s.start), months=str(s.months), n=str(len(runs.replications)),
          seed=str(runs.seed)),
        _("Made on %(day)s.", day=day(made_on)),
    )  # fmt: skip


def run_report(runs: Runs, made_on: date, checked: tuple[Part, ...] = ()) -> TwinReport:
    """The chain-effects report of one scenario's run (see the module text); ``checked``: the
    parts after the results of its scenario (a back-test's comparison, the other flows,
    ``services.twin_report_backtest.scenario_report``)."""
    s = runs.scenario
    return TwinReport(
        title=_("Chain-effects report: scenario %(name)s", name=s.name),
        scenarios=(s,),
        lead=lead_lines(runs, made_on),
        parts=(
            method_part([runs]),
            law_part([s]),
            headline_part(runs),
            *checked,
            *monthly_parts(runs),
            sources_part([s]),
            not_modelled_part(s),
        ),
    )

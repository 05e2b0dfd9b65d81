"""The chain-effects report of a comparison: ALT against BASE, differences with bands.

``compare_report(base, alt)`` takes two runs made with the same seed and number of replications
(common random numbers: the same people arrive in both) and builds a ``TwinReport``
(``services.twin_report``) with the method, the law of both scenarios, a table of every
headline output and deadline lapse with BASE, ALT and ALT - BASE banded replication by
replication (``twin.montecarlo.band`` of the paired differences, as ``twin compare`` prints),
charts of the differences per month with the same figures in a table beside each, the sources
of both scenarios and what the twin does not model.
"""

from __future__ import annotations

from datetime import date

from migrationpact.monitoring.intake import Words
from migrationpact.monitoring.report.model import ListCell, ListTable, Section
from migrationpact.services.progress_words import _
from migrationpact.services.twin_report import (
    Part,
    Series,
    TwinReport,
    chart_part,
    law_part,
    lead_lines,
    method_part,
    monthly,
    months_of,
    not_modelled_part,
    sources_part,
)
from migrationpact.services.twin_report_words import (
    banded,
    headlines,
    label,
    number,
    rule_words,
)
from migrationpact.twin.amendments import book_until
from migrationpact.twin.montecarlo import Runs, band

#: The charts of the differences per month: (id, title, outputs).
DIFFERENCE_CHARTS = (
    ("difference-backlogs", _("Difference in backlogs per month (alternative minus base)"),
     ("level.phase.ind_backlog", "level.phase.border")),
    ("difference-lapses", _("Difference in lapses per month (alternative minus base)"),
     ("dublin.responsibility_shifted", "appeals.late")),
    ("difference-reception", _("Difference in reception per month (alternative minus base)"),
     ("level.reception.DOL", "level.reception.NOODOPVANG", "level.reception.AZC")),
)  # fmt: skip


def check_paired(base: Runs, alt: Runs) -> None:
    if base.seed != alt.seed or len(base.replications) != len(alt.replications):
        raise ValueError("a comparison needs the same seed and number of replications")
    if months_of(base.scenario) != months_of(alt.scenario):
        raise ValueError("a comparison needs the same months in both scenarios")


def difference_rows(base: Runs, alt: Runs) -> list[tuple[str, Words]]:
    """The outputs compared, by code and label: the headlines, then every rule that lapsed."""
    book = book_until(alt.scenario.edition)
    rows = [(code, label(code)) for code in headlines(base.scenario, alt.scenario)]
    lapses = sorted(x for x in {*base.names(), *alt.names()} if x.startswith("lapses."))
    rows += [
        (x, _("lapsed: %(rule)s", rule=rule_words(book, x.removeprefix("lapses.")))) for x in lapses
    ]
    return rows


def difference_part(base: Runs, alt: Runs) -> Part:
    n = len(base.replications)
    lines: list[tuple[ListCell, ...]] = []
    for code, words in difference_rows(base, alt):
        b, a = base.total(code), alt.total(code)
        lines.append(
            (
                words,
                number(band(b)[0]),
                number(band(a)[0]),
                banded(*band(a - b), n),
            )
        )
    table = ListTable(
        id="differences",
        caption=_("Outputs over the whole horizon: base, alternative and the difference"),
        columns=(
            _("Output"),
            _("Base (mean)"),
            _("Alternative (mean)"),
            _("Alternative minus base (95 % band)"),
        ),
        lines=tuple(lines),
        empty=_("Nothing in this period."),
    )
    intro = _("The difference is banded replication by replication: both scenarios ran with "
              "the same seeds, so the same people arrived in both and the band shows the effect "
              "of the change, not the noise of two runs.")  # fmt: skip
    return Part(Section("differences", _("Differences over the horizon"), intro, (table,)))


def difference_series(base: Runs, alt: Runs, code: str) -> Series:
    mean, low, high = monthly(alt.stacked(code) - base.stacked(code))
    return Series(label(code), mean, low, high)


def compare_report(base: Runs, alt: Runs, made_on: date) -> TwinReport:
    """The chain-effects report of ALT against BASE (see the module text)."""
    check_paired(base, alt)
    n = len(base.replications)
    months = months_of(base.scenario)
    charts = [
        chart_part(chart_id, title,
                   _("Alternative minus base, per month, with the 95 % band of the paired "
                     "differences."),
                   months, [difference_series(base, alt, c) for c in codes], n,
                   _("Difference"))
        for chart_id, title, codes in DIFFERENCE_CHARTS
    ]  # fmt: skip
    scenarios = (base.scenario, alt.scenario)
    return TwinReport(
        title=_(
            "Chain-effects report: %(alt)s compared with %(base)s",
            alt=alt.scenario.name,
            base=base.scenario.name,
        ),
        scenarios=scenarios,
        lead=lead_lines(base, made_on),
        parts=(
            method_part([base]),
            law_part(scenarios),
            difference_part(base, alt),
            *charts,
            sources_part(scenarios),
            not_modelled_part(base.scenario, alt.scenario),
        ),
    )

"""The progress report as a document: HTML (a page's part, or a whole file) and PDF.

The same path as the monitoring mechanism's annual report (``services.monitoring_report_
document``): the sections become HTML with ``sections_html`` (a heading per section, tables
with captions and header cells, notes), ``html_document`` wraps them in a whole file with the
reports' print style, and ``print_pdf`` prints that with WeasyPrint (imported only then). What
is the progress report's own is its title and its opening lines: the period, the days counted,
the day it was made and, for a period still running, that its figures are provisional.

>>> from migrationpact.law.reporting_period import parse_period
>>> period_words(parse_period("2026-H2")).nl, period_words(parse_period("2026-Q3")).en
('tweede helft van 2026', 'third quarter of 2026')
"""

from __future__ import annotations

from functools import cache

from markupsafe import Markup, escape

from migrationpact.law.reporting_period import ReportingPeriod
from migrationpact.monitoring.intake import Words
from migrationpact.services.monitoring_report_document import (
    ChartMaker,
    html_document,
    print_pdf,
    say,
    sections_html,
)
from migrationpact.services.progress_report import ProgressReport
from migrationpact.services.progress_words import _, day, month


# The catalogue is read when a report is first written, not when the server imports this.
@cache
def _halves() -> tuple[Words, ...]:
    return (_("first half of %(year)s"), _("second half of %(year)s"))


@cache
def _quarters() -> tuple[Words, ...]:
    return (
        _("first quarter of %(year)s"),
        _("second quarter of %(year)s"),
        _("third quarter of %(year)s"),
        _("fourth quarter of %(year)s"),
    )


def period_words(period: ReportingPeriod) -> Words:
    """The period in words: '2026', 'second half of 2026', 'third quarter of 2026', 'July 2026'."""
    year = str(period.first.year)
    if period.kind == "year":
        return Words(en=year, nl=year)
    if period.kind == "half-year":
        chosen = _halves()[(period.first.month - 1) // 6]
    elif period.kind == "quarter":
        chosen = _quarters()[(period.first.month - 1) // 3]
    else:
        return month(period.first)
    return Words(en=chosen.en.replace("%(year)s", year), nl=chosen.nl.replace("%(year)s", year))


def progress_title(report: ProgressReport, language: str) -> str:
    title = _(
        "Progress report on the implementation of the Pact: %(period)s",
        period=period_words(report.period),
    )
    return say(title, language)


def progress_fragment(
    report: ProgressReport, language: str, *, chart: ChartMaker | None = None
) -> Markup:
    """The report's opening lines and sections as HTML, for a page (its heading is the page's)."""
    lead = [
        _(
            "Counted from %(first)s up to and including %(last)s.",
            first=day(report.counted_from),
            last=day(report.counted_until),
        ),
        _("Made on %(day)s.", day=day(report.made_on)),
    ]
    if not report.complete:
        lead.append(_("The period has not ended: the figures are provisional."))
    text = " ".join(say(w, language) for w in lead)
    return Markup(
        f'<div class="report" lang="{language}"><p class="lead">{escape(text)}</p>'
        f"{sections_html(report.sections, language, chart=chart)}</div>"
    )


def progress_document(report: ProgressReport, language: str) -> str:
    """The report as a whole HTML file (with the reports' print style)."""
    return html_document(
        progress_title(report, language), progress_fragment(report, language), language
    )


def progress_pdf(report: ProgressReport, language: str) -> bytes:
    """The report as PDF, printed from ``progress_document``."""
    return print_pdf(progress_document(report, language))

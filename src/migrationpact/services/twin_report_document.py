"""The chain-effects report as a document: a whole HTML file, or PDF, in Dutch or English.

The same path as the other reports (``services.monitoring_report_document``): each part's
section becomes HTML with ``sections_html``, ``html_document`` wraps the whole in a file with
the reports' print style, and ``print_pdf`` prints it with WeasyPrint. What is the twin's own:
the charts (``services.charts.band_chart``: deterministic SVG, its title in the report's
language), drawn under each section's heading and intro with the same figures in the table
below them, and the tables of verbatim scenario data (figure names, source keys, URLs and dates
as the scenario file writes them), marked ``lang="zxx"`` as content in no language.
"""

from __future__ import annotations

import math
from pathlib import Path

from markupsafe import Markup, escape

from migrationpact.services.charts import BandSeries, band_chart
from migrationpact.services.monitoring_report_document import (
    html_document,
    print_pdf,
    say,
    sections_html,
)
from migrationpact.services.twin_report import ChartPlan, Part, TwinReport, Verbatim

FORMATS = ("html", "pdf")
LANGUAGES = ("nl", "en")


def chart_svg(plan: ChartPlan, language: str) -> Markup:
    """The chart of ``plan`` in ``language``."""
    series = [
        BandSeries(say(s.label, language), s.mean, s.low, s.high)
        for s in plan.series
        if not all(math.isnan(v) for v in s.mean)
    ]
    return band_chart(
        plan.months,
        series,
        chart_id=plan.id,
        title=say(plan.title, language),
        y_label=say(plan.y_label, language),
        language=language,
    )


def verbatim_html(table: Verbatim, language: str) -> Markup:
    head = "".join(f'<th scope="col">{escape(say(c, language))}</th>' for c in table.columns)
    rows = []
    for line in table.lines:
        cells = "".join(
            f'<td lang="zxx">{escape(c)}</td>' if isinstance(c, str)
            else f"<td>{escape(say(c, language))}</td>"
            for c in line
        )  # fmt: skip
        rows.append(f"<tr>{cells}</tr>")
    return Markup(
        f'<table class="table" id="report-{escape(table.id)}">'
        f"<caption>{escape(say(table.caption, language))}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def part_html(part: Part, language: str) -> str:
    """The section, its charts under the heading and intro (the table below holds their
    figures), then its verbatim tables."""
    html = str(sections_html([part.section], language))
    charts = "".join(str(chart_svg(c, language)) for c in part.charts)
    if charts:
        at = html.index("</h2>") + len("</h2>")
        if html.startswith("<p>", at):  # after the intro, which says what the chart shows
            at = html.index("</p>", at) + len("</p>")
        html = f"{html[:at]}{charts}{html[at:]}"
    if part.verbatim:
        extra = "".join(str(verbatim_html(t, language)) for t in part.verbatim)
        html = html.removesuffix("</section>") + extra + "</section>"
    return html


def report_body(report: TwinReport, language: str) -> Markup:
    """The opening lines and every part as HTML."""
    named = "".join(
        f'<li><span lang="zxx">{escape(s.name)}: {escape(s.title)}</span></li>'
        for s in report.scenarios
    )
    lead = " ".join(say(w, language) for w in report.lead)
    parts = "".join(part_html(p, language) for p in report.parts)
    return Markup(
        f'<div class="report" lang="{language}"><p class="lead">{escape(lead)}</p>'
        f"<ul>{named}</ul>{parts}</div>"
    )


def twin_document(report: TwinReport, language: str) -> str:
    """The report as a whole HTML file (with the reports' print style)."""
    return html_document(say(report.title, language), report_body(report, language), language)


def twin_pdf(report: TwinReport, language: str) -> bytes:
    """The report as PDF, printed from ``twin_document``."""
    return print_pdf(twin_document(report, language))


def write_report(report: TwinReport, path: Path, language: str, format_: str) -> None:
    """Write ``report`` to ``path`` as HTML or PDF (the caller checked language and format)."""
    if format_ == "pdf":
        path.write_bytes(twin_pdf(report, language))
    else:
        path.write_text(twin_document(report, language), encoding="utf-8")

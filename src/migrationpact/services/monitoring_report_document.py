"""The annual report as a document: HTML (a page's part, or a whole file) and PDF.

``report_fragment`` writes the report's sections as HTML (headings, tables with captions and
header cells, notes) in the report's language; the register's page shows it inside its layout,
and ``report_document`` wraps it in a whole HTML file with a print style, which
``report_pdf`` prints with WeasyPrint. Other reports made of the same sections (the
implementation progress report, ``services.progress_report_document``) use the same three
steps: ``sections_html``, ``html_document``, ``print_pdf``. WeasyPrint is imported only when
a PDF is made, so the command line and the pages do not pay for it otherwise.

A chart is drawn by whoever passes ``chart`` (the pages pass ``web.charts``' bar chart); the
command line cannot reach the web layer, so its files hold the tables only, which carry the same
figures. In the public version a hidden count is shown as "< 5" (below the threshold) or "x"
(withheld), and a chart is left out when one of its bars would be hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from markupsafe import Markup, escape

from migrationpact.monitoring.intake import Words
from migrationpact.monitoring.report.model import (
    Cell,
    CountTable,
    Figure,
    FigureColumn,
    Hidden,
    ListCell,
    ListTable,
    Report,
    Section,
    W,
)

#: Draws one column of a count table as a chart: (table, column, title, language) → SVG.
ChartMaker = Callable[[CountTable, int, str, str], Markup]

TITLE = W(
    "Annual report %(year)s of the monitoring mechanism",
    "Jaarverslag %(year)s van het monitoringsmechanisme",
)
OF = W("Of %(scope)s.", "Van %(scope)s.")
MADE = W("Made on %(day)s.", "Gemaakt op %(day)s.")
PUBLIC = W("Public version.", "Openbare versie.")
INTERNAL = W("For the body itself: not for publication.", "Voor de instantie zelf: niet openbaar.")
STILL_OPEN = W("still open", "nog open")
STYLE = """
@page { size: A4; margin: 2cm 1.8cm; @bottom-center { content: counter(page); font-size: 8pt; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; color: #000; }
h1 { font-size: 17pt; } h2 { font-size: 13pt; margin-top: 1.4em; break-after: avoid; }
table { border-collapse: collapse; margin: 0.6em 0 1em; break-inside: avoid; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.3em; }
th, td { border: 0.5pt solid #777; padding: 2pt 6pt; vertical-align: top; }
tbody th { text-align: left; font-weight: normal; }
td.n { text-align: right; } tr.total th, tr.total td { font-weight: bold; }
.note { font-size: 8.5pt; } svg.chart { width: 100%; max-width: 15cm; height: auto; }
"""


def say(words: Words, language: str, **values: object) -> str:
    text = words.nl if language == "nl" else words.en
    return text % values if values else text


def _day(day: date, language: str) -> str:
    return format_date(day, format="long", locale=language)


def _cell(cell: Cell, threshold: int | None) -> str:
    if cell is Hidden.SMALL:
        return f"< {threshold}"
    if cell is Hidden.WITHHELD:
        return "x"
    return str(cell)


def _figure(value: Figure, figure: FigureColumn, threshold: int | None, language: str) -> str:
    """A share as a percentage, a length in days with one decimal, in the language's form;
    "–" where there is nothing to compute it from."""
    if isinstance(value, Hidden):
        return _cell(value, threshold)
    if value is None:
        return "\u2013"
    if figure.kind == "share":
        return format_percent(value, format="#,##0.#%", locale=language)
    return format_decimal(value, format="#,##0.0", locale=language)


def _count_table(table: CountTable, threshold: int | None, language: str) -> Markup:
    heads = (*table.columns, *(f.head for f in table.figures))
    head = "".join(f'<th scope="col">{escape(say(c, language))}</th>' for c in heads)
    body = []
    for number, row in enumerate(table.rows):
        total = table.total_row and number == len(table.rows) - 1
        shown = [_cell(c, threshold) for c in row.cells]
        shown += [_figure(f.values[number], f, threshold, language) for f in table.figures]
        cells = "".join(f'<td class="n">{escape(c)}</td>' for c in shown)
        opening = '<tr class="total">' if total else "<tr>"
        body.append(f'{opening}<th scope="row">{escape(say(row.label, language))}</th>{cells}</tr>')
    note = f'<p class="note">{escape(say(table.note, language))}</p>' if table.note else ""
    return Markup(
        f'<table class="table" id="report-{escape(table.id)}">'
        f"<caption>{escape(say(table.caption, language))}</caption>"
        f'<thead><tr><th scope="col">{escape(say(table.head, language))}</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>{note}"
    )


def _list_value(value: ListCell, language: str) -> str:
    if value is None:
        return say(STILL_OPEN, language)
    if isinstance(value, Words):
        return say(value, language)
    if isinstance(value, date):
        return _day(value, language)
    return value


def _list_table(table: ListTable, language: str) -> Markup:
    caption = escape(say(table.caption, language))
    if not table.lines:
        return Markup(f"<p><strong>{caption}</strong>: {escape(say(table.empty, language))}</p>")
    head = "".join(f'<th scope="col">{escape(say(c, language))}</th>' for c in table.columns)
    lines = "".join(
        "<tr>" + "".join(f"<td>{escape(_list_value(v, language))}</td>" for v in line) + "</tr>"
        for line in table.lines
    )
    return Markup(
        f'<table class="table" id="report-{escape(table.id)}"><caption>{caption}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{lines}</tbody></table>"
    )


def _chart(section: Section, language: str, chart: ChartMaker | None) -> Markup:
    if chart is None or section.chart is None:
        return Markup("")
    table = next(
        (t for t in section.tables if isinstance(t, CountTable) and t.id == section.chart.table),
        None,
    )
    if table is None:
        return Markup("")
    column = section.chart.column % len(table.columns)
    bars = table.rows[:-1] if table.total_row else table.rows
    if any(isinstance(row.cells[column], Hidden) for row in bars):
        return Markup("")  # a bar would show what the public version hides
    return chart(table, column, say(table.caption, language), language)


def _section(
    section: Section, threshold: int | None, language: str, chart: ChartMaker | None
) -> str:
    parts = [f'<section id="report-section-{escape(section.id)}">']
    parts.append(f"<h2>{escape(say(section.title, language))}</h2>")
    if section.intro is not None:
        parts.append(f"<p>{escape(say(section.intro, language))}</p>")
    parts.append(_chart(section, language, chart))
    for table in section.tables:
        if isinstance(table, CountTable):
            parts.append(_count_table(table, threshold, language))
        else:
            parts.append(_list_table(table, language))
    parts += [f'<p class="note">{escape(say(n, language))}</p>' for n in section.notes]
    parts.append("</section>")
    return "".join(parts)


def report_title(report: Report, language: str) -> str:
    return say(TITLE, language, year=report.year)


def report_fragment(report: Report, language: str, *, chart: ChartMaker | None = None) -> Markup:
    """The report's sections as HTML, for a page (its own heading is the page's)."""
    lead = [
        say(OF, language, scope=say(report.scope_name, language)),
        say(MADE, language, day=_day(report.made_on, language)),
        say(PUBLIC if report.public else INTERNAL, language),
    ]
    parts = [
        f'<div class="report" lang="{language}">',
        f'<p class="lead">{escape(" ".join(lead))}</p>',
    ]
    if report.policy_note is not None:
        parts.append(f'<p class="note">{escape(say(report.policy_note, language))}</p>')
    parts.append(sections_html(report.sections, language, threshold=report.threshold, chart=chart))
    parts.append("</div>")
    return Markup("".join(parts))


def sections_html(
    sections: Sequence[Section],
    language: str,
    *,
    threshold: int | None = None,
    chart: ChartMaker | None = None,
) -> Markup:
    """Sections as HTML (a heading each, its tables with captions, its notes): the annual
    report's and any other report built from ``monitoring.report.model`` sections."""
    return Markup("".join(_section(s, threshold, language, chart) for s in sections))


def html_document(title: str, body: Markup, language: str) -> str:
    """A whole HTML file with the reports' print style: ``title`` as its heading, then ``body``."""
    heading = escape(title)
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{heading}</title><style>{STYLE}</style></head><body>"
        f"<h1>{heading}</h1>{body}</body></html>\n"
    )


def print_pdf(document: str) -> bytes:
    """A whole HTML file (``html_document``) printed as PDF by WeasyPrint."""
    from weasyprint import HTML  # lazily: see the module text

    pdf: bytes = HTML(string=document).write_pdf()
    return pdf


def report_document(report: Report, language: str, *, chart: ChartMaker | None = None) -> str:
    """The report as a whole HTML file (with its print style)."""
    body = report_fragment(report, language, chart=chart)
    return html_document(report_title(report, language), body, language)


def report_pdf(report: Report, language: str, *, chart: ChartMaker | None = None) -> bytes:
    """The report as PDF, printed from ``report_document`` by WeasyPrint."""
    return print_pdf(report_document(report, language, chart=chart))

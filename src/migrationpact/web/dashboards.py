"""The dashboards of the statistics page: the filter form, the charts, their tables and CSV files.

``services.dashboards`` counts (and suppresses what a visitor may not see); this module says
it in the page's language. Each chart (``web.charts.series_chart``) has a table of the same
figures beside it and a CSV download of them (``/statistics/series.csv``,
``/statistics/breakdown.csv``, the same query as the page). The CSV files use
``finding.csv_response``: headers in the visitor's language, months as ``YYYY-MM``, a
breakdown's categories by name *and* by their Eurostat code, counts as numbers; a suppressed
count is written as the page shows it (``< 5`` or ``x``), never as a number.

Bad input (a malformed month, an unknown measure …) is the service's ``Invalid`` with a
sentence in the visitor's language: a 400 page (``errors.refusals``).
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from migrationpact.law import eurostat
from migrationpact.monitoring.report.model import Hidden
from migrationpact.services import dashboards as service
from migrationpact.services.container import services
from migrationpact.statistics.periods import Period
from migrationpact.web.charts import month_label, series_chart
from migrationpact.web.codes import code_name, options
from migrationpact.web.errors import WebError, refusals
from migrationpact.web.finding import csv_response
from migrationpact.web.i18n import translations
from migrationpact.web.labels import N_
from migrationpact.web.session import Visitor

MEASURE_LABELS = {
    "applicants": N_("Asylum applicants"),
    "decisions": N_("First-instance decisions"),
    "withdrawals": N_("Withdrawn applications"),
    "pending": N_("Applications pending at the end of the month"),
    "minors": N_("Unaccompanied minors who applied"),
    "dublin": N_("Dublin requests and transfers"),
}
SERIES_LABELS = {
    ("applicants", "TOTAL"): N_("All applicants"),
    ("applicants", "FRST"): N_("First-time applicants"),
    ("applicants", "SSEQ"): N_("Subsequent applicants"),
    ("decisions", "TOTAL"): N_("All decisions"),
    ("decisions", "POS_RFG"): N_("Refugee status"),
    ("decisions", "POS_SPROT"): N_("Subsidiary protection"),
    ("decisions", "POS_HUM"): N_("Humanitarian status"),
    ("decisions", "NEG"): N_("Rejected"),
    ("withdrawals", "TOTAL"): N_("All withdrawals"),
    ("withdrawals", "EXPL"): N_("Withdrawn explicitly"),
    ("withdrawals", "IMPL"): N_("Withdrawn implicitly"),
    ("pending", "TOTAL"): N_("Pending applications"),
    ("minors", "TOTAL"): N_("Unaccompanied minors"),
    ("dublin", "migr_dubro"): N_("Requests sent to other member states"),
    ("dublin", "migr_dubri"): N_("Requests received from other member states"),
    ("dublin", "migr_dubto"): N_("Transfers to other member states"),
    ("dublin", "migr_dubti"): N_("Transfers from other member states"),
}
BREAKDOWN_LABELS = {"citizen": N_("Citizenship"), "sex": N_("Sex"), "age": N_("Age")}
CODE_LABELS = {
    ("sex", "F"): N_("Women"),
    ("sex", "M"): N_("Men"),
    ("age", "Y_LT14"): N_("Under 14"),
    ("age", "Y14-17"): N_("14 to 17"),
    ("age", "Y18-34"): N_("18 to 34"),
    ("age", "Y35-64"): N_("35 to 64"),
    ("age", "Y_GE65"): N_("65 and over"),
    ("citizen", service.OTHER): N_("Other citizenships"),
    ("citizen", "STLS"): N_("Stateless"),
}


def code_label(dimension: str, code: str, language: str) -> str:
    """A breakdown's category by its name in ``language`` (a total is "Total")."""
    t = translations(language)
    if code in ("T", "TOTAL"):
        return t.gettext("Total")
    if (dimension, code) in CODE_LABELS:
        return t.gettext(CODE_LABELS[dimension, code])
    if dimension == "citizen" and (alpha3 := eurostat.country(code)) is not None:
        return code_name("nationality", alpha3, language)
    return t.gettext("Unknown")


def period_label(period: Period, language: str) -> str:
    """A month as 'jul 2026', a quarter as '3e kwartaal 2026' / 'Q3 2026', a year as '2026'."""
    if period.frequency == "M":
        return month_label(period.first, language)
    if period.frequency == "Q":
        quarter = (period.first.month - 1) // 3 + 1
        text = translations(language).gettext("Q%(quarter)s %(year)s")
        return text % {"quarter": quarter, "year": period.first.year}
    return str(period.first.year)


def cell_text(cell: service.Cell, threshold: int) -> str:
    """A count as the page, the table and the CSV show it: a number, "< 5" or "x"."""
    if cell is Hidden.SMALL:
        return f"< {threshold}"
    if cell is Hidden.WITHHELD:
        return "x"
    return str(cell)


def _number(cell: service.Cell) -> int | None:
    return cell if isinstance(cell, int) else None


def filters_of(request: Request) -> service.Filters:
    """The form's values from the query (each at most 40 characters, as typed)."""
    q = request.query_params
    default = service.Filters()

    def value(name: str, fallback: str) -> str:
        return q.get(name, fallback).strip()[:40]

    return service.Filters(
        start=value("from", ""),
        end=value("to", ""),
        measure=value("measure", default.measure),
        breakdown=value("breakdown", default.breakdown),
        period=value("period", ""),
        citizenship=value("citizenship", ""),
    )


def _figures(request: Request, who: Visitor) -> service.Dashboard:
    with refusals():
        return service.dashboard(
            store=services(request).store, principal=who.principal, filters=filters_of(request)
        )


def context(request: Request, who: Visitor) -> dict[str, Any]:
    """What ``_statistics_dashboards.html`` shows (the figures, charts, form and links)."""
    language = who.language
    t = translations(language)
    board = _figures(request, who)
    measure = board.measure
    names = [t.gettext(SERIES_LABELS[measure.key, s.key]) for s in measure.series]
    months = [month_label(m, language) for m in board.months]
    title = t.gettext("%(measure)s per month") % {"measure": t.gettext(MEASURE_LABELS[measure.key])}
    chart = series_chart(
        "chart-series", title, months,
        [(n, [_number(row[i]) for row in board.values]) for i, n in enumerate(names)],
        unit=t.gettext("Number"),
    )  # fmt: skip
    query = request.url.query
    shown = {
        "from": board.months[0].strftime("%Y-%m"),
        "to": board.months[-1].strftime("%Y-%m"),
        "measure": measure.key,
        "breakdown": board.filters.breakdown,
        "period": board.breakdown.period.text if board.breakdown else board.filters.period,
        "citizenship": board.filters.citizenship,
    }
    values: dict[str, Any] = {
        "board": board,
        "form": shown,
        "series_title": title,
        "series_names": names,
        "series_rows": [
            (label, [cell_text(c, board.threshold) for c in row])
            for label, row in zip(months, board.values, strict=True)
        ],
        "series_chart": chart,
        "series_csv": "/statistics/series.csv" + (f"?{query}" if query else ""),
        "breakdown_csv": "/statistics/breakdown.csv" + (f"?{query}" if query else ""),
        "measures": [(k, t.gettext(v)) for k, v in MEASURE_LABELS.items()],
        "breakdowns": [(k, t.gettext(v)) for k, v in BREAKDOWN_LABELS.items()],
        "citizenships": options("nationality", language),
        "breakdown": None,
    }
    if board.breakdown is not None:
        b = board.breakdown
        labels = [code_label(b.dimension, c, language) for c in b.codes]
        b_title = t.gettext("%(measure)s by %(breakdown)s, %(period)s") % {
            "measure": t.gettext(MEASURE_LABELS[measure.key]),
            "breakdown": t.gettext(BREAKDOWN_LABELS[b.dimension]).lower(),
            "period": period_label(b.period, language),
        }
        values["breakdown"] = {
            "title": b_title,
            "head": t.gettext(BREAKDOWN_LABELS[b.dimension]),
            "rows": [(label, cell_text(c, board.threshold))
                     for label, c in zip(labels, b.values, strict=True)],
            "chart": series_chart(
                "chart-breakdown", b_title, labels[:-1],
                [(t.gettext("Number"), [_number(c) for c in b.values[:-1]])],
                kind="bar", unit=t.gettext("Number"),
            ),
        }  # fmt: skip
    return values


def series_csv(request: Request, who: Visitor) -> Response:
    """The series chart's figures as CSV: a month per line, a column per series."""
    board = _figures(request, who)
    heads = [SERIES_LABELS[board.measure.key, s.key] for s in board.measure.series]
    rows = [
        [m.strftime("%Y-%m"), *(cell_text(c, board.threshold) for c in row)]
        for m, row in zip(board.months, board.values, strict=True)
    ]
    return csv_response(f"statistics-{board.measure.key}", [N_("Month"), *heads], rows,
                        who.language)  # fmt: skip


def breakdown_csv(request: Request, who: Visitor) -> Response:
    """The breakdown chart's figures as CSV: a category per line (name, code, count), the
    total last; 404 for a measure without a breakdown (the Dublin figures)."""
    board = _figures(request, who)
    b = board.breakdown
    if b is None:
        raise WebError(404, "There is no breakdown of these figures.")
    rows = [
        [b.period.text, code_label(b.dimension, c, who.language), c, cell_text(v, board.threshold)]
        for c, v in zip(b.codes, b.values, strict=True)
    ]
    heads = [N_("Period"), BREAKDOWN_LABELS[b.dimension], N_("Code"), N_("Number")]
    return csv_response(f"statistics-{board.measure.key}-{b.dimension}", heads, rows,
                        who.language)  # fmt: skip

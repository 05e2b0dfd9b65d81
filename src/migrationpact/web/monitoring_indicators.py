"""The indicators page of the monitoring register, with the body's re-identification requests.

``GET /monitoring/indicators?period=month|quarter|year`` shows the indicators of the newest feed
of pseudonymised case events (``services.monitoring_indicators.indicators``): a chart of the
share beyond the time limit per period (drawn on the server, ``web.charts``' SVG helper) beside
the table of every indicator — its article, the period, how many, how many flagged, the share,
the median days and how many were still running. Below it the body's re-identification
requests, and a form to ask who is behind a pseudonym for a stated purpose
(``POST /monitoring/indicators/reidentify``, with the session's CSRF token); the answer comes
from the case-handling system and is recorded at the command line (docs/monitoring.md).

The same guard as every register page: anyone but a monitor of the two bodies gets the same
"not found" page before anything is read.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel.numbers import format_decimal, format_percent
from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from migrationpact.auth.sessions import CSRF_FIELD
from migrationpact.monitoring.indicators import PERIODS
from migrationpact.services import monitoring_indicators as indicators
from migrationpact.services.container import services
from migrationpact.services.errors import Invalid
from migrationpact.web import monitoring_indicators_words as words
from migrationpact.web.charts import SHARE, _figure, _svg, month_label
from migrationpact.web.errors import refusals
from migrationpact.web.i18n import format_moment, translations
from migrationpact.web.monitoring import _form, _monitor, problem_words
from migrationpact.web.recording import to_case_page
from migrationpact.web.session import Visitor, check_csrf
from migrationpact.web.templating import dutch_time, render

router = APIRouter(include_in_schema=False)
#: The indicators the chart shows: those with a time limit.
CHARTED = ("screening-border", "screening-territory", "border-procedure", "needs-assessment")
_COLOURS = {
    "screening-border": "#01689b",
    "screening-territory": "#39870c",
    "border-procedure": SHARE,
    "needs-assessment": "#673327",
}


def period_label(period: str, language: str) -> str:
    """``2026-07`` → 'jul 2026', ``2026-Q3`` → 'K3 2026' / 'Q3 2026', ``2026`` as it is."""
    if "-Q" in period:
        year, quarter = period.split("-Q")
        return translations(language).gettext(words.QUARTER) % {"quarter": quarter, "year": year}
    if "-" in period:
        year, month = period.split("-")
        return month_label(date(int(year), int(month), 1), language)
    return period


def indicator_chart(rows: list[dict[str, Any]], language: str) -> Markup:
    """The share beyond the time limit, per period, one line per limited indicator."""
    t = translations(language)
    periods = sorted({r["period"] for r in rows if r["indicator"] in CHARTED})
    figure, axes = _figure()
    x = list(range(len(periods)))
    markers = iter("osD^")
    for indicator in CHARTED:
        by = {r["period"]: r for r in rows if r["indicator"] == indicator}
        if not by:
            continue
        shares = [100 * by[p]["share"] if p in by else float("nan") for p in periods]
        title = by[periods[0]] if periods[0] in by else next(iter(by.values()))
        axes.plot(
            x,
            shares,
            marker=next(markers),
            color=_COLOURS[indicator],
            label=title["title_nl"] if language == "nl" else title["title"],
        )
    axes.set_xticks(x, [period_label(p, language) for p in periods])
    axes.set_ylabel(t.gettext(words.SHARE_AXIS))
    axes.set_ylim(0, 100)
    axes.legend(loc="upper left", frameon=False, fontsize=7)
    return _svg(figure, "chart-indicators", t.gettext(words.CHART_TITLE))


def _number(value: float | None, language: str) -> str:
    return "—" if value is None else format_decimal(value, format="#,##0.#", locale=language)


def _share(value: float | None, language: str) -> str:
    return "—" if value is None else format_percent(value, format="#,##0%", locale=language)


def _page(
    request: Request,
    who: Visitor,
    body: str,
    period: str,
    *,
    error: str = "",
    values: dict[str, str] | None = None,
    requested: str = "",
    status: int = 200,
) -> Response:
    register = services(request).register()
    with refusals():
        found = indicators.indicators(
            register=register, principal=who.principal, body=body, period=period
        )
        requests = indicators.reidentification_log(
            register=register, principal=who.principal, body=body
        )
    nl = who.language == "nl"
    rows = [
        {
            **r,
            "name": r["title_nl"] if nl else r["title"],
            "articles": "; ".join(r["basis_nl"] if nl else r["basis"]),
            "period_label": period_label(r["period"], who.language),
            "flagged_text": "—" if r["flagged"] is None else str(r["flagged"]),
            "share_text": _share(r["share"], who.language),
            "median_text": _number(r["median_days"], who.language),
        }
        for r in found["rows"]
    ]
    feed = found["feed"]
    made = None
    if feed is not None:  # made at a UTC moment, said in Dutch time
        utc = datetime.fromisoformat(feed["made_at"].removesuffix("Z"))
        made = format_moment(dutch_time(utc), who.language)
    t = translations(who.language)
    return render(
        request,
        "monitoring_indicators.html",
        {
            "feed": feed,
            "made": made,
            "rows": rows,
            "chart": indicator_chart(found["rows"], who.language) if rows else None,
            "period": period,
            "periods": [(p, t.gettext(words.PERIODS[p])) for p in PERIODS],
            "catalogue": [
                {
                    "name": i["title_nl"] if nl else i["title"],
                    "articles": "; ".join(i["basis_nl"] if nl else i["basis"]),
                }
                for i in found["indicators"]
            ],
            "requests": requests,
            "requested": requested,
            "error": error,
            "values": values or {},
            "CSRF_FIELD": CSRF_FIELD,
        },
        language=who.language,
        who=who,
        status=status,
    )


@router.get("/monitoring/indicators")
def indicators_page(request: Request, period: str = "quarter", requested: str = "") -> Response:
    who, body = _monitor(request)
    if period not in PERIODS:
        period = "quarter"
    shown = requested if indicators.REQUEST.match(requested) else ""
    return _page(request, who, body, period, requested=shown)


@router.post("/monitoring/indicators/reidentify")
async def reidentify_submit(request: Request) -> Response:
    values = await _form(request)
    return await run_in_threadpool(_reidentify, request, values)


def _reidentify(request: Request, values: dict[str, str]) -> Response:
    who, body = _monitor(request)
    check_csrf(request, who, values.get(CSRF_FIELD))
    try:
        reference = indicators.request_reidentification(
            register=services(request).register(),
            principal=who.principal,
            body=body,
            pseudonym=values.get("pseudonym", "").strip(),
            purpose=values.get("purpose", ""),
        )
    except Invalid as exc:
        error = problem_words(exc, who.language)
        return _page(request, who, body, "quarter", error=error, values=values, status=422)
    return to_case_page(request, f"/monitoring/indicators?requested={reference}")

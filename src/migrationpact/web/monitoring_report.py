"""The annual report's page: a monitor chooses the year, the scope and the version, and reads it.

``GET /monitoring/report`` shows a form (year; the monitor's own body or both bodies together;
the public version or not) and the report it asks for, in the page's language, with a chart
where a section has one; ``GET /monitoring/report.pdf`` gives the same report as PDF
(``services.monitoring_report``, ``services.monitoring_report_document``). Only the monitors of
the two bodies open them; everyone else gets the register's one "not found" page
(``web.monitoring._monitor``). A body's report covers the files it keeps; the joint one both
bodies' files, aggregate figures only. Nothing is changed, so the form is a GET without a CSRF
token.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from migrationpact.monitoring.report.model import Report
from migrationpact.services.container import services
from migrationpact.services.errors import Forbidden, Invalid, NotFound
from migrationpact.services.monitoring import local_now
from migrationpact.services.monitoring_report import JOINT, annual_report, first_year
from migrationpact.services.monitoring_report_document import (
    report_fragment,
    report_pdf,
    report_title,
)
from migrationpact.web import monitoring_words as words
from migrationpact.web.errors import WebError
from migrationpact.web.i18n import translations
from migrationpact.web.labels import N_
from migrationpact.web.monitoring import NOT_HERE, _monitor
from migrationpact.web.monitoring_report_charts import bar_chart
from migrationpact.web.session import Visitor
from migrationpact.web.templating import render

router = APIRouter(include_in_schema=False)
BAD_YEAR = N_("There is no report for that year: choose one of the years offered.")


def _asked(request: Request, year: str, scope: str, public: str) -> tuple[Visitor, dict[str, Any]]:
    who, body = _monitor(request)
    today = local_now(services(request).register()).date()
    years = list(range(today.year, first_year() - 1, -1))
    try:
        chosen = int(year) if year else today.year
    except ValueError:
        chosen = 0
    return who, {
        "body": body,
        "year": chosen,
        "years": years,
        "scope": JOINT if scope == JOINT else body,
        "public": bool(public),
        "today": today,
    }


def _report(request: Request, who: Visitor, asked: dict[str, Any]) -> Report:
    try:
        return annual_report(
            register=services(request).register(),
            principal=who.principal,
            year=asked["year"],
            scope=asked["scope"],
            public=asked["public"],
            today=asked["today"],
        )
    except (NotFound, Forbidden):
        raise WebError(404, NOT_HERE) from None


@router.get("/monitoring/report")
def report_page(request: Request, year: str = "", scope: str = "", public: str = "") -> Response:
    who, asked = _asked(request, year, scope, public)
    error, fragment, title, status = "", None, "", 200
    try:
        report = _report(request, who, asked)
    except Invalid as exc:
        if exc.kind != "invalid-report":
            raise WebError(400, "The request cannot be carried out.", detail=exc.message) from exc
        error, status = translations(who.language).gettext(BAD_YEAR), 422
    else:
        fragment = report_fragment(report, who.language, chart=bar_chart)
        title = report_title(report, who.language)
    query = {"year": asked["year"], "scope": "joint" if asked["scope"] == JOINT else "body"}
    if asked["public"]:
        query["public"] = "1"
    return render(
        request,
        "monitoring_report.html",
        {
            **asked,
            "joint": asked["scope"] == JOINT,
            "body_name": words.code_word("to", asked["body"], who.language),
            "error": error,
            "report": fragment,
            "report_title": title,
            "pdf": f"/monitoring/report.pdf?{urlencode(query)}",
        },
        language=who.language,
        who=who,
        status=status,
    )


@router.get("/monitoring/report.pdf")
def report_download(
    request: Request, year: str = "", scope: str = "", public: str = ""
) -> Response:
    who, asked = _asked(request, year, scope, public)
    try:
        report = _report(request, who, asked)
    except Invalid as exc:
        raise WebError(400, "The request cannot be carried out.", detail=exc.message) from exc
    name = f"{'joint' if asked['scope'] == JOINT else asked['body']}-{report.year}"
    name += "-public" if report.public else ""
    return Response(
        report_pdf(report, who.language, chart=bar_chart),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="report-{name}.pdf"'},
    )

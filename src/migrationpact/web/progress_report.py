"""The implementation progress report for download, from the statistics page.

``GET /statistics/progress-report?period=2026-H2&language=nl&format=pdf`` gives the report of
a period (``services.progress_report``) as a file to save: a whole HTML file or a PDF
(``services.progress_report_document``), in Dutch or English whatever the page's language. It
is for those who may read the statistics (``Action.STATISTICS_READ``: the ministry's analysts
first); the statistics page offers the form (``progress_choices``) with the periods a report
can cover. A period not offered, a language or format not offered: a 400 page in the person's
language, and nothing is made.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from migrationpact.access.policy import Action
from migrationpact.services.container import services
from migrationpact.services.errors import Invalid
from migrationpact.services.monitoring_report_document import say
from migrationpact.services.progress_report import progress_report, reportable_periods
from migrationpact.services.progress_report_document import (
    period_words,
    progress_document,
    progress_pdf,
)
from migrationpact.services.recording import dutch_now
from migrationpact.web.errors import WebError, refusals
from migrationpact.web.i18n import LANGUAGES, language_label
from migrationpact.web.labels import N_
from migrationpact.web.session import may_open, require_visitor

router = APIRouter(include_in_schema=False)
FORMATS = {"html": N_("HTML (web page)"), "pdf": N_("PDF")}
BAD_CHOICE = N_("There is no progress report for that choice: choose one of the options offered.")
_MEDIA = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}


def progress_choices(request: Request, language: str) -> dict[str, Any]:
    """What the statistics page's form offers: the periods (newest first), languages and
    formats, each with its words in ``language``."""
    today = dutch_now(services(request).store).date()
    return {
        "progress_periods": [
            (p.text, say(period_words(p), language)) for p in reportable_periods(today)
        ],
        "progress_languages": [(code, language_label(code)) for code in LANGUAGES],
        "progress_formats": list(FORMATS.items()),
    }


@router.get("/statistics/progress-report")
def progress_download(
    request: Request, period: str = "", language: str = "nl", format: str = "html"
) -> Response:
    who = require_visitor(request)
    may_open(who, Action.STATISTICS_READ)
    if language not in LANGUAGES or format not in FORMATS:
        raise WebError(400, BAD_CHOICE)
    with refusals():
        try:
            report = progress_report(
                store=services(request).store, principal=who.principal, period=period
            )
        except Invalid as exc:  # said in the person's language, not the use case's English
            raise WebError(400, BAD_CHOICE) from exc
    body: bytes = (
        progress_pdf(report, language)
        if format == "pdf"
        else progress_document(report, language).encode("utf-8")
    )
    name = f"progress-report-{report.period.text}-{language}.{format}"
    return Response(
        body,
        media_type=_MEDIA[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )

"""The web pages' entry point: ``install(app)`` adds the pages and their static files.

The composition root (``server.create_app``) calls ``install``. It mounts
``/static`` (the style sheet and the vendored htmx), includes one router per feature
(sign-in, sign-in at the OpenID Connect provider, worklist, case list, new case, cases, event
forms, rule book, route checker, statistics and access log, exceeded limits, reception) and
registers the two exception handlers that turn "please sign in" into a redirect and a refusal
into an HTML page in the person's language. The pages are server-rendered and work without
JavaScript; htmx only makes forms swap in place.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from migrationpact.web import (
    caselist,
    cases,
    exceeded,
    monitoring,
    monitoring_attachments,
    monitoring_case_reads,
    monitoring_indicators,
    monitoring_inspections,
    monitoring_report,
    newcase,
    oidc,
    oversight,
    people,
    progress_report,
    reception_occupancy,
    reception_placement,
    reception_plan,
    reception_sites,
    reception_worklist,
    record,
    route_check,
    rules,
    signin,
    twin_runs,
    worklist,
)
from migrationpact.web.errors import LoginRequiredError, WebError
from migrationpact.web.i18n import from_accept_language, translations
from migrationpact.web.labels import N_
from migrationpact.web.session import visitor
from migrationpact.web.templating import render

STATIC = Path(__file__).parent / "static"
_HEADINGS = {
    400: N_("The request cannot be carried out"),
    403: N_("Not allowed"),
    404: N_("Not found"),
    409: N_("Conflict"),
}


def install(app: FastAPI) -> None:
    """Register the page routes, ``/static`` and the page error handlers on ``app``."""
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # The case list and the new-case pages come before /cases/{id}, which would take their paths.
    for module in (
        signin,
        oidc,
        worklist,
        caselist,
        people,
        newcase,
        cases,
        record,
        rules,
        route_check,
        oversight,
        progress_report,
        exceeded,
        reception_worklist,
        reception_sites,
        reception_placement,
        reception_plan,
        reception_occupancy,
        monitoring,
        monitoring_report,
        monitoring_indicators,
        monitoring_attachments,
        monitoring_inspections,
        monitoring_case_reads,
        twin_runs,
    ):
        app.include_router(module.router)
    install_handlers(app)


def install_handlers(app: FastAPI) -> None:
    """The page error handlers: "please sign in" as a redirect, a refusal as an HTML page (the
    monitoring register's own app installs them too, ``web.monitoring_serve``)."""

    @app.exception_handler(LoginRequiredError)
    async def _login(request: Request, exc: LoginRequiredError) -> Response:
        if request.headers.get("HX-Request") == "true":
            return Response(status_code=401, headers={"HX-Redirect": exc.location})
        return RedirectResponse(exc.location, status_code=303)

    @app.exception_handler(WebError)
    async def _refused(request: Request, exc: WebError) -> Response:
        return error_page(request, exc)


def error_page(request: Request, exc: WebError) -> Response:
    """The HTML page of a refusal, in the language of the person (or of their browser)."""
    who = visitor(request)
    language = who.language if who else from_accept_language(request.headers.get("accept-language"))
    t = translations(language)
    heading = t.gettext(_HEADINGS.get(exc.status, N_("Something went wrong")))
    return render(
        request,
        "error.html",
        {
            "heading": heading,
            "message": t.gettext(exc.message),
            "detail": exc.detail,
            "back": "/",
        },
        language=language,
        who=who,
        status=exc.status,
    )

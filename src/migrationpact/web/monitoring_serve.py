"""The pages of the monitoring register's own application (``migrationpact monitor serve``).

The register's app (``monitor_app``) serves the register's pages (``web.monitoring``) with the
case system's sign-in pages (``web.signin``), under a sign-in of its own: its users, its
sessions in the register's database, and cookies of its own names (``REGISTER_COOKIES``), so a
browser signed in to both systems on one host holds two sessions that never stand in for each
other. ``install`` adds the pages, the static files and the page error handlers; the menu
(``NAVIGATION``) offers the register's pages only, with no case search, and a monitor starts on
the worklist.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from migrationpact.access.model import Principal
from migrationpact.access.policy import Action, decide
from migrationpact.web import (
    monitoring,
    monitoring_attachments,
    monitoring_indicators,
    monitoring_inspections,
    monitoring_report,
    signin,
)
from migrationpact.web.labels import N_
from migrationpact.web.navigation import MenuItem, Navigation
from migrationpact.web.session import SiteCookies, visitor
from migrationpact.web.views import STATIC, install_handlers

#: The register's own cookies (the case system's are ``mp_session`` and ``mp_login_csrf``).
REGISTER_COOKIES = SiteCookies(session="mp_register_session", login="mp_register_login_csrf")
WORKLIST = "/monitoring"

#: The register's menu: (path, label, paths that mark it current; a prefix ends in "/").
_PAGES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (WORKLIST, N_("Monitoring files"), (WORKLIST, "/monitoring/files/")),
    ("/monitoring/intake", N_("Enter a signal"), ("/monitoring/intake",)),
    ("/monitoring/closed", N_("Closed files"), ("/monitoring/closed",)),
    ("/monitoring/inspections", N_("Inspections"), ("/monitoring/inspections",)),
    ("/monitoring/indicators", N_("Indicators"), ("/monitoring/indicators",)),
    ("/monitoring/report", N_("Annual report"), ("/monitoring/report",)),
)


def register_menu(principal: Principal, path: str) -> list[MenuItem]:
    """The register's pages for a monitor (nothing for anyone else), ``path`` marked current.

    >>> from migrationpact.access.model import Organisation, Role
    >>> crm = Principal("c", "C", Organisation.CRM, Role.MONITOR)
    >>> [(i.path, i.current) for i in register_menu(crm, "/monitoring/files/MON-AAAA-BBBB")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('/monitoring', True), ('/monitoring/intake', False), ('/monitoring/closed', False),
     ('/monitoring/inspections', False), ('/monitoring/indicators', False),
     ('/monitoring/report', False)]
    """
    if not decide(principal, Action.MONITORING_FILES):
        return []
    return [
        MenuItem(target, label, any(path == m or (m.endswith("/") and path.startswith(m))
                                    for m in marks))
        for target, label, marks in _PAGES
    ]  # fmt: skip


NAVIGATION = Navigation(
    menu=register_menu, search=lambda _principal: False, home=lambda _principal: WORKLIST
)

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request) -> RedirectResponse:
    """A monitor starts on the worklist; anyone not signed in, at the register's sign-in."""
    return RedirectResponse(WORKLIST if visitor(request) else "/login", status_code=303)


def install(app: FastAPI) -> None:
    """The register's pages, its sign-in, ``/static`` and the page error handlers on ``app``."""
    app.state.cookies = REGISTER_COOKIES
    app.state.navigation = NAVIGATION
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # The register's "/" comes before the sign-in router's, which would send a monitor to cases.
    pages = (
        monitoring,
        monitoring_attachments,
        monitoring_inspections,
        monitoring_indicators,
        monitoring_report,
    )
    for module in (router, signin.router, *(page.router for page in pages)):
        app.include_router(module)
    install_handlers(app)

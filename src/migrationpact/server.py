"""The composition root: one FastAPI application with the ``/v1`` API and the web pages.

This is the only module that knows every front end. ``create_app`` builds the services from
the settings (``build_services``: the store, the users, the token verifier, the issuer; in demo
mode the demo users, passed in from here so that nothing below imports the demo), registers the
problem documents, mounts the API (``api.app``) and the pages (``web.views``), and adds the
headers every response carries: the request id, the API version and the security headers.
``migrationpact serve`` runs ``migrationpact.server:create_app`` under uvicorn.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

from migrationpact.api import openapi
from migrationpact.api.app import API_VERSION, install_api
from migrationpact.auth.tokens import DevIssuer
from migrationpact.auth.users import UserDirectory
from migrationpact.demo.users import demo_directory
from migrationpact.services import problems
from migrationpact.services.container import Services
from migrationpact.services.settings import ServiceSettings
from migrationpact.store.eventstore import EventStore
from migrationpact.web.views import install as install_web

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"
    ),
}


def build_services(
    settings: ServiceSettings,
    *,
    store: EventStore | None = None,
    users: UserDirectory | None = None,
    issuer: DevIssuer | None = None,
) -> Services:
    """The services one server process builds at start (what is not given, from settings)."""
    return Services.build(
        settings, store=store, users=users, issuer=issuer, demo_users=demo_directory
    )


def create_app(
    settings: ServiceSettings | None = None, *, services: Services | None = None
) -> FastAPI:
    """The application; ``services`` (store, users, issuer) are built from settings if absent."""
    settings = settings or ServiceSettings.from_env()
    app = FastAPI(
        title="migrationpact",
        version=API_VERSION,
        summary="Cases, deadlines and routing under the EU Pact on Migration and Asylum.",
        description="Every deadline cites its article and the rule-set version it was computed "
        "under. Sign in with a bearer token; each organisation sees only what its task needs.",
        openapi_url="/v1/openapi.json",
        docs_url=None,  # served by api.docs from this server, under the CSP
        redoc_url=None,
        license_info={"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
    )
    app.state.services = services or build_services(settings)
    problems.install(app)
    openapi.install(app, public_url=settings.public_url)
    install_api(app)
    install_web(app)
    install_headers(app)
    return app


def install_headers(app: FastAPI) -> None:
    """Give every response its request id, the API version and the security headers."""

    @app.middleware("http")
    async def _headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        request.state.request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        response = await call_next(request)
        response.headers["API-Version"] = API_VERSION
        if request.url.path == "/v1/openapi.json":
            # /core/doc-openapi: any site may read the spec (it holds no personal data).
            response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["X-Request-ID"] = request.state.request_id
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

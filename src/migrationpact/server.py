"""The composition root: one FastAPI application with the ``/v1`` API and the web pages.

This is the only module that knows every front end. ``create_app`` builds the services from
the settings (``build_services``: the store, the users, the token verifier, the issuer; in demo
mode the demo users, passed in from here so that nothing below imports the demo), registers the
problem documents, mounts the API (``api.app``) and the pages (``web.views``), and wraps the
whole in ``services.limits.Edge``, outside the error handling: the request id, the body limit and
the headers every answer carries (the API version and the security headers), a 500 included;
around that ``observe.http.Observed`` counts, logs and traces every request by its route
template, and ``/metrics`` answers Prometheus (``services.metrics``; docs/operations.md).
Tracing is set up when the settings switch it on (``observe.tracing``).
``migrationpact serve`` runs ``migrationpact.server:create_app`` under uvicorn.

While the application runs, its lifespan runs the lapse scheduler (``services.scheduler``) when
the settings give it an interval: every server process has one, and the database lets one run
at a time; and the chain twin's runner (``services.twin_runner``), which runs the queued runs
one at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request, Response

from migrationpact.api import openapi
from migrationpact.api.app import API_VERSION, install_api
from migrationpact.auth.tokens import DevIssuer
from migrationpact.auth.users import UserDirectory
from migrationpact.demo.users import demo_directory
from migrationpact.observe import tracing
from migrationpact.observe.http import Observed
from migrationpact.services import problems
from migrationpact.services.container import Services
from migrationpact.services.limits import SECURITY_HEADERS, Edge, security_policy
from migrationpact.services.metrics import install as install_metrics
from migrationpact.services.scheduler import run_scheduler
from migrationpact.services.settings import ServiceSettings
from migrationpact.services.twin_runner import run_twin_runner
from migrationpact.store.eventstore import EventStore
from migrationpact.web.views import install as install_web

__all__ = ["SECURITY_HEADERS", "build_services", "create_app"]


class EdgedApp(FastAPI):
    """FastAPI with ``Edge`` around its whole middleware stack, the 500 handler included, and
    ``Observed`` (metrics, the request's log line and span) around that."""

    def __init__(self, *, settings: ServiceSettings, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.edge_settings = settings

    def build_middleware_stack(self) -> Any:
        return Observed(
            Edge(
                super().build_middleware_stack(),
                max_body=self.edge_settings.max_body_bytes,
                https=self.edge_settings.https,
                extra={"API-Version": API_VERSION, **_signing_out_elsewhere(self.edge_settings)},
            )
        )


def _signing_out_elsewhere(settings: ServiceSettings) -> dict[str, str]:
    """With sign-in at an OpenID Connect provider, the sign-out form's redirect goes on to the
    provider's end-session page, which the policy of the pages must allow."""
    if not settings.oidc_signin or settings.oidc_issuer is None:
        return {}
    issuer = urlsplit(settings.oidc_issuer)
    origin = f"{issuer.scheme}://{issuer.netloc}"
    return {"Content-Security-Policy": security_policy(form_origins=(origin,))}


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
    tracing.configure(settings.tracing)
    app = EdgedApp(
        settings=settings,
        title="migrationpact",
        version=API_VERSION,
        summary="Cases, deadlines and routing under the EU Pact on Migration and Asylum.",
        description="Every deadline cites its article and the rule-set version it was computed "
        "under. Sign in with a bearer token; each organisation sees only what its task needs.",
        openapi_url="/v1/openapi.json",
        docs_url=None,  # served by api.docs from this server, under the CSP
        redoc_url=None,
        license_info={"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        lifespan=lifespan,
        # FastAPI's own spans would carry the raw path (a case id); ``Observed`` traces instead.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.services = services or build_services(settings)
    problems.install(app)
    openapi.install(app, public_url=settings.public_url)
    install_api(app)
    install_web(app)
    install_metrics(app)
    install_headers(app)
    return app


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """While the server runs: the lapse scheduler, when the settings give it an interval, and
    the chain twin's runner, when they switch it on."""
    services: Services = app.state.services
    interval = services.settings.lapse_interval
    tasks = []
    if interval is not None:
        tasks.append(asyncio.create_task(run_scheduler(services.store, interval)))
    if services.settings.twin_runner:
        tasks.append(asyncio.create_task(run_twin_runner(services.store)))
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


def install_headers(app: FastAPI) -> None:
    """Let any site read the OpenAPI document; the other headers are ``Edge``'s."""

    @app.middleware("http")
    async def _headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        if request.url.path == "/v1/openapi.json":
            # /core/doc-openapi: any site may read the spec (it holds no personal data).
            response.headers["Access-Control-Allow-Origin"] = "*"
        return response

"""The FastAPI application: the ``/v1`` API, the issuer's documents, and the web pages.

NL GOV API Design Rules followed here: versioned paths (``/v1``), the major version in an
``API-Version`` response header, JSON with problem+json errors, cursor pagination, OpenAPI 3.1
at ``/v1/openapi.json``, no trailing slashes, and safe methods without side effects (reads only
add access-log rows).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from sqlalchemy import text

from migrationpact.api import openapi, problems
from migrationpact.api.cases.views import Found
from migrationpact.api.cases.views import router as cases_router
from migrationpact.api.docs import router as docs_router
from migrationpact.api.events.views import router as events_router
from migrationpact.api.identity.views import router as identity_router
from migrationpact.api.oversight.views import router as oversight_router
from migrationpact.api.problems import ProblemError
from migrationpact.api.reference.views import router as reference_router
from migrationpact.api.services import Services
from migrationpact.api.settings import ServiceSettings
from migrationpact.api.worklist.views import router as worklist_router
from migrationpact.store.database import read_transaction
from migrationpact.web.views import install as install_web

API_VERSION = "1.0.0"

_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"
    ),
}

health_router = APIRouter(tags=["health"])


def landing(found: Found) -> dict[str, Any]:
    base = found.settings.public_url.rstrip("/") + "/v1"
    return {
        "name": "migrationpact",
        "version": API_VERSION,
        "links": {"openapi": f"{base}/openapi.json", "docs": f"{base}/docs"},
    }


@health_router.get("/health", summary="Liveness and database reachability")
def health(found: Found) -> dict[str, str]:
    try:
        with read_transaction(found.engine) as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        raise ProblemError(503, "the database does not answer", kind="database-down") from exc
    return {"status": "ok"}


def v1_router() -> APIRouter:
    v1 = APIRouter(prefix="/v1")
    v1.add_api_route(
        "", landing, methods=["GET"], tags=["health"], summary="Landing page: docs and spec"
    )
    for router in (
        cases_router,
        events_router,
        worklist_router,
        reference_router,
        oversight_router,
        health_router,
    ):
        v1.include_router(router)
    return v1


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
    app.state.services = services or Services.build(settings)
    problems.install(app)
    openapi.install(app, public_url=settings.public_url)
    app.include_router(v1_router())
    app.include_router(identity_router)
    app.include_router(docs_router)
    install_web(app)

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
        for name, value in _SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app

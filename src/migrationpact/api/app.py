"""The API's routes: the ``/v1`` resources, health and the landing page, the issuer's documents.

NL GOV API Design Rules followed here: versioned paths (``/v1``), the major version in an
``API-Version`` response header, JSON with problem+json errors, cursor pagination, OpenAPI 3.1
at ``/v1/openapi.json``, no trailing slashes, and safe methods without side effects (reads only
add access-log rows).

``install_api`` adds these routes to an application; ``server.create_app`` builds that
application and mounts the web pages beside them, so the API knows nothing of the pages.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI
from sqlalchemy import text

from migrationpact.api.cases.views import Found
from migrationpact.api.cases.views import router as cases_router
from migrationpact.api.docs import router as docs_router
from migrationpact.api.events.views import router as events_router
from migrationpact.api.identity.views import router as identity_router
from migrationpact.api.monitoring.views import router as monitoring_router
from migrationpact.api.oversight.views import router as oversight_router
from migrationpact.api.people.views import router as people_router
from migrationpact.api.placements.views import router as placements_router
from migrationpact.api.reception.planning import router as reception_planning_router
from migrationpact.api.reception.views import router as reception_router
from migrationpact.api.reference.views import router as reference_router
from migrationpact.api.twin.views import router as twin_router
from migrationpact.api.worklist.views import router as worklist_router
from migrationpact.services.problems import ProblemError
from migrationpact.store.database import read_transaction

API_VERSION = "1.1.0"

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
        people_router,
        events_router,
        worklist_router,
        reference_router,
        oversight_router,
        reception_router,
        reception_planning_router,
        placements_router,
        health_router,
        monitoring_router,
        twin_router,
    ):
        v1.include_router(router)
    return v1


def install_api(app: FastAPI) -> None:
    """Add the ``/v1`` routes, the built-in issuer's documents and the API docs page to ``app``."""
    app.include_router(v1_router())
    app.include_router(identity_router)
    app.include_router(docs_router)

"""The monitoring register's own application, apart from the case-handling system.

``migrationpact monitor serve`` runs ``create_monitor_app`` under uvicorn: the register's pages
(``/monitoring…``, ``web.monitoring_serve``), its own sign-in (``/login``), and the open signal
route ``POST /v1/monitoring/signals`` (``api.monitoring.views``). It is the register's
composition root as ``server`` is the case system's: it builds the register's services
(``services.monitoring_serve``: the register, its own users, their sessions in the register's
database), passing the demo's register users in demo mode so that nothing below imports the
demo, and wraps the whole in the same ``services.limits.Edge`` (request id, body limit, the
security headers and content security policy) and ``observe.http.Observed`` (requests counted,
logged and traced by route template) as the case system; ``/metrics`` answers Prometheus
(``services.monitoring_metrics``). It never opens the case store:
it has none, and needs no case database to start.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI

from migrationpact.api.app import API_VERSION
from migrationpact.api.monitoring.views import router as signals_router
from migrationpact.demo.monitoring_users import register_directory
from migrationpact.monitoring.events import MAX_ATTACHMENTS_BYTES
from migrationpact.monitoring_store.register import Register
from migrationpact.observe import tracing
from migrationpact.observe.http import Observed
from migrationpact.services import monitoring_metrics, problems
from migrationpact.services.limits import Edge
from migrationpact.services.monitoring_serve import RegisterServices, users_file_from_env
from migrationpact.services.settings import ServiceSettings
from migrationpact.web import monitoring_serve

__all__ = ["REGISTER_MAX_BODY_BYTES", "build_register_services", "create_monitor_app"]

#: The register takes a signal with all its attachments: base64 in JSON adds a third, and the
#: rest of the request less than a mebibyte. So the register's own checks, not the edge's bare
#: 413, answer a file that is too large (``MIGRATIONPACT_MAX_BODY_BYTES`` may raise it further).
REGISTER_MAX_BODY_BYTES = -(-MAX_ATTACHMENTS_BYTES * 4 // 3) + (1 << 20)


class RegisterApp(FastAPI):
    """FastAPI with ``Edge`` around its whole middleware stack and ``Observed`` around that, as
    the case system's app."""

    def __init__(self, *, settings: ServiceSettings, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.edge_settings = settings

    def build_middleware_stack(self) -> Any:
        return Observed(
            Edge(
                super().build_middleware_stack(),
                max_body=max(self.edge_settings.max_body_bytes, REGISTER_MAX_BODY_BYTES),
                https=self.edge_settings.https,
                extra={"API-Version": API_VERSION},
            )
        )


def build_register_services(
    settings: ServiceSettings, *, register: Register | None = None, users_file: Path | None = None
) -> RegisterServices:
    """The register's services of ``settings`` (users file: ``$MIGRATIONPACT_MONITOR_USERS_FILE``
    when not given; in demo mode without one, the demo's register users)."""
    return RegisterServices.build(
        settings,
        register=register,
        users_file=users_file or users_file_from_env(),
        demo_users=register_directory,
    )


def create_monitor_app(
    settings: ServiceSettings | None = None, *, services: RegisterServices | None = None
) -> FastAPI:
    """The register's application; its services are built from the settings if absent."""
    settings = settings or ServiceSettings.from_env()
    tracing.configure(settings.tracing)
    app = RegisterApp(
        settings=settings,
        title="migrationpact monitoring register",
        version=API_VERSION,
        summary="The register of the Inspectie JenV and the College voor de Rechten van de Mens.",
        openapi_url="/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        license_info={"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
    )
    app.state.services = services or build_register_services(settings)
    problems.install(app)
    app.include_router(signals_router, prefix="/v1")
    monitoring_serve.install(app)
    monitoring_metrics.install(app)
    return app

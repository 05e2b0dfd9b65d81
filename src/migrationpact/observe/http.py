"""Every request counted, timed, logged and traced by its route template.

``Observed`` is a pure ASGI middleware that the composition root puts around everything else,
the edge (``services.limits.Edge``) included, so a refused body (413) and an error page (500)
are counted too. After the answer it knows the route the request matched, which the router left
in the scope: its template (``/v1/cases/{case_id}``, ``route_of``) is the label, never the path
itself, which may hold a case id; a request that matched no route is counted as ``unmatched``.
It then:

- counts the request and its duration (``metrics.REQUESTS``, ``metrics.LATENCY``);
- writes one log line (logger ``migrationpact.http``) with the method, the route template, the
  status, the duration in milliseconds and the request id;
- ends the request's span (``observe.tracing``), opened before the request went in.

``/metrics`` itself is neither counted nor logged, so a scrape every few seconds does not
drown the rest.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from opentelemetry.trace import SpanKind, Status, StatusCode

from migrationpact.observe import metrics
from migrationpact.observe.tracing import tracer

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

UNMATCHED = "unmatched"
METRICS_PATH = "/metrics"
log = logging.getLogger("migrationpact.http")
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def route_of(scope: Scope) -> str:
    """The template of the route the request matched (``unmatched`` when none did): FastAPI's
    effective route (with the prefixes of the routers it was included through) when it left
    one in the scope, else the route the router matched (a mount: its prefix).

    >>> from types import SimpleNamespace
    >>> route_of({"route": SimpleNamespace(path="/static")}), route_of({})
    ('/static', 'unmatched')
    >>> context = SimpleNamespace(path_format="/v1/cases/{case_id}")
    >>> route_of({"fastapi": {"effective_route_context": context}, "route": None})
    '/v1/cases/{case_id}'
    """
    fastapi_scope = scope.get("fastapi")
    if isinstance(fastapi_scope, dict):
        context = fastapi_scope.get("effective_route_context")
        template = getattr(context, "path_format", None)
        if isinstance(template, str) and template:
            return template
    path = getattr(scope.get("route"), "path", None)
    return path if isinstance(path, str) and path else UNMATCHED


class Observed:
    """The outermost ASGI layer: metrics, the request's log line and its span."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") == METRICS_PATH:
            await self.app(scope, receive, send)
            return
        method = scope.get("method", "GET")
        method = method if method in _METHODS else "OTHER"
        status = 500
        started = time.perf_counter()

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        with tracer().start_as_current_span(  # an exception's text may name a person: not kept
            f"{method} request",
            kind=SpanKind.SERVER,
            record_exception=False,
            set_status_on_exception=False,
        ) as span:
            try:
                await self.app(scope, receive, send_status)
            finally:
                elapsed = time.perf_counter() - started
                route = route_of(scope)
                request_id = scope.get("state", {}).get("request_id")
                metrics.REQUESTS.labels(method=method, route=route, status=str(status)).inc()
                metrics.LATENCY.labels(method=method, route=route).observe(elapsed)
                span.update_name(f"{method} {route}")
                span.set_attributes(
                    {
                        "http.request.method": method,
                        "http.route": route,
                        "http.response.status_code": status,
                        "migrationpact.request_id": request_id or "",
                    }
                )
                if status >= 500:
                    span.set_status(Status(StatusCode.ERROR))
                fields = {
                    "method": method,
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 1),
                }
                log.info(
                    "%s %s %d", method, route, status,
                    extra={"fields": fields, "request_id": request_id},
                )  # fmt: skip

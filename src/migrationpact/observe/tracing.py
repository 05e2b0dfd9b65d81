"""OpenTelemetry tracing, off unless ``MIGRATIONPACT_TRACING`` switches it on.

The edge of the service (``observe.http``) opens one span per request, named by its method
and route template (``GET /v1/cases/{case_id}``), with the route, the status code and the
request id as attributes and nothing from the path, the query or the body. Without a tracer
provider those spans cost nothing (the OpenTelemetry API's no-op tracer). ``configure`` sets
one up for the process:

- ``console``: finished spans are written to standard error, one JSON object a line, for a
  log shipper or a developer;
- ``otlp``: finished spans are sent by OTLP over HTTP (protobuf) to the collector that the
  standard ``OTEL_EXPORTER_OTLP_*`` variables name (``OTEL_EXPORTER_OTLP_ENDPOINT``, default
  ``http://localhost:4318``), by the pinned ``opentelemetry-exporter-otlp-proto-http``.

The service's name in the spans is ``migrationpact`` unless ``OTEL_SERVICE_NAME`` says
otherwise.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Any

from opentelemetry import trace

MODES = ("off", "console", "otlp")
TRACER_NAME = "migrationpact"
_configured: list[str] = []
_lock = threading.Lock()


class TracingError(ValueError):
    """Tracing cannot be set up as asked; the message is one line."""


def tracer() -> trace.Tracer:
    """The service's tracer (the API's no-op tracer until ``configure`` sets a provider)."""
    return trace.get_tracer(TRACER_NAME)


def exporter(mode: str) -> Any:
    """The span exporter of ``mode`` (``console`` or ``otlp``)."""
    if mode == "console":
        from opentelemetry.sdk.trace.export import ConsoleSpanExporter

        return ConsoleSpanExporter(
            out=sys.stderr, formatter=lambda span: span.to_json(indent=None) + os.linesep
        )
    if mode == "otlp":  # imported here: a process with tracing off does not load it
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter()
    raise TracingError(f"MIGRATIONPACT_TRACING must be one of {', '.join(MODES)}, not {mode!r}")


def configure(mode: str) -> bool:
    """Set up this process's tracer provider for ``mode``; False for ``off``. Once a process:
    a second call (a second application in one process) keeps the first provider."""
    if mode == "off":
        return False
    span_exporter = exporter(mode)
    with _lock:
        if _configured:
            return True
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor

        name = os.environ.get("OTEL_SERVICE_NAME", "migrationpact")
        provider = TracerProvider(resource=Resource.create({"service.name": name}))
        provider.add_span_processor(BatchSpanProcessor(span_exporter))
        trace.set_tracer_provider(provider)
        _configured.append(mode)
    return True

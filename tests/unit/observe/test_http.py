"""``observe.http.Observed``: a request counted, logged and traced by its route template, and
``observe.tracing``'s switch."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import MutableMapping
from types import SimpleNamespace
from typing import Any

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client import REGISTRY

from migrationpact.observe import http, tracing
from migrationpact.observe.logs import JsonFormatter, log_config

TEMPLATE = "/v1/cases/{case_id}"


async def _routed(scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
    """A stand-in for the application: the router leaves the route, then a 201."""
    scope["route"] = SimpleNamespace(path=TEMPLATE)
    scope.setdefault("state", {})["request_id"] = "req-7"
    await send({"type": "http.response.start", "status": 201, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


def _call(app: Any, path: str) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "headers": []}
    asyncio.run(app(scope, receive, send))
    return sent


@pytest.fixture
def spans(monkeypatch: pytest.MonkeyPatch) -> InMemorySpanExporter:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    monkeypatch.setattr(http, "tracer", lambda: provider.get_tracer("test"))
    return exporter


def test_a_request_is_counted_logged_and_traced_by_its_template(
    spans: InMemorySpanExporter, caplog: pytest.LogCaptureFixture
) -> None:
    labels = {"method": "POST", "route": TEMPLATE, "status": "201"}
    before = REGISTRY.get_sample_value("migrationpact_http_requests_total", labels) or 0.0
    with caplog.at_level(logging.INFO, logger="migrationpact.http"):
        sent = _call(http.Observed(_routed), "/v1/cases/C-SECRET-1")
    assert sent[0]["status"] == 201
    assert REGISTRY.get_sample_value("migrationpact_http_requests_total", labels) == before + 1
    (span,) = spans.get_finished_spans()
    assert span.name == f"POST {TEMPLATE}"
    assert span.attributes is not None
    assert span.attributes["http.route"] == TEMPLATE
    assert span.attributes["migrationpact.request_id"] == "req-7"
    assert "C-SECRET-1" not in json.dumps(dict(span.attributes))
    (record,) = caplog.records
    line = json.loads(JsonFormatter().format(record))
    assert (line["route"], line["status"], line["request_id"]) == (TEMPLATE, 201, "req-7")
    assert "C-SECRET-1" not in json.dumps(line)


def test_the_metrics_page_itself_is_not_counted(spans: InMemorySpanExporter) -> None:
    _call(http.Observed(_routed), "/metrics")
    assert spans.get_finished_spans() == ()


def test_tracing_is_off_unless_switched_on() -> None:
    assert tracing.configure("off") is False
    with pytest.raises(tracing.TracingError, match="must be one of off, console, otlp"):
        tracing.exporter("jaeger")


def test_the_log_configuration_switches_off_uvicorns_raw_paths() -> None:
    from uvicorn.config import LOGGING_CONFIG

    config = log_config(LOGGING_CONFIG, "text")
    assert config["loggers"]["uvicorn.access"] == {
        "handlers": [], "level": "WARNING", "propagate": False,
    }  # fmt: skip
    assert config["formatters"] == LOGGING_CONFIG["formatters"]
    with pytest.raises(ValueError, match="json, text"):
        log_config(LOGGING_CONFIG, "xml")


def test_a_failed_request_is_a_500_without_the_exceptions_text(
    spans: InMemorySpanExporter,
) -> None:
    async def failing(scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        scope["route"] = SimpleNamespace(path=TEMPLATE)
        raise RuntimeError("Zarifa Qasimi, born 1991-04-17")

    labels = {"method": "POST", "route": TEMPLATE, "status": "500"}
    before = REGISTRY.get_sample_value("migrationpact_http_requests_total", labels) or 0.0
    with pytest.raises(RuntimeError):
        _call(http.Observed(failing), "/v1/cases/C-1")
    assert REGISTRY.get_sample_value("migrationpact_http_requests_total", labels) == before + 1
    (span,) = spans.get_finished_spans()
    assert span.status.is_ok is False
    assert "Zarifa" not in (span.status.description or "")
    assert span.events == ()

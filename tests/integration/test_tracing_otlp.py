"""``MIGRATIONPACT_TRACING=otlp``: a request's span reaches an OTLP/HTTP collector (here a
receiver started by the test at the address ``OTEL_EXPORTER_OTLP_ENDPOINT`` names) as protobuf,
named by its route template, with nothing of the path in it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor

from migrationpact.observe import http, tracing
from tests.unit.observe.test_http import TEMPLATE, _call, _routed


class _Collector(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[str, str, bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.path, self.headers["Content-Type"], body))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:  # quiet
        pass


@pytest.fixture
def collector(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str, bytes]]]:
    _Collector.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", f"http://127.0.0.1:{server.server_port}")
    yield _Collector.received
    server.shutdown()
    server.server_close()


def test_a_span_reaches_the_collector_by_otlp_over_http(
    collector: list[tuple[str, str, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    provider = TracerProvider()  # this test's own, not the process's (configure sets that once)
    provider.add_span_processor(SimpleSpanProcessor(tracing.exporter("otlp")))
    monkeypatch.setattr(http, "tracer", lambda: provider.get_tracer("test"))
    _call(http.Observed(_routed), "/v1/cases/C-SECRET-1")
    provider.shutdown()
    ((path, kind, body),) = collector
    assert (path, kind) == ("/v1/traces", "application/x-protobuf")
    request = ExportTraceServiceRequest()
    request.ParseFromString(body)
    spans = [s for r in request.resource_spans for scope in r.scope_spans for s in scope.spans]
    assert [s.name for s in spans] == [f"POST {TEMPLATE}"]
    assert {a.key: a.value.string_value for a in spans[0].attributes}["http.route"] == TEMPLATE
    assert b"C-SECRET-1" not in body

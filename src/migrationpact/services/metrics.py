"""``/metrics``: what Prometheus scrapes, who may scrape it, and the figures read at scrape.

The counters and histograms are defined in ``observe.metrics`` and counted where their facts
happen. Added here, where the store is known, is ``DeadlineCollector``: the open and the
overdue deadlines per organisation that must act (``migrationpact_deadlines_open`` and
``migrationpact_deadlines_overdue``), counted in the database when Prometheus scrapes, so every
server process answers the same figures and none has to keep them up to date. Overdue: still
open although its end (``due_end``, Dutch time) has passed, as ``store.exceeded`` counts it.

The refused sign-ins are counted by the door the services build (``services.counted_door``).

Who may scrape: with ``MIGRATIONPACT_METRICS_TOKEN`` set, a request that carries
``Authorization: Bearer <token>`` (compared in constant time); without it, only a client on the
server's own machine (loopback; behind a reverse proxy with ``FORWARDED_ALLOW_IPS`` that is the
address the proxy forwards, so a remote client is refused). Anyone else gets a 404 problem
document: the page does not say that it exists.
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from fastapi import FastAPI, Request, Response
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from migrationpact.observe.http import METRICS_PATH
from migrationpact.observe.metrics import CONTENT_TYPE_LATEST, exposition
from migrationpact.services.problems import ProblemError
from migrationpact.services.recording import dutch_now
from migrationpact.store.database import read_transaction
from migrationpact.store.eventstore import EventStore
from migrationpact.store.tables import deadlines


class DeadlineCollector(Collector):
    """The open and overdue deadlines per organisation, counted in the database at scrape."""

    def __init__(self, store: EventStore) -> None:
        self.store = store

    def collect(self) -> Iterator[GaugeMetricFamily]:
        open_ = GaugeMetricFamily(
            "migrationpact_deadlines_open",
            "Open deadlines, by the organisation that must act.",
            labels=["organisation"],
        )
        overdue = GaugeMetricFamily(
            "migrationpact_deadlines_overdue",
            "Open deadlines whose end has passed, by the organisation that must act.",
            labels=["organisation"],
        )
        for organisation, count, late in self.counts():
            open_.add_metric([organisation], count)
            overdue.add_metric([organisation], late)
        yield open_
        yield overdue

    def counts(self) -> list[tuple[str, int, int]]:
        """(organisation, open deadlines, of which overdue), by organisation code."""
        d = deadlines.c
        now = dutch_now(self.store)
        late = func.count().filter(d.due_end <= now)
        query = (
            select(d.organisation, func.count(), late)
            .where(d.status == "open")
            .group_by(d.organisation)
            .order_by(d.organisation)
        )
        with read_transaction(self.store.engine) as conn:
            return [(str(o), int(n), int(m)) for o, n, m in conn.execute(query)]


def may_scrape(request: Request, token: str | None) -> bool:
    """Whether this request may read the metrics (see the module docstring)."""
    if token:
        given = request.headers.get("authorization", "")
        scheme, _, value = given.partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(
            value.strip().encode(), token.encode()
        )
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def install(app: FastAPI) -> None:
    """The case system's ``/metrics``: the deadlines beside the counted metrics."""
    install_route(app, lambda found: [DeadlineCollector(found.store)])


def install_route(app: FastAPI, collectors: Callable[[Any], Iterable[Collector]]) -> None:
    """The ``/metrics`` route of an app (outside the API's ``/v1`` and its OpenAPI document):
    the scrape rule above, then the counted metrics and ``collectors`` of the app's services
    (``app.state.services``), read now."""

    @app.get(METRICS_PATH, include_in_schema=False)
    def metrics(request: Request) -> Response:
        found = request.app.state.services
        if not may_scrape(request, found.settings.metrics_token):
            raise ProblemError(404, "there is nothing here")
        body = exposition(collectors(found))
        return Response(body, media_type=CONTENT_TYPE_LATEST)

"""``/metrics`` of the register's own application (``monitor serve``), as the case system has.

The register's process counts its requests by route template like the case system's
(``observe.http.Observed``), and adds, counted in the register's database at scrape, the open
monitoring files by the body that keeps them (``migrationpact_monitoring_files_open``): how
much work waits, for the bodies' own operators. Nothing else of the files: no references, no
content, no pseudonyms. Who may scrape is the case system's rule (``services.metrics``): the
bearer ``MIGRATIONPACT_METRICS_TOKEN``, or without one only the server's own machine.
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import FastAPI
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from migrationpact.monitoring_store.register import FILES, Register
from migrationpact.monitoring_store.tables import monitor_files
from migrationpact.services.metrics import install_route
from migrationpact.store.database import read_transaction


class OpenFilesCollector(Collector):
    """The open monitoring files per keeping body, counted in the register at scrape."""

    def __init__(self, register: Register) -> None:
        self.register = register

    def collect(self) -> Iterator[GaugeMetricFamily]:
        found = GaugeMetricFamily(
            "migrationpact_monitoring_files_open",
            "Open monitoring files, by the body that keeps them.",
            labels=["body"],
        )
        f = monitor_files.c
        query = (
            select(f.body, func.count())
            .where(f.status != "closed", f.reference.startswith(FILES.prefix))
            .group_by(f.body)
            .order_by(f.body)
        )
        with read_transaction(self.register.engine) as conn:
            for body, count in conn.execute(query):
                found.add_metric([str(body)], int(count))
        yield found


def install(app: FastAPI) -> None:
    """The register app's ``/metrics`` route (``services.metrics.install_route``)."""
    install_route(app, lambda found: [OpenFilesCollector(found.monitor_register)])

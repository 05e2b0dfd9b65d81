"""``migrationpact store``: maintenance of the projections (``store rebuild``)."""

from __future__ import annotations

from typing import Annotated

import typer

from migrationpact.cli.output import emit
from migrationpact.cli.store_common import DatabaseOption, JsonOption, store_at, store_errors

app = typer.Typer(name="store", help="Maintain the case store's projections.", no_args_is_help=True)


WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        min=1,
        help="Processes that replay the events (default: the number of CPUs).",
        show_default=False,
    ),
]


@app.command("rebuild")
def rebuild(
    database: DatabaseOption = None, as_json: JsonOption = False, workers: WorkersOption = None
) -> None:
    """Recompute case states and deadlines from the events (one transaction)."""
    from migrationpact.store import service

    store = store_at(database)
    with store_errors():
        report = service.rebuild_projections(store=store, workers=workers)
    emit(
        {"cases": report.cases, "events": report.events, "deadlines": report.deadlines},
        f"Rebuilt {report.cases} case(s) from {report.events} event(s); "
        f"{report.deadlines} deadline row(s).",
        as_json=as_json,
    )

"""``migrationpact store``: maintenance of the store: the projections (``store rebuild``), and
backups that prove themselves (``store backup``, ``store restore``: ``store.backup``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from migrationpact.cli.output import emit
from migrationpact.cli.store_common import DatabaseOption, JsonOption, store_at, store_errors

app = typer.Typer(
    name="store", help="Maintain the case store: projections, backups.", no_args_is_help=True
)


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


@app.command("backup")
def backup(
    to: Annotated[Path, typer.Option("--to", help="The backup file to write.")],
    database: DatabaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Back the store up to one file (SQLite: online backup; PostgreSQL: pg_dump), with a
    manifest of every hash chain's head beside it (FILE.manifest.json)."""
    from migrationpact.store.backup import backup as back_up
    from migrationpact.store.backup import manifest_path

    with store_errors():
        manifest = back_up(database, to)
    emit(
        _summary(manifest, to),
        f"Backed up {manifest.events} event(s) in {manifest.streams} stream(s) and "
        f"{manifest.access_log_rows} access-log row(s) to {to}; manifest {manifest_path(to)}.",
        as_json=as_json,
    )


@app.command("restore")
def restore(
    source: Annotated[Path, typer.Option("--from", help="The backup file to restore.")],
    database: DatabaseOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a database that already holds events.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Restore a backup made by ``store backup`` (stop the service first), then check that
    every chain's head is the one its manifest recorded; run ``audit verify`` after it."""
    from migrationpact.store.backup import restore as put_back

    with store_errors():
        manifest = put_back(database, source, force=force)
    emit(
        _summary(manifest, source),
        f"Restored {manifest.events} event(s) in {manifest.streams} stream(s) from {source} "
        f"(made {manifest.made_at}); every chain's head equals the manifest's.",
        as_json=as_json,
    )


def _summary(manifest: Any, path: Path) -> dict[str, Any]:
    return {
        "file": str(path),
        "backend": manifest.backend,
        "made_at": manifest.made_at,
        "revision": manifest.revision,
        "events": manifest.events,
        "streams": manifest.streams,
        "access_log_rows": manifest.access_log_rows,
        "sha256": manifest.sha256,
    }

"""``migrationpact audit verify``: check the record's integrity; exit 1 at the first fault.

Three checks, in this order: every stream's hash chain (``EventStore.verify``), the access log's
hash chain (``accesslog.verify_access_log``), and that the projections are what a replay of the
events gives (``projection_check``). Each names its first fault; any fault exits 1.
"""

from __future__ import annotations

from typing import Any

import typer

from migrationpact.cli.output import emit
from migrationpact.cli.store_common import DatabaseOption, JsonOption, store_at, store_errors

app = typer.Typer(
    name="audit", help="Check the integrity of the event record.", no_args_is_help=True
)


@app.command("verify")
def verify(database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """Recompute every event's and every access-log row's hash in chain order, and replay every
    case against its projection rows; name the first fault of each."""
    from migrationpact.store import service

    store = store_at(database)
    with store_errors():
        report = service.verify_chain(store=store)
        log = service.verify_access_log(store=store)
        projections = service.verify_projections(store=store)
    broken = report.broken
    data: dict[str, Any] = {
        "ok": report.ok and log.ok and projections.ok,
        "cases": report.cases,
        "events": report.events,
        "broken": None
        if broken is None
        else {
            "case_id": broken.case_id,
            "seq": broken.seq,
            "reason": broken.reason,
            "expected": broken.expected,
            "stored": broken.stored,
        },
        "access_log": {
            "ok": log.ok,
            "rows": log.rows,
            "broken": None if log.ok else {"id": log.broken_id, "reason": log.reason},
        },
        "projections": {
            "ok": projections.ok,
            "streams": projections.streams,
            "difference": projections.difference,
        },
    }
    lines = [
        f"Hash chains intact: {report.cases} case(s), {report.events} event(s)."
        if broken is None
        else f"BROKEN: {broken.describe()}",
        f"Access log chain intact: {log.rows} row(s)." if log.ok else f"BROKEN: {log.describe()}",
        f"Projections equal a replay: {projections.streams} stream(s)."
        if projections.ok
        else f"DIFFERENT: {projections.difference}",
    ]
    emit(data, "\n".join(lines), as_json=as_json)
    if not data["ok"]:
        raise typer.Exit(1)

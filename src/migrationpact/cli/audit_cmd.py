"""``migrationpact audit verify``: check every hash chain; exit 1 at the first broken link."""

from __future__ import annotations

import typer

from migrationpact.cli.output import emit
from migrationpact.cli.store_common import DatabaseOption, JsonOption, store_at, store_errors

app = typer.Typer(
    name="audit", help="Check the integrity of the event record.", no_args_is_help=True
)


@app.command("verify")
def verify(database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """Recompute every event's hash in chain order; name the first link that does not hold."""
    from migrationpact.store import service

    store = store_at(database)
    with store_errors():
        report = service.verify_chain(store=store)
    broken = report.broken
    data = {
        "ok": report.ok,
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
    }
    if broken is None:
        text = f"Hash chains intact: {report.cases} case(s), {report.events} event(s)."
    else:
        text = f"BROKEN: {broken.describe()}"
    emit(data, text, as_json=as_json)
    if broken is not None:
        raise typer.Exit(1)

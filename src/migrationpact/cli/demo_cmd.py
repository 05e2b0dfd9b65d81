"""``migrationpact demo`` (what ``make run`` runs): the system at work on demo data.

It computes the reference examples of the period engine, then migrates the database (SQLite
``./migrationpact.db`` unless told otherwise), records a dozen demo cases through the real
service layer — each event checked by the state machine — and shows each organisation's
worklist for today. Running it again records nothing new (idempotency keys).
"""

from __future__ import annotations

from datetime import date, datetime

import typer

from migrationpact.cli.store_common import DatabaseOption, parse_day, store_errors
from migrationpact.law.periods import compute_period, show

EXAMPLES: list[tuple[str, date | datetime, str, str, bool]] = [
    ("SCR-01 screening at the external border", date(2026, 6, 12), "7 days", "eu", True),
    ("APR-01 register the application", date(2026, 6, 22), "5 days", "pact", False),
    ("APR-04 lodge the application", date(2026, 12, 4), "21 days", "pact", False),
    ("AMMR-06 confirm a take-back notification", date(2026, 4, 13), "2 weeks", "pact", False),
    ("APR-16 asylum border procedure", date(2026, 6, 16), "12 weeks", "pact", True),
    ("AMMR-01 send a take-charge request", date(2026, 8, 31), "2 months", "pact", False),
    ("AMMR-10 carry out a transfer", date(2026, 8, 29), "6 months", "pact", False),
    ("Dublin III take-charge request", date(2026, 3, 31), "3 months", "dublin3", False),
    ("EDR-01 transmit biometrics", datetime(2026, 6, 15, 10, 15), "72 hours", "eu", False),
]
ORGANISATIONS = ("KMar", "IND", "COA")


def demo(
    database: DatabaseOption = None,
    today: str | None = typer.Option(None, "--today", help="Demo day (default: today)."),
) -> None:
    """Compute the reference examples, then record demo cases and show today's worklists."""
    typer.echo("== Periods: the reference examples, computed live\n")
    for title, start, length, regime, maximum in EXAMPLES:
        result = compute_period(start=start, length=length, regime=regime, maximum=maximum)
        typer.echo(f"-- {title}: ends {show(result.end)}")
        typer.echo(result.explain() + "\n")

    from migrationpact.cli.worklist_cmd import render_page
    from migrationpact.demo import load_demo
    from migrationpact.store import service

    day = parse_day(today, "--today")
    with store_errors():
        service.upgrade_database(database)
        store = service.open_store(database)
        typer.echo(f"== Cases: demo cases in {service.shown_url(database)}")
        results = load_demo(store=store, today=day, say=typer.echo)
        fresh = sum(1 for r in results if not r.repeated)
        typer.echo(f"{fresh} event(s) recorded, {len(results) - fresh} already there.\n")
        for organisation in ORGANISATIONS:
            page = service.worklist(
                store=store, organisation=organisation, as_of=day, within_days=7, limit=10
            )
            typer.echo("\n".join(render_page(page, within_days=7)) + "\n")
    typer.echo(
        "Next: migrationpact cases show DEMO-BORDER-1 · migrationpact route FACTS.json · "
        "migrationpact rules list · migrationpact --help"
    )

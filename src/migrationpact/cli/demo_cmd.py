"""``migrationpact demo``: the system at work on demo data, on the command line.

It computes the reference examples of the period engine, then migrates the database (SQLite
``./migrationpact.db`` unless told otherwise), records the demo stories and a few hundred
generated cases at every stage (``--cases``, default 300) through the real service layer — each
event checked by the state machine, recorded by the demo user of the organisation that would
really record it — and shows the cases per stage, the first lines of each organisation's
worklist for today and the demo users' logins. Running it again records nothing new.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import typer

from migrationpact.cli.errors import reported
from migrationpact.cli.store_common import DatabaseOption, parse_day, store_error_types
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
ORGANISATIONS = ("KMar", "IND", "COA", "DTenV")


def demo(
    database: DatabaseOption = None,
    today: str | None = typer.Option(None, "--today", help="Demo day (default: today)."),
    cases: Annotated[
        int, typer.Option("--cases", help="How many generated demo cases.", min=0)
    ] = 300,
) -> None:
    """Compute the reference examples, then record demo cases and show today's worklists."""
    typer.echo("== Periods: the reference examples, computed live\n")
    for title, start, length, regime, maximum in EXAMPLES:
        result = compute_period(start=start, length=length, regime=regime, maximum=maximum)
        typer.echo(f"-- {title}: ends {show(result.end)}")
        typer.echo(result.explain() + "\n")

    from migrationpact.cli.worklist_cmd import render_page
    from migrationpact.demo import load_demo
    from migrationpact.demo.population import DemoDayError
    from migrationpact.demo.users import demo_logins_text
    from migrationpact.store import service

    day = parse_day(today, "--today")
    with reported(*store_error_types(), DemoDayError):
        service.upgrade_database(database)
        store = service.open_store(database)
        typer.echo(f"== Cases: demo cases in {service.shown_url(database)}")
        summary = load_demo(store=store, today=day, cases=cases)
        typer.echo("\n".join(summary.lines()) + "\n")
        for organisation in ORGANISATIONS:
            page = service.worklist(
                store=store, organisation=organisation, as_of=day, within_days=7, limit=10
            )
            typer.echo("\n".join(render_page(page, within_days=7)) + "\n")
    typer.echo("== Demo users (demo only; never use them in production)")
    typer.echo(demo_logins_text() + "\n")
    typer.echo(
        "Next: migrationpact cases show DEMO-BORDER-1 · migrationpact cases list · "
        "migrationpact worklist --org IND · migrationpact serve --demo · migrationpact --help"
    )

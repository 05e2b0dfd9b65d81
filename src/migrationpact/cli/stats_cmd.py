"""``migrationpact stats eurostat``: the Eurostat tables from the events (``docs/statistics.md``).

``stats eurostat --table T --period P`` prints table T (a dataset code such as
``migr_asyappctzm``, or ``all``) for the period P (``YYYY-MM``, ``YYYY-Qn`` or ``YYYY``) as
SDMX-CSV (the default), plain CSV (``--format csv``) or JSON (``--format json``); ``--list``
prints the tables with their frequency and title. An unknown table or format, a malformed
period, one in the future or one that ends before the data start ends the command with one
line and exit code 2; nothing is written. The operator reads as ``--org`` (default
``$MIGRATIONPACT_ORGANISATION``, else the ministry's analyst); the access policy decides.
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from migrationpact.cli.cases_cmd import ActorOption
from migrationpact.cli.errors import InputError, reported
from migrationpact.cli.store_common import DatabaseOption, store_at, store_error_types

app = typer.Typer(name="stats", help="Statistics: the Eurostat tables.", no_args_is_help=True)


@app.command("eurostat")
def eurostat_command(
    table: Annotated[
        str | None, typer.Option("--table", help="A dataset code (see --list), or 'all'.")
    ] = None,
    period: Annotated[
        str | None, typer.Option("--period", help="YYYY-MM, YYYY-Qn or YYYY.")
    ] = None,
    format: Annotated[
        str, typer.Option("--format", help="sdmx-csv (default), csv or json.")
    ] = "sdmx-csv",
    listing: Annotated[bool, typer.Option("--list", help="List the tables and exit.")] = False,
    actor: ActorOption = None,
    org: Annotated[
        str | None,
        typer.Option("--org", help="For which organisation (default: the ministry)."),
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Eurostat's asylum and Dublin tables (Reg. 862/2007 Art. 4) for one period."""
    from migrationpact.cli.operator import operator
    from migrationpact.services.errors import ServiceError
    from migrationpact.services.eurostat import FORMATS, TABLES, eurostat_tables

    if listing:
        for code, t in sorted(TABLES.items()):
            typer.echo(f"{code:<16} {t.frequency}  {t.title}")
        return
    if table is None or period is None:
        raise InputError("give --table T (or all) and --period P, or --list")
    if format not in FORMATS:
        raise InputError(f"unknown format {format!r} (known: {', '.join(FORMATS)})")
    principal = operator(actor, org or os.environ.get("MIGRATIONPACT_ORGANISATION") or "ministry")
    store = store_at(database)
    with reported(ServiceError, *store_error_types()):
        answers = eurostat_tables(
            store=store,
            principal=principal,
            tables=None if table == "all" else [table],
            period=period,
        )
    for answer in answers:
        typer.echo(answer.text(format), nl=False)

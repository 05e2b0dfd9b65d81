"""``migrationpact report progress``: the implementation progress report of a period, to a file.

``--period`` a half-year (``2026-H2``), a quarter (``2026-Q3``) or a month (``2026-07``);
``--lang nl`` (default) or ``en``; ``--format html`` (default) or ``pdf``; ``--output FILE``.
The operator acts for ``--org`` (default ``$MIGRATIONPACT_ORGANISATION``, else ``ministry``,
whose analysts make the report). A malformed period, one that has not begun or one that ended
before 12 June 2026, a bad option or a missing directory: one line, exit code 2, nothing
written (``services.progress_report``; the document: ``services.progress_report_document``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from migrationpact.cli.cases_cmd import ActorOption
from migrationpact.cli.errors import InputError, reported
from migrationpact.cli.store_common import DatabaseOption, store_at, store_error_types

app = typer.Typer(help="Reports to parliament built from the cases.", no_args_is_help=True)
FORMATS = ("html", "pdf")
LANGUAGES = ("nl", "en")


@app.command("progress")
def progress_command(
    period: Annotated[
        str, typer.Option("--period", help="YYYY-H1/H2, YYYY-Q1..Q4, YYYY-MM or YYYY.")
    ],
    output: Annotated[Path, typer.Option("--output", help="The file to write.")],
    language: Annotated[str, typer.Option("--lang", help="nl or en.")] = "nl",
    format_: Annotated[str, typer.Option("--format", help="html or pdf.")] = "html",
    org: Annotated[
        str | None,
        typer.Option("--org", help="For which organisation (default: ministry)."),
    ] = None,
    actor: ActorOption = None,
    database: DatabaseOption = None,
) -> None:
    """Write the implementation progress report of PERIOD as HTML or PDF."""
    from migrationpact.cli.operator import configured_organisation, operator
    from migrationpact.services.progress_report import progress_report
    from migrationpact.services.progress_report_document import progress_document, progress_pdf

    if format_ not in FORMATS:
        raise InputError(f"--format is html or pdf, not {format_!r}")
    if language not in LANGUAGES:
        raise InputError(f"--lang is nl or en, not {language!r}")
    if not output.parent.is_dir():
        raise InputError(f"--output: there is no directory {output.parent}")
    who = operator(actor, org or configured_organisation() or "ministry")
    store = store_at(database)
    with reported(*store_error_types()):
        report = progress_report(store=store, principal=who, period=period)
    if format_ == "pdf":
        output.write_bytes(progress_pdf(report, language))
    else:
        output.write_text(progress_document(report, language), encoding="utf-8")
    typer.echo(f"report written to {output}")

"""``migrationpact monitor report``: the annual report of a body, or the joint one, to a file.

``--year Y`` and either ``--body B`` (the files B keeps, made by B's monitor) or ``--joint``
(both bodies' aggregate figures; the operator acts for ``--org`` or
``$MIGRATIONPACT_ORGANISATION``, and the process needs both keys); ``--public`` for the
version that may be published (small counts suppressed, no lists of files); ``--format html``
or ``pdf``; ``--language nl`` (default) or ``en``; ``--out FILE``. Nothing is written when the
report cannot be made (one line, exit code 2). The files hold the tables; the charts are the
pages' (``services.monitoring_report_document``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from migrationpact.cli.errors import InputError, reported
from migrationpact.cli.monitor_common import app, errors, known_body, open_register, principal
from migrationpact.cli.monitor_common import setting as group_setting

FORMATS = ("html", "pdf")
LANGUAGES = ("nl", "en")


@app.command("report")
def report_command(
    ctx: typer.Context,
    year: Annotated[int, typer.Option("--year", help="The calendar year the report covers.")],
    out: Annotated[Path, typer.Option("--out", help="The file to write.")],
    body: Annotated[
        str | None, typer.Option("--body", help="The body whose report: InspectieJenV or CRM.")
    ] = None,
    joint: Annotated[
        bool, typer.Option("--joint", help="The joint report of both bodies.")
    ] = False,
    public: Annotated[
        bool, typer.Option("--public", help="The public version (small numbers suppressed).")
    ] = False,
    format_: Annotated[str, typer.Option("--format", help="html or pdf.")] = "html",
    language: Annotated[str, typer.Option("--language", help="nl or en.")] = "nl",
) -> None:
    """Write the annual report of BODY (or --joint) for YEAR as HTML or PDF."""
    from migrationpact.cli.operator import configured_organisation
    from migrationpact.services.monitoring_report import JOINT, annual_report
    from migrationpact.services.monitoring_report_document import report_document, report_pdf

    if joint == (body is not None):
        raise InputError("give either --body B or --joint")
    if format_ not in FORMATS:
        raise InputError(f"--format is html or pdf, not {format_!r}")
    if language not in LANGUAGES:
        raise InputError(f"--language is nl or en, not {language!r}")
    if not out.parent.is_dir():
        raise InputError(f"--out: there is no directory {out.parent}")
    if body is not None:
        acting = known_body(body)
    else:
        given = group_setting(ctx).org or configured_organisation()
        if not given:
            raise InputError("--joint: say for which body you act with --org")
        acting = given
    who = principal(ctx, acting)
    register = open_register(ctx)
    with reported(*errors()):
        report = annual_report(
            register=register,
            principal=who,
            year=year,
            scope=JOINT if joint else acting,
            public=public,
        )
    if format_ == "pdf":
        out.write_bytes(report_pdf(report, language))
    else:
        out.write_text(report_document(report, language), encoding="utf-8")
    typer.echo(f"report written to {out}")
